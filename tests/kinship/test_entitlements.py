"""Entitlement rules over hand-made families; each test names the rule's source."""

from __future__ import annotations

import json

import pytest

from cphub.kinship.answers import AnswersError, next_question, parse, relevant
from cphub.kinship.entitlements import (
    CHECK,
    NO,
    NOW,
    Context,
    RuleError,
    check,
    check_rule,
    default_local_offer,
    entitlement_from,
    evaluate,
    national,
)


def status(answers: dict, context: Context | None = None) -> dict[str, str]:
    _, results = check(parse(answers), national(), context if context is not None else Context())
    return {r.entitlement.id: r.status for r in results}


SGO_FROM_CARE = {"relationship": "close_relative", "order": "sgo", "child_age": 9, "previously_looked_after": True,
                 "ehc_plan": False, "has_social_worker": False}


def test_national_records_are_complete_and_unique():
    items = national()
    assert len({e.id for e in items}) == len(items) >= 15
    assert all(e.source and e.date and e.how and e.gives for e in items)
    assert default_local_offer()


def test_sgo_from_care_gets_pp_plus_admissions_fund_and_vs_advice():
    s = status(SGO_FROM_CARE)
    # VSH role extension (Sept 2024); PP+ conditions of grant; Admissions Code 1.7 and 3.17; ASGSF
    for eid in ("vs_advice", "vs_strategic", "pupil_premium_plus", "priority_admissions", "fair_access", "asgsf",
                "sgo_support", "training", "peer_support", "helpline"):
        assert s[eid] == NOW, eid
    for eid in ("pep", "fostering_allowance", "staying_put", "personal_adviser", "private_fostering_visits",
                "allowance_pathfinder", "advocacy"):
        assert s[eid] == NO, eid


def test_sgo_not_from_care_gets_vs_advice_but_not_pp_plus():
    s = status({**SGO_FROM_CARE, "previously_looked_after": False})
    assert s["vs_advice"] == NOW and s["fair_access"] == NOW
    assert s["pupil_premium_plus"] == NO and s["priority_admissions"] == NO and s["asgsf"] == NO


def test_unknown_previously_looked_after_means_check_with_what_to_ask():
    answers = parse({**SGO_FROM_CARE, "previously_looked_after": None})
    _, results = check(answers, national())
    pp = next(r for r in results if r.entitlement.id == "pupil_premium_plus")
    assert pp.status == CHECK and any("in care" in a for a in pp.asks)


def test_informal_carers_get_no_vs_advice_but_national_offer():
    # strategy table: VSHs are not expected to advise informal carers; training and peer support for all
    s = status({"relationship": "close_relative", "order": "none", "council_arranged": False, "child_age": 7,
                "has_social_worker": None})
    assert s["vs_advice"] == NO and s["vs_strategic"] == NOW and s["training"] == NOW and s["peer_support"] == NOW
    assert s["advocacy"] == CHECK  # depends on having a social worker (advocacy standards)


def test_allowance_pathfinder_is_a_council_setting():
    assert status(SGO_FROM_CARE)["allowance_pathfinder"] == NO
    assert status(SGO_FROM_CARE, Context(allowance_pathfinder=True))["allowance_pathfinder"] == NOW
    cao = {**SGO_FROM_CARE, "order": "cao"}
    assert status(cao, Context(allowance_pathfinder=True))["allowance_pathfinder"] == NO  # special guardians only


def test_support_fund_age_limits_21_or_25_with_ehc_plan():
    assert status({**SGO_FROM_CARE, "child_age": 20})["asgsf"] == NOW
    assert status({**SGO_FROM_CARE, "child_age": 21})["asgsf"] == NO
    assert status({**SGO_FROM_CARE, "child_age": 21, "ehc_plan": True})["asgsf"] == NOW
    assert status({**SGO_FROM_CARE, "child_age": 21, "ehc_plan": None})["asgsf"] == CHECK
    assert status({**SGO_FROM_CARE, "child_age": 25, "ehc_plan": True})["asgsf"] == NO


def test_kinship_foster_care_gets_pep_staying_put_and_pa_when_eligible():
    fost = {"relationship": "close_relative", "order": "care_order", "approved_foster_carer": True, "child_age": 16,
            "looked_after_13_weeks": True}
    s = status(fost)
    for eid in ("pep", "priority_admissions", "fostering_allowance", "staying_put", "personal_adviser", "advocacy"):
        assert s[eid] == NOW, eid
    assert s["pupil_premium_plus"] == NO  # PP+ stops after year 11 (age 15)
    assert status({**fost, "child_age": 15})["pupil_premium_plus"] == NOW
    assert s["vs_advice"] == NO and s["fair_access"] == NO
    assert status({**fost, "looked_after_13_weeks": None})["personal_adviser"] == CHECK
    assert status({**fost, "child_age": 15, "looked_after_13_weeks": None})["personal_adviser"] == NO


def test_young_adults_keep_support_that_runs_past_18():
    # Glossary 'Child': 20 is not a child, but the support fund (to 21) and staying put (to 21) continue
    _, results = check(parse({**SGO_FROM_CARE, "child_age": 20}), national())
    s = {r.entitlement.id: r.status for r in results}
    assert s["asgsf"] == NOW and s["pupil_premium_plus"] == NO and s["training"] == NO
    fost = {"relationship": "close_relative", "order": "care_order", "approved_foster_carer": True, "child_age": 19,
            "looked_after_13_weeks": True}
    assert status(fost)["staying_put"] == NOW


def test_not_kinship_gets_nothing():
    s = status({"relationship": "parent", "order": "none", "council_arranged": False, "child_age": 8})
    assert set(s.values()) == {NO}


def test_rule_language_is_three_valued():
    facts_sgo = check(parse({**SGO_FROM_CARE, "ehc_plan": None}), [])[0]
    from cphub.kinship.entitlements import Facts
    f = Facts(parse({**SGO_FROM_CARE, "ehc_plan": None}), facts_sgo, Context())
    assert evaluate({"any": ["ehc_plan", "sgo"]}, f) is True
    assert evaluate({"all": ["ehc_plan", "sgo"]}, f) is None
    assert evaluate({"all": ["ehc_plan", "cao"]}, f) is False
    assert evaluate({"not": "ehc_plan"}, f) is None
    unknown: list[str] = []
    evaluate({"all": ["sgo", "ehc_plan"]}, f, unknown)
    assert unknown == ["ehc_plan"]


@pytest.mark.parametrize("rule, message", [
    ("sgoo", "unknown condition"), ({"all": []}, "non-empty list"), ({"xor": ["sgo"]}, "one key"),
    ({"all": ["sgo"], "any": ["cao"]}, "one key"), (3, "condition name"), ({"not": "nope"}, "unknown condition"),
])
def test_malformed_rules_are_refused_clearly(rule, message):
    with pytest.raises(RuleError, match=message):
        check_rule(rule)


def test_malformed_records_are_refused():
    with pytest.raises(RuleError, match="missing"):
        entitlement_from({"id": "x", "name": "n"})
    with pytest.raises(RuleError, match="non-empty text"):
        entitlement_from({"id": "x", "name": "", "rule": "sgo", "gives": "g", "how": "h", "source": "s", "date": "d"})


@pytest.mark.parametrize("data, fragment", [
    ([], "JSON object"),
    ({"relationship": "friend", "order": "none", "child_age": 10}, "days: missing"),
    ({"relationship": "friend", "order": "none", "child_age": True}, "whole number"),
    ({"relationship": "friend", "order": "none", "child_age": 10, "days": -1}, "days: must be"),
    ({"relationship": "aunt", "order": "sgo", "child_age": 10}, "relationship: must be one of"),
    ({"relationship": "friend", "order": "sgo", "child_age": 10, "ehc_plan": "yes"}, "true, false or null"),
    ({"order": "sgo", "child_age": 10, "<script>": 1}, "unknown field"),
])
def test_answers_errors_are_clear(data, fragment):
    with pytest.raises(AnswersError) as exc:
        parse(data)
    assert any(fragment in p for p in exc.value.problems)


def test_question_flow_asks_only_what_applies():
    a: dict = {}
    asked = []
    script = {"relationship": "friend", "order": "none", "council_arranged": False, "child_age": 16, "days": 40,
              "disabled": True, "ehc_plan": True, "has_social_worker": False}
    while (q := next_question(a)) is not None:
        asked.append(q.name)
        a[q.name] = script[q.name]
    assert asked == list(script)
    assert check(parse(a), [])[0].type == "private_fostering"
    # changing the order to an SGO makes the informal-path answers irrelevant and asks about care before the order
    a["order"] = "sgo"
    a = relevant(a)
    assert "days" not in a and "council_arranged" not in a
    assert next_question(a).name == "previously_looked_after"


def test_cli_classify_and_entitlements(tmp_path, capsys):
    import argparse

    from cphub.kinship.cli import register
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    f = tmp_path / "a.json"
    f.write_text(json.dumps(SGO_FROM_CARE))
    args = parser.parse_args(["kinship", "classify", "--answers", str(f)])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["clause"] == "2(d)"
    args = parser.parse_args(["kinship", "entitlements", "--answers", str(f), "--format", "json"])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert {e["id"]: e["status"] for e in out["entitlements"]}["pupil_premium_plus"] == "now"
    f.write_text("{not json")
    assert args.func(args) == 2
    assert "not valid JSON" in capsys.readouterr().err


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

JSONISH = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                       max_leaves=6)
KEYS = st.sampled_from([f.name for f in __import__("cphub.kinship.answers", fromlist=["FIELDS"]).FIELDS] + ["x"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, JSONISH | st.sampled_from(["sgo", "friend", "none", 10, 40, True]), max_size=8))
def test_parse_either_succeeds_or_explains(data):
    """Any JSON-like input gives valid answers (which then classify and check) or an AnswersError with messages."""
    try:
        answers = parse(data)
    except AnswersError as exc:
        assert exc.problems and all(":" in p for p in exc.problems)
        return
    kinship, results = check(answers, national())
    assert kinship.reason and len(results) == len(national())
