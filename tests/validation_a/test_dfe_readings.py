"""Rules read exactly as DfE writes them (issue 13, item 1): for each reading the cross-check found wrong or
narrower than DfE's, a hand-made case that failed before the fix. Each docstring quotes the DfE rule text
(``shared/domain/validation-rules/903_lac2025_26_rules.csv``, the same in 2024-25 unless said) and says how it is
read. Collection year 2025 = 1 April 2024 to 31 March 2025 unless a case gives another; rows start at line 2."""

from __future__ import annotations

from .test_rules_1xx_3xx import CLA12, ep, fail, h, oc2, oc3

OK: list = []


def test_168_upn_check_letter_is_never_i_o_or_s(runner):
    """168: "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5."
    A UPN's first character is a check letter, which is never I, O or S."""
    for letter in "IOS":
        assert runner("168", {"Header": [h(UPN=f"{letter}123456789012")]}) == fail("Header")
    assert runner("168", {"Header": [h(UPN="A123456789012")]}) == OK


def test_226_no_reason_for_change_on_the_episode_before_a_temporary_placement(runner):
    """226: "Reason for placement change is not required for temporary placements." The move into a temporary
    placement (T0-T4) is not a placement change either, so the episode just before it has no reason."""
    eps = [ep(DEC="01/06/2024", REC="X1", REASON_PLACE_CHANGE="CARPL"),
           ep(DECOM="01/06/2024", RNE="P", PLACE="T1", PLACE_PROVIDER=None, PL_POST=None, URN=None)]
    assert runner("226", {"Episodes": eps}) == fail("Episodes")
    eps[0]["REASON_PLACE_CHANGE"] = None
    assert runner("226", {"Episodes": eps}) == OK


def test_361_to_365_an_open_episode_counts_to_31_march(runner):
    """361: "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989"
    (362 EPO 21 days, 363 CAO 7 days, 364 PACE, 365 short-term respite 17 days). An episode still open is in that
    status until 31 March at least."""
    for code, ls in (("361", "L1"), ("362", "L2"), ("363", "L3"), ("364", "J2"), ("365", "V3")):
        assert runner(code, {"Episodes": [ep(LS=ls, DECOM="01/01/2025")]}) == fail("Episodes"), code
        assert runner(code, {"Episodes": [ep(LS=ls, DECOM="31/03/2025")]}) == OK, code


def test_361_to_365_consecutive_episodes_of_one_status_add_up(runner):
    """361-365: the limit is on the legal status, not on one episode: consecutive episodes of the same status
    (a placement change while under police protection) are one spell. Two L1 episodes of 2 days each are 4 days
    of police protection, over the 72 hours."""
    eps = [ep(LS="L1", DEC="03/05/2024", REC="X1"),
           ep(LS="L1", DECOM="03/05/2024", RNE="P", DEC="05/05/2024", REC="E8")]
    assert runner("361", {"Episodes": eps}) == [("Episodes", 2, "A"), ("Episodes", 3, "A")]
    eps[1]["DEC"] = "04/05/2024"
    assert runner("361", {"Episodes": eps}) == OK


def test_191_a_child_looked_after_12_months_with_no_oc2_row(runner):
    """191: "Child has been looked after continuously for at least 12 months at 31 March but one or more data items
    relating to children looked after for 12 months have been left blank." No OC2 row at all leaves them all
    blank (reported on the child's latest episode)."""
    assert runner("191", {"Episodes": CLA12, "OC2": []}) == fail("Episodes")
    assert runner("191", {"Episodes": CLA12, "OC2": [oc2()]}) == OK


def test_222_no_urn_for_r1_r2_but_p2_may_have_one(runner):
    """222: "Ofsted Unique reference number (URN) should not be recorded for this placement type": P1, P3, R1, R2,
    R5, T0-T4 and Z1 (and Z11-Z14 from 2025-26). R1 with a URN fails; P2 is not in the list."""
    assert runner("222", {"Episodes": [ep(PLACE="R1")]}) == fail("Episodes")
    assert runner("222", {"Episodes": [ep(PLACE="R2")]}) == fail("Episodes")
    assert runner("222", {"Episodes": [ep(PLACE="P2")]}) == OK
    assert runner("222", {"Episodes": [ep(DECOM="01/05/2025", PLACE="Z11", PLACE_PROVIDER=None)]}, 2026) == \
        fail("Episodes")


def test_178_and_213_no_provider_for_z11_to_z14(runner):
    """178: "Placement provider code is not a valid code." and 213: "Placement provider information not required."
    From 2025-26 the other placements Z11-Z14 take no placement provider, as Z1 did."""
    for place in ("Z11", "Z12", "Z13", "Z14"):
        eps = [ep(DECOM="01/05/2025", PLACE=place, URN=None)]
        assert runner("213", {"Episodes": eps}, 2026) == fail("Episodes"), place
        assert runner("178", {"Episodes": eps}, 2026) == fail("Episodes"), place
        eps[0]["PLACE_PROVIDER"] = None
        assert runner("213", {"Episodes": eps}, 2026) == OK
        assert runner("178", {"Episodes": eps}, 2026) == OK
    assert runner("178", {"Episodes": [ep(PLACE_PROVIDER="PR9")]}) == fail("Episodes")


def test_392b_a_child_in_last_years_uasc_table_needs_no_postcodes(runner):
    """392b: "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives
    for children formerly UASC, particularly if current & prior year UASC data not loaded]": a child in last
    year's UASC table is formerly UASC, so exempt."""
    this = {"Episodes": [ep(PL_POST=None)]}
    assert runner("392b", this, previous={"UASC": []}) == fail("Episodes")
    assert runner("392b", this, previous={"UASC": [{"CHILD": "A", "DUC": "01/01/2024"}]}) == OK


def test_359_over_18_not_in_a_secure_childrens_home(runner):
    """359: "Child being looked after following 18th birthday must be accommodated under section 20(5) of the
    Children Act 1989 in a community home." Over 18, V2 in a secure children's home (K1) fails."""
    header = [h(DOB="01/06/2006")]
    assert runner("359", {"Header": header, "Episodes": [ep(LS="V2", PLACE="K1")]}) == fail("Episodes")
    assert runner("359", {"Header": header, "Episodes": [ep(LS="V2", PLACE="K2")]}) == OK


def test_380_a_temporary_placement_needs_a_placement_change(runner):
    """380: "A period of care cannot start with a temporary placement." A T0-T4 placement can only follow a change
    of placement (RNE P or T); a change of legal status (L), or anything else, fails."""
    for rne in ("L", "B", "U", "S", None):
        assert runner("380", {"Episodes": [ep(PLACE="T0", RNE=rne)]}) == fail("Episodes"), rne
    for rne in ("P", "T"):
        assert runner("380", {"Episodes": [ep(PLACE="T0", RNE=rne)]}) == OK


def test_357_366_388_a_blank_reason_for_new_episode_fails(runner):
    """357: "If this is the first episode ever for this child, reason for new episode must be S"; 366: "A child
    cannot change placement during the course of an individual short-term respite break" (a V3 episode starts with
    S); 388: "Reason episode ceased is coded new episode begins, but there is no continuation episode." A blank
    RNE is not S."""
    assert runner("357", {"Episodes": [ep(RNE=None)]}) == fail("Episodes")
    assert runner("366", {"Episodes": [ep(LS="V3", RNE=None)]}) == fail("Episodes")
    eps = [ep(DEC="01/06/2024", REC="E4A"), ep(DECOM="01/06/2024", RNE=None)]
    assert runner("388", {"Episodes": eps}) == fail("Episodes")


def test_632_zz_may_stand_for_any_part_of_the_date(runner):
    """632: "Date of previous permanence order not a valid value." DfE's guide lets ZZ stand for any unknown part
    of the date, so 05/ZZ/2020 (day known, month not) is valid."""
    eps = [ep()]
    for value in ("05/ZZ/2020", "zz/05/2020", "ZZ/ZZ/2020", "zz/zz/zzzz", "05/zz/zzzz"):
        pp = [{"CHILD": "A", "DOB": "10/05/2012", "PREV_PERM": "P2", "LA_PERM": "871", "DATE_PERM": value}]
        assert runner("632", {"Episodes": eps, "PrevPerm": pp}) == OK, value
    pp = [{"CHILD": "A", "DOB": "10/05/2012", "PREV_PERM": "P2", "LA_PERM": "871", "DATE_PERM": "31/02/zzzz"}]
    assert runner("632", {"Episodes": eps, "PrevPerm": pp}) == fail("PrevPerm")


def test_codes_are_compared_as_dfe_upper_cases_them(runner):
    """204: "Ethnic origin code disagrees with the ethnic origin already recorded for this child." and 232: "Sex of
    the child/young person has been reported as unknown." DfE's collection upper-cases codes, so ``nobt`` is
    NOBT and ``u`` is U; so is every code-list check (103 "ethnic origin ... not a valid code")."""
    assert runner("204", {"Header": [h(ETHNIC="nobt")]}, previous={"Header": [h(ETHNIC="NOBT")]}) == OK
    assert runner("232", {"Header": [h(SEX="u")]}) == fail("Header")
    assert runner("103", {"Header": [h(ETHNIC="wbri")]}) == OK
    assert runner("143", {"Episodes": [ep(RNE="s")]}) == OK


def test_218_urn_required_for_every_placement_but_the_no_urn_types(runner):
    """218: "Ofsted Unique reference number (URN) is required." Every placement except those that have none (P1,
    P3, R1, R2, R5, T0-T4 and Z1, DfE 222's list) carries the provider's URN: a foster placement without one
    fails; semi-independent accommodation (H5) that began before its providers had to register with Ofsted (28
    October 2023) has none."""
    assert runner("218", {"Episodes": [ep(PLACE="U1", URN=None)]}) == fail("Episodes")
    assert runner("218", {"Episodes": [ep(PLACE="P1", URN=None)]}) == OK
    assert runner("218", {"Episodes": [ep(DECOM="01/05/2023", PLACE="H5", URN=None)]}, 2024) == OK


def test_347_age_at_the_start_of_the_collection_year(runner):
    """347: "Care leavers aged under 18 years, can not be accommodated in a Foyer." DfE takes the age at the start
    of the collection year: a care leaver who turned 18 in the year was 17 then, so a foyer (T1) fails."""
    assert runner("347", {"OC3": [oc3(ACCOM="T1", DOB="01/06/2006")]}) == fail("OC3")
    assert runner("347", {"OC3": [oc3(ACCOM="T1", DOB="01/04/2006")]}) == OK
