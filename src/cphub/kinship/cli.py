"""``cphub kinship classify --answers FILE.json`` and ``cphub kinship entitlements --answers FILE.json``.

Both read an answers file (schema in ``docs/kinship.md``); invalid answers print each problem and exit with 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from cphub.kinship.answers import AnswersError, parse
from cphub.kinship.definition import classify
from cphub.kinship.entitlements import Context, as_text, check, default_local_offer, national


def _load(path: str):
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise AnswersError([f"cannot read {path}: {exc.strerror}"]) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AnswersError([f"{path} is not valid JSON: {exc}"]) from exc
    return parse(data)


def _classify(args) -> int:
    try:
        answers = _load(args.answers)
    except AnswersError as exc:
        return _fail(exc)
    print(json.dumps(classify(answers.arrangement).as_dict(), indent=2))
    return 0


def _entitlements(args) -> int:
    try:
        answers = _load(args.answers)
    except AnswersError as exc:
        return _fail(exc)
    items = national() + ([] if args.no_local_offer else default_local_offer())
    kinship, results = check(answers, items, Context(allowance_pathfinder=args.pathfinder))
    if args.format == "json":
        print(json.dumps({"kinship": kinship.as_dict(), "entitlements": [r.as_dict() for r in results]}, indent=2))
    else:
        sys.stdout.write(as_text(kinship, results))
    return 0


def _fail(exc: AnswersError) -> int:
    print("The answers are not valid:", file=sys.stderr)
    for p in exc.problems:
        print(f"  - {p}", file=sys.stderr)
    return 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kinship", help="Kinship care: classify an arrangement, list entitlements")
    ks = p.add_subparsers(dest="kinship_command", required=True, metavar="SUBCOMMAND")
    c = ks.add_parser("classify", help="Which type of the December 2023 definition of kinship care applies")
    c.add_argument("--answers", required=True, metavar="FILE.json", help="Answers file (see docs/kinship.md)")
    c.set_defaults(func=_classify)
    e = ks.add_parser("entitlements", help="What the family can get now, and what to ask about")
    e.add_argument("--answers", required=True, metavar="FILE.json", help="Answers file (see docs/kinship.md)")
    e.add_argument("--format", choices=["json", "text"], default="text")
    e.add_argument("--pathfinder", action="store_true", help="The council is in the kinship allowance pathfinder")
    e.add_argument("--no-local-offer", action="store_true", help="National entitlements only")
    e.set_defaults(func=_entitlements)
