"""The answers a kinship carer gives (the JSON accepted by ``cphub kinship classify|entitlements --answers`` and
kept in the public checker's session), validated with clear messages, and the checker's questions in order.

Every field is described once in :data:`FIELDS`; :func:`parse` checks a mapping against it and returns
:class:`Answers`, or raises :class:`AnswersError` listing every problem. ``docs/kinship.md`` documents the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cphub.kinship.definition import ORDERS, RELATIONSHIPS, Arrangement, MissingFact

YES_NO = {"yes": "Yes", "no": "No"}
YES_NO_UNSURE = {"yes": "Yes", "no": "No", "not_sure": "I'm not sure"}


@dataclass(frozen=True)
class Field:
    """One answer: its JSON name, kind (choice, bool, tribool = true/false/null, int), allowed values, whether it
    is required, and the question the checker asks."""

    name: str
    kind: str
    question: str
    hint: str = ""
    choices: Mapping[str, str] | None = None
    required: bool = False
    minimum: int = 0
    maximum: int = 0
    applies: Callable[[dict], bool] = lambda a: True


def _looked_after(a: dict) -> bool:
    return a.get("order") in ("care_order", "interim_care_order") or (
        a.get("order") == "none" and a.get("council_arranged") is True)


def _informal_path(a: dict) -> bool:
    return (a.get("order") == "none" and a.get("council_arranged") is False
            and a.get("relationship") not in ("close_relative", "parent", "step_parent", "none"))


def _child_age(a: dict) -> int:
    v = a.get("child_age")
    return v if isinstance(v, int) and not isinstance(v, bool) else -1


FIELDS: tuple[Field, ...] = (
    Field("relationship", "choice", "Who is the child living with?",
          "If the child has been adopted, choose who the adopter was to the child before the adoption.",
          RELATIONSHIPS, required=True),
    Field("order", "choice", "Has a court made an order about who the child lives with?",
          "Your paperwork from the family court will say which order it is.", ORDERS, required=True),
    Field("council_arranged", "bool",
          "Did the council (children's services) arrange for the child to live with you?",
          "Answer yes if the council placed the child with you or is looking after the child with the parents' "
          "agreement (section 20). Answer no if the family arranged it between themselves.",
          YES_NO, applies=lambda a: a.get("order") == "none"),
    Field("approved_foster_carer", "bool", "Are you approved as a foster carer for the child by the council?",
          "This includes temporary approval while your full assessment is done.", YES_NO, applies=_looked_after),
    Field("child_age", "int", "How old is the child?", "Their age in years today.", required=True, minimum=0,
          maximum=25),
    Field("days", "int", "How many days has the child lived with you, or how long is the plan for them to stay?",
          "Count the whole time, including days still planned. 28 days is 4 weeks.", minimum=0, maximum=10000,
          applies=lambda a: _informal_path(a) and 0 <= _child_age(a) < 18),
    Field("disabled", "bool", "Is the young person disabled?", "", YES_NO,
          applies=lambda a: _informal_path(a) and _child_age(a) in (16, 17)),
    Field("previously_looked_after", "tribool",
          "Was the child in the council's care immediately before the court order was made?",
          "For example, they lived with you as a foster child before the order.", YES_NO_UNSURE,
          applies=lambda a: a.get("order") in ("sgo", "cao", "adoption")),
    Field("looked_after_13_weeks", "tribool",
          "Has the young person been in care for at least 13 weeks in total since their 14th birthday?", "",
          YES_NO_UNSURE, applies=lambda a: _looked_after(a) and _child_age(a) >= 16),
    Field("ehc_plan", "tribool", "Does the child have an education, health and care (EHC) plan?", "",
          YES_NO_UNSURE),
    Field("has_social_worker", "tribool", "Does the child have a social worker?",
          "For example because of a child in need or child protection plan.", YES_NO_UNSURE,
          applies=lambda a: not _looked_after(a)),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}


class AnswersError(ValueError):
    """The answers are not valid; ``problems`` lists each as 'field: what is wrong'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Answers:
    arrangement: Arrangement
    previously_looked_after: bool | None = None
    looked_after_13_weeks: bool | None = None
    ehc_plan: bool | None = None
    has_social_worker: bool | None = None


def _check(f: Field, value: Any) -> tuple[Any, str | None]:
    if f.kind == "choice":
        if isinstance(value, str) and value in (f.choices or {}):
            return value, None
        return None, f"{f.name}: must be one of {', '.join(f.choices or {})} (got {value!r:.60})"
    if f.kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, f"{f.name}: must be true or false (got {value!r:.60})"
    if f.kind == "tribool":
        if value is None or isinstance(value, bool):
            return value, None
        return None, f"{f.name}: must be true, false or null for not sure (got {value!r:.60})"
    if isinstance(value, int) and not isinstance(value, bool) and f.minimum <= value <= f.maximum:
        return value, None
    return None, f"{f.name}: must be a whole number from {f.minimum} to {f.maximum} (got {value!r:.60})"


def parse(data: Any) -> Answers:
    """Validate a mapping of answers (see :data:`FIELDS`) and build :class:`Answers`; unknown fields, wrong types,
    missing required answers and a missing ``days`` where the definition needs it are all reported together."""
    if not isinstance(data, Mapping):
        raise AnswersError(["answers must be a JSON object of field names and values"])
    problems = [f"{k!s:.40}: unknown field (allowed: {', '.join(FIELD_BY_NAME)})" for k in data
                if k not in FIELD_BY_NAME]
    values: dict[str, Any] = {}
    for f in FIELDS:
        if f.name not in data:
            if f.required:
                problems.append(f"{f.name}: missing ({f.question})")
            continue
        v, err = _check(f, data[f.name])
        if err:
            problems.append(err)
        else:
            values[f.name] = v
    if problems:
        raise AnswersError(problems)
    council = values.get("council_arranged", False)
    arrangement = Arrangement(
        relationship=values["relationship"], order=values["order"], child_age=values["child_age"],
        accommodated_s20=council, council_major_role=council,
        approved_foster_carer=values.get("approved_foster_carer", False), disabled=values.get("disabled", False),
        days=values.get("days"))
    if arrangement.needs_days and arrangement.days is None:
        raise AnswersError([f"days: missing ({FIELD_BY_NAME['days'].question}) - it decides the type when the carer "
                            f"is not a close relative and there is no order or council arrangement"])
    return Answers(arrangement, values.get("previously_looked_after"), values.get("looked_after_13_weeks"),
                   values.get("ehc_plan"), values.get("has_social_worker"))


def applicable(answers: dict) -> list[Field]:
    """The questions that apply given the answers so far, in order (the checker asks these and only these)."""
    return [f for f in FIELDS if f.applies(answers)]


def relevant(answers: dict) -> dict:
    """The answers restricted to questions that still apply (a changed answer can make a later one irrelevant)."""
    names = {f.name for f in applicable(answers)}
    return {k: v for k, v in answers.items() if k in names}


def next_question(answers: dict) -> Field | None:
    """The first applicable question not yet answered, or ``None`` when the answers are complete."""
    for f in applicable(answers):
        if f.name not in answers:
            return f
    return None


def display(f: Field, value: Any) -> str:
    """A plain-English rendering of one answer, for 'Check your answers'."""
    if f.kind == "int":
        return f"{value} days" if f.name == "days" else f"{value}"
    if f.kind in ("bool", "tribool"):
        return {True: "Yes", False: "No", None: "I'm not sure"}[value]
    return (f.choices or {}).get(value, str(value))


__all__ = ["FIELDS", "Answers", "AnswersError", "MissingFact", "parse", "applicable", "relevant", "next_question"]
