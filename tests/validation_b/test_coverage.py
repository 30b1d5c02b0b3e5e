"""Every rule with a code of 400 or above has a passing and a failing hand-made case, and is a DfE code."""

import csv
import importlib.util
import re
from pathlib import Path

from cphub.ssda903.rules import RULES

HERE = Path(__file__).parent
# Rules whose cases live in their own test functions rather than in CASES.
OWN_TESTS = {"1005", "701"}


def number(code: str) -> int:
    m = re.match(r"(\d+)", code)
    return int(m.group(1)) if m else 0


def all_cases() -> list[tuple]:
    out = []
    for path in sorted(HERE.glob("test_rules_*.py")):
        spec = importlib.util.spec_from_file_location(f"_cov_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        out += mod.CASES
    return out


def test_every_rule_from_400_has_a_pass_and_a_fail_case():
    cases = all_cases()
    passing = {c[0] for c in cases if not c[-1]}
    failing = {c[0] for c in cases if c[-1]}
    mine = {code for code in RULES if number(code) >= 400 and not code.startswith(("SW", "INT"))}
    assert mine, "no rules registered"
    assert sorted(mine - passing - OWN_TESTS) == []
    assert sorted(mine - failing - OWN_TESTS) == []


def test_codes_are_published_dfe_codes():
    data = Path(__file__).resolve().parents[2] / "src" / "cphub" / "ssda903" / "data" / "rule_lists"
    published = set()
    for path in data.glob("903_*_rules.csv"):
        with open(path, newline="", encoding="utf-8") as fh:
            published |= {r["code"] for r in csv.DictReader(fh)}
    mine = {code for code in RULES if number(code) >= 400}
    assert published
    assert sorted(mine - published) == []


def test_validation_rules_doc_is_current():
    """docs/validation-rules.md is generated from the rule registries, the DfE lists and the test cases."""
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("_gen_validation_doc", root / "scripts" / "gen_validation_doc.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    doc = root / "docs" / "validation-rules.md"
    assert doc.read_text(encoding="utf-8") == gen.render(gen.current_notes()), (
        "docs/validation-rules.md is stale: run `.venv/bin/python scripts/gen_validation_doc.py`")


def test_every_implemented_rule_has_a_test_case():
    """The coverage table lists each implemented rule's test cases; none may be without one."""
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("_gen_validation_doc", root / "scripts" / "gen_validation_doc.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    from cphub.cin.rules import CIN_RULES

    tested = gen.test_cases(gen.SSDA903_TESTS, set(RULES))
    cin_tested = gen.test_cases(gen.CIN_TESTS, set(CIN_RULES))
    assert sorted(set(RULES) - set(tested)) == []
    assert sorted(set(CIN_RULES) - set(cin_tested)) == []
