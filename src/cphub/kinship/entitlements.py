"""Entitlements of kinship families, encoded as data, and a small rule language to decide who qualifies.

Each entitlement is one record (``data/entitlements.json`` for the national ones, ``data/local_offer.json`` for the
council's default local offer, which administrators then edit): ``id``, ``name``, ``rule`` (who qualifies),
``gives``, ``how`` (how to get it), ``source`` and ``date`` of the source document.

A rule is JSON: a condition name from :data:`CONDITIONS` (``"sgo"``), ``{"all": [rules]}``, ``{"any": [rules]}`` or
``{"not": rule}``. Conditions are three-valued: true, false or unknown (``None``, when the carer answered "not
sure"). ``all``/``any``/``not`` follow Kleene logic, so a result is "can get now" (true), "may be entitled - check"
(unknown, with the questions to ask) or "not eligible" (false).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from cphub.kinship.answers import Answers
from cphub.kinship.definition import Classification, MissingFact, classify

NOW, CHECK, NO = "now", "check", "no"
STATUS_LABELS = {NOW: "Can get now", CHECK: "May be entitled - check", NO: "Not eligible"}


@dataclass(frozen=True)
class Context:
    """Council settings the rules read: whether the council is in the kinship allowance pathfinder."""

    allowance_pathfinder: bool = False


@dataclass(frozen=True)
class Facts:
    """What the rules read. ``legal`` is the type of the arrangement ignoring the age limit of the definition, so a
    young adult who was under a special guardianship order still meets ``sgo`` for support that runs past 18
    (the support fund to 21 or 25, staying put, a personal adviser); ``kinship`` is the definition's answer."""

    answers: Answers
    kinship: Classification
    context: Context
    legal: Classification | None = None

    @property
    def type(self) -> str:
        return (self.legal or self.kinship).type


@dataclass(frozen=True)
class Condition:
    """A named condition: what it means, and what to ask when it is unknown."""

    description: str
    test: Callable[[Facts], bool | None]
    ask: str = ""


def _type(*types: str) -> Callable[[Facts], bool]:
    return lambda f: f.type in types


def _aged_between(lo: int, hi: int) -> Callable[[Facts], bool]:
    return lambda f: lo <= f.answers.arrangement.child_age <= hi


CONDITIONS: dict[str, Condition] = {
    "kinship": Condition("The child is in kinship care of any type (definition, clause 1)",
                         lambda f: f.kinship.is_kinship),
    "informal": Condition("Informal kinship care (clause 2(a))", _type("informal")),
    "private_fostering": Condition("Private fostering (clause 2(b))", _type("private_fostering")),
    "cao": Condition("A 'lives with' child arrangements order (clause 2(c))", _type("cao")),
    "sgo": Condition("A special guardianship order (clause 2(d))", _type("sgo")),
    "kinship_foster": Condition("Kinship foster care (clause 2(e))", _type("kinship_foster")),
    "adoption": Condition("Adoption by a friend or family member (clause 2(f))", _type("adoption")),
    "looked_after": Condition("The child is looked after by the council (care order, interim care order or section 20)",
                              lambda f: f.type != "not_kinship" and f.answers.arrangement.looked_after),
    "previously_looked_after": Condition(
        "The child was looked after immediately before the adoption, special guardianship or child arrangements order",
        lambda f: f.answers.previously_looked_after,
        "Ask the council's children's services (or check the court papers) whether the child was in care "
        "immediately before the order."),
    "looked_after_13_weeks": Condition(
        "The young person has been looked after for 13 weeks or more in total since age 14",
        lambda f: f.answers.looked_after_13_weeks,
        "Ask the young person's social worker whether they have been in care for 13 weeks since age 14 (this "
        "makes them an 'eligible' child and a care leaver later)."),
    "ehc_plan": Condition("The child has an education, health and care plan", lambda f: f.answers.ehc_plan,
                          "Ask the school's SENCO or the council's SEND team whether the child has an EHC plan."),
    "has_social_worker": Condition("The child has a social worker", lambda f: f.answers.has_social_worker,
                                   "Ask children's services whether the child has an allocated social worker."),
    "under_18": Condition("The child is under 18", _aged_between(0, 17)),
    "under_21": Condition("The young person is under 21", _aged_between(0, 20)),
    "under_25": Condition("The young person is under 25", _aged_between(0, 24)),
    "aged_16_plus": Condition("The young person is 16 or older", _aged_between(16, 99)),
    "early_years": Condition("The child is 2 to 4 (early years)", _aged_between(2, 4)),
    "school_age": Condition("The child is of school age (reception to year 11, ages 4 to 15)", _aged_between(4, 15)),
    "allowance_pathfinder": Condition("The council takes part in the kinship allowance pathfinder",
                                      lambda f: f.context.allowance_pathfinder),
}


class RuleError(ValueError):
    """A rule or entitlement record is malformed."""


def check_rule(rule: Any, where: str = "rule") -> None:
    """Raise :class:`RuleError` with a clear message unless ``rule`` is a well-formed rule."""
    if isinstance(rule, str):
        if rule not in CONDITIONS:
            raise RuleError(f"{where}: unknown condition {rule!r:.40} (known: {', '.join(CONDITIONS)})")
        return
    if isinstance(rule, Mapping) and len(rule) == 1:
        (op, arg), = rule.items()
        if op in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                raise RuleError(f"{where}: '{op}' needs a non-empty list of rules")
            for i, r in enumerate(arg):
                check_rule(r, f"{where}.{op}[{i}]")
            return
        if op == "not":
            check_rule(arg, f"{where}.not")
            return
    raise RuleError(f"{where}: a rule is a condition name or an object with one key, 'all', 'any' or 'not'")


def evaluate(rule: Any, facts: Facts, unknown: list[str] | None = None) -> bool | None:
    """Kleene three-valued evaluation; names of conditions found unknown are appended to ``unknown``."""
    if isinstance(rule, str):
        value = CONDITIONS[rule].test(facts)
        if value is None and unknown is not None and rule not in unknown:
            unknown.append(rule)
        return value
    (op, arg), = rule.items()
    if op == "not":
        v = evaluate(arg, facts, unknown)
        return None if v is None else not v
    values = [evaluate(r, facts, unknown) for r in arg]
    if op == "all":
        return False if False in values else (None if None in values else True)
    return True if True in values else (None if None in values else False)


@dataclass(frozen=True)
class Entitlement:
    id: str
    name: str
    rule: Any
    gives: str
    how: str
    source: str
    date: str
    scope: str = "national"


RECORD_FIELDS = ("id", "name", "rule", "gives", "how", "source", "date")


def entitlement_from(record: Mapping, scope: str = "national") -> Entitlement:
    """Build one entitlement from a record, checking every field and the rule."""
    if not isinstance(record, Mapping):
        raise RuleError("an entitlement must be an object")
    ident = str(record.get("id", "?"))[:40]
    missing = [k for k in RECORD_FIELDS if k not in record]
    if missing:
        raise RuleError(f"entitlement {ident}: missing {', '.join(missing)}")
    for k in RECORD_FIELDS:
        if k != "rule" and (not isinstance(record[k], str) or not record[k].strip()):
            raise RuleError(f"entitlement {ident}: {k} must be non-empty text")
    check_rule(record["rule"], f"entitlement {ident}: rule")
    return Entitlement(**{k: record[k] for k in RECORD_FIELDS}, scope=scope)


def load(name: str, scope: str) -> list[Entitlement]:
    data = json.loads(resources.files("cphub.kinship").joinpath("data", name).read_text(encoding="utf-8"))
    items = [entitlement_from(r, scope) for r in data["entitlements"]]
    ids = [e.id for e in items]
    if len(ids) != len(set(ids)):
        raise RuleError(f"{name}: duplicate ids")
    return items


def national() -> list[Entitlement]:
    """The national entitlements (``data/entitlements.json``)."""
    return load("entitlements.json", "national")


def default_local_offer() -> list[Entitlement]:
    """The default local offer a new installation starts from (``data/local_offer.json``)."""
    return load("local_offer.json", "local")


@dataclass(frozen=True)
class Result:
    entitlement: Entitlement
    status: str
    asks: tuple[str, ...] = field(default=())
    reason: str = ""  # why it does not apply (status NO), in everyday words

    def as_dict(self) -> dict:
        e = self.entitlement
        return {"id": e.id, "name": e.name, "status": self.status, "status_label": STATUS_LABELS[self.status],
                "gives": e.gives, "how": e.how, "what_to_ask": list(self.asks), "source": e.source, "date": e.date,
                "scope": e.scope, "reason": self.reason}


PLAIN: dict[str, str] = {
    "kinship": "the child is in kinship care",
    "informal": "the family arranged the care without a court order",
    "private_fostering": "the arrangement is private fostering",
    "cao": "a court has made a child arrangements order for the child to live with you",
    "sgo": "you are the child's special guardian",
    "kinship_foster": "you are the child's approved foster carer",
    "adoption": "you adopted the child",
    "looked_after": "the council looks after the child (they are in care)",
    "previously_looked_after": "the child was in care just before the court order",
    "looked_after_13_weeks": "the young person has been in care for 13 weeks since age 14",
    "ehc_plan": "the child has an education, health and care (EHC) plan",
    "has_social_worker": "the child has a social worker",
    "under_18": "the child is under 18",
    "under_21": "the young person is under 21",
    "under_25": "the young person is under 25",
    "aged_16_plus": "the young person is 16 or older",
    "early_years": "the child is 2 to 4 years old",
    "school_age": "the child is of school age (4 to 15)",
    "allowance_pathfinder": "the council takes part in the kinship allowance pilot",
}
"""Each condition of :data:`cphub.kinship.entitlements.CONDITIONS` in everyday words."""


def requirement(rule: Any) -> str:
    """A rule in everyday words: "you are the child's special guardian or ... and the child is under 18"."""
    if isinstance(rule, str):
        return PLAIN.get(rule, rule)
    (op, arg), = rule.items()
    if op == "not":
        return f"it is not the case that {requirement(arg)}"
    parts = [requirement(r) if isinstance(r, str) or "not" in r else f"({requirement(r)})" for r in arg]
    return (" and " if op == "all" else " or ").join(parts)


def why_not(rule: Any, facts: Facts) -> str:
    """Why an entitlement whose rule evaluates false does not apply: the parts of an "all" rule that are false, or
    the whole rule otherwise, in everyday words ("It is only for families where ...")."""
    if isinstance(rule, dict) and "all" in rule:
        failing = [r for r in rule["all"] if evaluate(r, facts) is False]
        if failing:
            return "It is only for families where " + " and ".join(requirement(r) for r in failing) + "."
    return "It is only for families where " + requirement(rule) + "."


def check(answers: Answers, entitlements: Iterable[Entitlement] | None = None,
          context: Context = Context()) -> tuple[Classification, list[Result]]:
    """Classify the arrangement and evaluate every entitlement against it."""
    kinship = classify(answers.arrangement)
    legal = kinship
    if answers.arrangement.child_age >= 18:
        try:
            legal = classify(replace(answers.arrangement, child_age=17))
        except MissingFact:
            pass
    facts = Facts(answers, kinship, context, legal)
    results = []
    for e in (national() if entitlements is None else entitlements):
        unknown: list[str] = []
        v = evaluate(e.rule, facts, unknown)
        status = NOW if v else (NO if v is False else CHECK)
        asks = tuple(CONDITIONS[c].ask for c in unknown) if status == CHECK else ()
        results.append(Result(e, status, asks, why_not(e.rule, facts) if status == NO else ""))
    return kinship, results


def grouped(results: Iterable[Result]) -> dict[str, list[Result]]:
    out: dict[str, list[Result]] = {NOW: [], CHECK: [], NO: []}
    for r in results:
        out[r.status].append(r)
    return out


def as_text(kinship: Classification, results: list[Result]) -> str:
    """A plain-text summary: the type, then what the family can get now and what to ask about."""
    lines = [f"Type: {kinship.label} (clause {kinship.clause})", kinship.reason, ""]
    g = grouped(results)
    for status, title in ((NOW, "What you can get now"), (CHECK, "What to ask about"), (NO, "Not eligible")):
        lines.append(f"{title}:")
        if not g[status]:
            lines.append("  (none)")
        for r in g[status]:
            lines.append(f"  - {r.entitlement.name}: {r.entitlement.gives}")
            if status != NO:
                lines.append(f"    How: {r.entitlement.how}")
            else:
                lines.append(f"    Why not: {r.reason}")
            for a in r.asks:
                lines.append(f"    Ask: {a}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
