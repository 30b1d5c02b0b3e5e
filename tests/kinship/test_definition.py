"""The classifier, one test per branch of the December 2023 definition (clause named in each test)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cphub.kinship.definition import FRIEND_OR_FAMILY, ORDERS, RELATIONSHIPS, Arrangement, MissingFact, classify


def kind(**kw) -> tuple[str, str]:
    kw.setdefault("order", "none")
    kw.setdefault("child_age", 10)
    c = classify(Arrangement(**kw))
    assert c.reason.endswith(".") and ("clause" in c.reason or "Glossary" in c.reason)
    return c.type, c.clause


def test_clause_2a_i_close_relative_private_arrangement():
    # 2(a)(i): close relative, no order, no major council role -> informal, whatever the length or age
    assert kind(relationship="close_relative", days=400) == ("informal", "2(a)(i)")
    assert kind(relationship="close_relative", child_age=17) == ("informal", "2(a)(i)")


def test_clause_2a_ii_under_16_under_28_days():
    # 2(a)(ii): not a close relative, under 16, less than 28 days
    assert kind(relationship="friend", child_age=15, days=27) == ("informal", "2(a)(ii)")


def test_clause_2b_boundary_28_days_is_private_fostering():
    # 2(b): 28 days or more -> private fostering (s66(1) Children Act 1989); 27 days is still 2(a)(ii)
    assert kind(relationship="friend", child_age=15, days=28) == ("private_fostering", "2(b)")
    assert kind(relationship="other_relative", child_age=3, days=27) == ("informal", "2(a)(ii)")
    assert kind(relationship="other_relative", child_age=3, days=28) == ("private_fostering", "2(b)")


def test_cousin_is_not_a_close_relative_for_private_fostering():
    # footnote *: s105 'relative' excludes cousins and great-aunts, so a cousin for 28+ days privately fosters
    assert kind(relationship="other_relative", child_age=8, days=60)[0] == "private_fostering"


def test_clause_2a_iii_16_and_17_year_olds():
    # 2(a)(iii): 16 or 17, not a close relative -> informal, however long
    assert kind(relationship="friend", child_age=16, days=200) == ("informal", "2(a)(iii)")
    assert kind(relationship="friend", child_age=17, days=3) == ("informal", "2(a)(iii)")
    # boundary under 16 / 16: age 15 with 28 days is 2(b), age 16 is 2(a)(iii)
    assert kind(relationship="friend", child_age=15, days=28)[1] == "2(b)"
    assert kind(relationship="friend", child_age=16, days=28)[1] == "2(a)(iii)"


def test_footnote_disabled_16_17_deemed_private_fostering():
    # 2(b) footnote ***: disabled 16/17-year-olds for 28 days or more are privately fostered
    assert kind(relationship="friend", child_age=17, days=28, disabled=True) == ("private_fostering", "2(b) and footnote ***")
    assert kind(relationship="friend", child_age=16, days=27, disabled=True) == ("informal", "2(a)(iii)")
    # a disabled 15-year-old is under 16 anyway
    assert kind(relationship="friend", child_age=15, days=28, disabled=True) == ("private_fostering", "2(b)")


def test_clause_2c_child_arrangements_order():
    assert kind(relationship="close_relative", order="cao") == ("cao", "2(c)")
    assert kind(relationship="friend", order="cao") == ("cao", "2(c)")


def test_clause_2d_special_guardianship():
    assert kind(relationship="close_relative", order="sgo") == ("sgo", "2(d)")
    assert kind(relationship="connected_person", order="sgo") == ("sgo", "2(d)")


def test_clause_2e_kinship_foster_care_care_order_and_s20():
    for order in ("care_order", "interim_care_order"):
        assert kind(relationship="close_relative", order=order, approved_foster_carer=True) == ("kinship_foster", "2(e)")
    assert kind(relationship="friend", accommodated_s20=True, approved_foster_carer=True) == ("kinship_foster", "2(e)")


def test_major_role_of_council_is_not_a_private_arrangement():
    # Glossary 'Major role' (Southwark v D): council major role -> section 20, not 2(a)(i)
    assert kind(relationship="close_relative", council_major_role=True, approved_foster_carer=True) == ("kinship_foster", "2(e)")


def test_looked_after_with_unapproved_carer_is_clause_1_only():
    # 2(e)(ii) needs approval (even temporary); without it the arrangement is kinship care under clause 1
    assert kind(relationship="close_relative", order="care_order") == ("other_kinship", "1")


def test_clause_2f_adoption_by_friend_or_family():
    assert kind(relationship="close_relative", order="adoption") == ("adoption", "2(f)")


def test_adoption_by_stranger_or_step_parent_is_not_kinship():
    assert kind(relationship="none", order="adoption")[0] == "not_kinship"
    assert kind(relationship="step_parent", order="adoption")[0] == "not_kinship"


def test_parent_vs_step_parent_vs_former_step_parent():
    # clause 1 + Glossary 'Parent': a parent, or a step-parent with the parent, is not a kinship carer ...
    assert kind(relationship="parent", order="cao") == ("not_kinship", "1")
    c = classify(Arrangement("step_parent", "none", 10))
    assert c.type == "not_kinship" and "step-parent" in c.reason
    # ... a former step-parent is a friend or family member (Glossary 'Friend and family members')
    assert kind(relationship="former_step_parent", order="sgo") == ("sgo", "2(d)")


def test_no_connection_is_not_kinship():
    assert kind(relationship="none", order="care_order", approved_foster_carer=True) == ("not_kinship", "1")


def test_adults_are_not_children():
    # Glossary 'Child': under 18
    assert kind(relationship="close_relative", order="sgo", child_age=18) == ("not_kinship", "Glossary, 'Child'")


def test_days_needed_only_where_it_decides():
    with pytest.raises(MissingFact):
        classify(Arrangement("friend", "none", 10))
    assert classify(Arrangement("close_relative", "none", 10)).type == "informal"


@given(rel=st.sampled_from(sorted(RELATIONSHIPS)), order=st.sampled_from(sorted(ORDERS)),
       age=st.integers(0, 25), s20=st.booleans(), approved=st.booleans(), disabled=st.booleans(),
       days=st.integers(0, 1000))
def test_every_combination_classifies_with_a_cited_reason(rel, order, age, s20, approved, disabled, days):
    c = classify(Arrangement(rel, order, age, s20, s20, approved, disabled, days))
    assert c.reason and c.clause
    assert "clause" in c.reason or "Glossary" in c.reason
    # kinship care needs a friend or family member under 18 (clause 1)
    if c.is_kinship:
        assert rel in FRIEND_OR_FAMILY and age < 18 or order == "adoption"
    if rel in ("parent", "none") or age >= 18:
        assert not c.is_kinship
