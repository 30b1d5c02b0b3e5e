"""CIN census: XML reader, basic rules (pass and fail cases by hand), generator output, hostile XML."""

import copy
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cphub.cin.generator import census_xml, generate_census
from cphub.cin.reader import parse_census
from cphub.cin.rules import CIN_RULES, validate_census
from cphub.findings import InputError
from cphub.reference.upn import with_check_letter

D = date
BASE = {
    "LAchildID": "C1", "UPN": "Y871123456780", "PersonBirthDate": D(2015, 6, 1), "Sex": "F", "Ethnicity": "WBRI",
    "Disabilities": ["NONE"],
    "CINdetails": [{
        "CINreferralDate": D(2024, 5, 1), "ReferralSource": "2A", "PrimaryNeedCode": "N1", "ReferralNFA": "false",
        "CINclosureDate": D(2025, 2, 1), "ReasonForClosure": "RC7",
        "Assessments": [{"AssessmentActualStartDate": D(2024, 5, 2), "AssessmentAuthorisationDate": D(2024, 6, 1),
                         "AssessmentFactors": ["3B", "4B"]}],
        "CINPlanDates": [{"CINPlanStartDate": D(2024, 6, 5), "CINPlanEndDate": D(2024, 7, 1)}],
        "Section47": [{"S47ActualStartDate": D(2024, 7, 2), "InitialCPCtarget": D(2024, 7, 23),
                       "DateOfInitialCPC": D(2024, 7, 15), "ICPCnotRequired": "false"}],
        "ChildProtectionPlans": [{"CPPstartDate": D(2024, 7, 15), "CPPendDate": D(2025, 1, 20),
                                  "InitialCategoryOfAbuse": "NEG", "LatestCategoryOfAbuse": "EMO",
                                  "NumberOfPreviousCPP": 0, "Reviews": [D(2024, 10, 15)]}],
    }],
}


def codes_for(child: dict, year: int = 2025) -> set[str]:
    census = parse_census(census_xml("871", year, [child]))
    return {f.code for f in validate_census(census)}


def mod(path: str, value):
    """A copy of BASE with one value changed; path like 'Sex' or 'CINdetails.0.Assessments.0.AssessmentFactors'."""
    c = copy.deepcopy(BASE)
    *parts, last = path.split(".")
    obj = c
    for p in parts:
        obj = obj[int(p)] if p.isdigit() else obj[p]
    if value is KeyError:
        obj.pop(last)
    else:
        obj[last] = value
    return c


DET = "CINdetails.0."
FAILS = [
    # Issue 13: the 22 CIN codes added (DfE texts in cin_cin2025_26_rules.csv, quoted in each rule's docstring).
    ("1510", mod("UPN", "A871123456780")), ("1530", mod("UPN", with_check_letter("000123456780"))),
    ("8530Q", {**mod("PersonBirthDate", None), "ExpectedPersonBirthDate": D(2026, 1, 1)}),
    ("8770Q", mod("UPN", None)), ("8772", {**mod("UPN", None), "UPNunknown": "UN7"}),
    ("2991Q", mod(DET + "Assessments", [])), ("8825Q", {**BASE, "CINdetails": [{**BASE["CINdetails"][0], "ReasonForClosure": "RC9", "Assessments": []}]}),
    ("8585Q", mod(DET + "ReasonForClosure", "RC2")),
    ("8569Q", {**mod(DET + "ReferralNFA", "true"), "CINdetails": [{**BASE["CINdetails"][0], "ReferralNFA": "true",
                                                                  "CINreferralDate": D(2024, 3, 27)}]}),
    ("8816", mod("CINdetails", [{**BASE["CINdetails"][0], "CINclosureDate": None, "ReasonForClosure": None},
                                {"CINreferralDate": D(2025, 3, 1), "ReferralSource": "2A", "PrimaryNeedCode": "N1",
                                 "ReferralNFA": "false"}])),
    ("8670Q", mod(DET + "Assessments.0.AssessmentAuthorisationDate", None)),
    ("8873Q", mod(DET + "Assessments.0.AssessmentFactors", ["21"])),
    ("4016", mod(DET + "CINPlanDates", [{"CINPlanStartDate": D(2024, 8, 1), "CINPlanEndDate": D(2024, 9, 1)}])),
    ("4017", mod(DET + "CINPlanDates", [{"CINPlanStartDate": D(2024, 7, 1), "CINPlanEndDate": D(2024, 7, 20)}])),
    ("4003", mod(DET + "CINPlanDates", [{"CINPlanStartDate": D(2024, 10, 1), "CINPlanEndDate": D(2024, 11, 1)}])),
    ("2883", mod(DET + "Section47.0.DateOfInitialCPC", None)),
    ("8675Q", mod(DET + "Section47.0.DateOfInitialCPC", None)),
    ("8870Q", mod(DET + "Section47.0.InitialCPCtarget", D(2024, 7, 20))),
    ("1540", mod("UPN", "A871ABC456780")), ("1570", mod("LAchildID", "C" * 21)), ("1580", mod("LAchildID", "C-1")),
    ("4180", mod("Sex", "X")), ("4220", mod("Ethnicity", "ZZZZ")), ("8500", mod("LAchildID", None)),
    ("8520", mod("PersonBirthDate", D(2025, 4, 1))), ("8525Q", mod("PersonBirthDate", None)),
    ("8540", mod("Disabilities", ["WALK"])), ("8750", {**mod("PersonBirthDate", None), "ExpectedPersonBirthDate": D(2025, 6, 1)}),
    ("8790", mod("Disabilities", ["NONE", "VIS"])), ("8794", mod("Disabilities", ["VIS", "VIS"])),
    ("8590", mod("CINdetails", [])),
    ("8568", mod(DET + "ReferralNFA", "maybe")), ("8600", mod(DET + "CINreferralDate", None)),
    ("8610", mod(DET + "PrimaryNeedCode", None)), ("8620", mod(DET + "CINclosureDate", D(2025, 4, 1))),
    ("8630", mod(DET + "CINclosureDate", D(2024, 4, 30))), ("8640", mod(DET + "ReasonForClosure", "RC0")),
    ("8650", mod(DET + "PrimaryNeedCode", "N10")), ("8805", mod(DET + "ReasonForClosure", None)),
    ("8810", mod(DET + "CINclosureDate", None)), ("8866", mod(DET + "ReferralSource", "11")),
    ("8831", mod(DET + "ReferralNFA", "true")), ("2990", mod(DET + "ReasonForClosure", "RC8")),
    ("1103", mod(DET + "Assessments.0.AssessmentActualStartDate", D(2024, 4, 30))),
    ("8608", mod(DET + "Assessments.0.AssessmentAuthorisationDate", D(2024, 5, 1))),
    ("8696", mod(DET + "Assessments.0.AssessmentAuthorisationDate", D(2025, 4, 2))),
    ("8869", mod(DET + "Assessments.0.AssessmentFactors", ["21", "3B"])),
    ("8898", mod(DET + "Assessments.0.AssessmentFactors", ["3B", "3B"])),
    ("8614", mod(DET + "Assessments.0.AssessmentAuthorisationDate", None)),
    ("4004", mod(DET + "CINPlanDates", [{"CINPlanStartDate": D(2024, 6, 5)}, {"CINPlanStartDate": D(2024, 6, 6)}])),
    ("4011", mod(DET + "CINPlanDates.0.CINPlanEndDate", D(2024, 6, 4))),
    ("4013", mod(DET + "CINPlanDates.0.CINPlanEndDate", D(2025, 4, 2))),
    ("4015", mod(DET + "CINPlanDates.0.CINPlanStartDate", D(2024, 4, 2))),
    ("4000", mod(DET + "ReferralNFA", "1")),
    ("2889", mod(DET + "Section47.0.S47ActualStartDate", D(2024, 4, 2))),
    ("1104", mod(DET + "Section47.0.DateOfInitialCPC", D(2024, 4, 30))),
    ("8615", mod(DET + "Section47.0.S47ActualStartDate", None)),
    ("8715", mod(DET + "Section47.0.DateOfInitialCPC", D(2025, 4, 1))),
    ("8875", mod(DET + "Section47.0.DateOfInitialCPC", D(2024, 7, 13))),  # a Saturday
    ("1105", mod(DET + "ChildProtectionPlans.0.CPPstartDate", D(2024, 4, 30))),
    ("8832", mod(DET + "ReferralNFA", "1")),
    ("8720", mod(DET + "ChildProtectionPlans.0.CPPstartDate", None)),
    ("8730", mod(DET + "ChildProtectionPlans.0.NumberOfPreviousCPP", None)),
    ("8840", mod(DET + "ChildProtectionPlans.0.CPPendDate", D(2024, 7, 15))),
    ("8905", mod(DET + "ChildProtectionPlans.0.InitialCategoryOfAbuse", "ABC")),
    ("8910", mod(DET + "ChildProtectionPlans.0.LatestCategoryOfAbuse", None)),
    ("8925", mod(DET + "ChildProtectionPlans.0.CPPendDate", D(2024, 7, 14))),
    ("8930", mod(DET + "ChildProtectionPlans.0.CPPendDate", D(2025, 4, 1))),
    ("8935", mod(DET + "ChildProtectionPlans", [
        {"CPPstartDate": D(2024, 7, 15), "InitialCategoryOfAbuse": "NEG", "LatestCategoryOfAbuse": "NEG",
         "NumberOfPreviousCPP": 0},
        {"CPPstartDate": D(2024, 8, 15), "InitialCategoryOfAbuse": "NEG", "LatestCategoryOfAbuse": "NEG",
         "NumberOfPreviousCPP": 1}])),
    ("8841", mod(DET + "ChildProtectionPlans.0.Reviews", [D(2024, 7, 15)])),
    ("1550", mod("UPN", "A87112345678I")), ("1560Q", {**BASE, "FormerUPN": "BAD"}),
    ("8535Q", {**BASE, "PersonDeathDate": D(2015, 5, 1)}), ("8545Q", {**BASE, "PersonDeathDate": D(2023, 1, 1)}),
    ("8775Q", mod("PersonBirthDate", D(1998, 1, 1))),
    ("8555Q", {**BASE, "PersonDeathDate": D(2024, 4, 15)}),
    ("8606", mod(DET + "CINreferralDate", D(2014, 8, 1))),
    ("8815", mod("CINdetails", [mod(DET + "CINclosureDate", None)["CINdetails"][0] | {"ReasonForClosure": None},
                                {"CINreferralDate": D(2024, 9, 1), "ReferralSource": "2A", "PrimaryNeedCode": "N1",
                                 "ReferralNFA": "false"}])),
    ("8820", mod("CINdetails", [BASE["CINdetails"][0], {"CINreferralDate": D(2024, 9, 1), "ReferralSource": "2A",
                                                        "PrimaryNeedCode": "N1", "ReferralNFA": "false"}])),
    ("8565", mod(DET + "CINclosureDate", D(2024, 12, 1))),
    ("8867", mod(DET + "Assessments", [{"AssessmentActualStartDate": D(2024, 5, 2)}])),
    ("8868", mod(DET + "Section47.0.DateOfInitialCPC", None)),
    ("8736", mod(DET + "Assessments", [{"AssessmentActualStartDate": D(2024, 3, 2)}])),
    ("8896", mod(DET + "Assessments", [{"AssessmentActualStartDate": D(2024, 5, 2)},
                                       {"AssessmentActualStartDate": D(2024, 5, 3)}])),
    ("8863Q", mod(DET + "Assessments", [BASE["CINdetails"][0]["Assessments"][0],
                                        {"AssessmentActualStartDate": D(2024, 5, 20),
                                         "AssessmentAuthorisationDate": D(2024, 6, 2), "AssessmentFactors": ["2B"]}])),
    ("8897Q", mod(DET + "Assessments.0.AssessmentFactors", None)),
    ("8945Q", mod(DET + "Assessments.0.AssessmentFactors", ["18A"])),
    ("8950Q", mod(DET + "Assessments.0.AssessmentFactors", ["19A"])),
    ("4001", mod(DET + "CINPlanDates.0.CINPlanEndDate", D(2024, 8, 1))),
    ("4008", {**BASE, "PersonDeathDate": D(2024, 6, 1)}),
    ("4009Q", {**BASE, "PersonDeathDate": D(2024, 6, 20)}),
    ("4010", mod(DET + "CINPlanDates.0.CINPlanStartDate", None)),
    ("4012Q", mod(DET + "CINPlanDates.0.CINPlanEndDate", D(2024, 6, 5))),
    ("4014", mod(DET + "CINPlanDates", [{"CINPlanStartDate": D(2024, 6, 5), "CINPlanEndDate": D(2024, 7, 1)},
                                        {"CINPlanStartDate": D(2024, 6, 20), "CINPlanEndDate": D(2024, 7, 5)}])),
    ("2884", mod(DET + "DateOfInitialCPC", D(2024, 7, 15))),
    ("8740", mod(DET + "Section47", [{"S47ActualStartDate": D(2024, 3, 2), "ICPCnotRequired": "false"}])),
    ("8839", mod(DET + "Section47", [{"S47ActualStartDate": D(2024, 7, 2), "ICPCnotRequired": "false"},
                                     {"S47ActualStartDate": D(2024, 7, 3), "ICPCnotRequired": "false"}])),
    ("8890", mod(DET + "Section47", [BASE["CINdetails"][0]["Section47"][0],
                                     {"S47ActualStartDate": D(2024, 7, 5), "DateOfInitialCPC": D(2024, 7, 16),
                                      "ICPCnotRequired": "false"}])),
    ("2885", mod(DET + "ChildProtectionPlans.0.CPPstartDate", D(2024, 7, 16))),
    ("8915", {**BASE, "PersonDeathDate": D(2024, 7, 1)}),
    ("8920", {**BASE, "PersonDeathDate": D(2024, 12, 1)}),
    ("8940", mod(DET + "ChildProtectionPlans", [BASE["CINdetails"][0]["ChildProtectionPlans"][0],
                                                {"CPPstartDate": D(2024, 8, 1), "CPPendDate": D(2024, 9, 1),
                                                 "InitialCategoryOfAbuse": "NEG", "LatestCategoryOfAbuse": "NEG",
                                                 "NumberOfPreviousCPP": 1}])),
]


# Rules on the census as a whole (one child cannot pass 2887Q, fewer than 8 disability codes used): own tests below.
CENSUS_WIDE = {"2886Q", "2887Q", "2888Q"}


def test_base_case_passes_every_rule():
    assert codes_for(BASE) == {"2887Q"}  # a census of one child uses fewer than 8 disability codes


def census_codes(children: list[dict]) -> set[str]:
    return {f.code for f in validate_census(parse_census(census_xml("871", 2025, children)))}


def test_census_wide_2886q_no_sex_recorded():
    """2886Q: "Percentage of children with no sex recorded is more than 2% (excluding unborns)"."""
    kids = [mod("LAchildID", f"C{i}") for i in range(60)]
    assert "2886Q" not in census_codes(kids + [{**mod("LAchildID", "U1"), "Sex": "U"}])  # 1 in 61: under 2%
    assert "2886Q" in census_codes(kids + [{**mod("LAchildID", f"U{i}"), "Sex": "U"} for i in range(2)])  # 2 in 62


def test_census_wide_2887q_and_2888q_disability_codes():
    """2887Q: "Less than 8 disability codes have been used in your return". 2888Q: "Only one disability code is
    recorded per child and multiple disabilities should be recorded where possible"."""
    codes = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"]
    one_each = [{**mod("LAchildID", f"C{i}"), "Disabilities": [c]} for i, c in enumerate(codes)]
    found = census_codes(one_each)
    assert "2887Q" not in found and "2888Q" in found
    found = census_codes(one_each[:7] + [{**mod("LAchildID", "C9"), "Disabilities": ["MOB", "HAND"]}])
    assert "2887Q" in found and "2888Q" not in found  # 7 codes used; one child with two


@pytest.mark.parametrize("code,child", FAILS, ids=[f[0] for f in FAILS])
def test_rule_fails(code, child):
    assert code in codes_for(child)


def test_reference_date_rule_100():
    xml = census_xml("871", 2025, [BASE]).replace(b"<ReferenceDate>2025-03-31", b"<ReferenceDate>2025-03-30")
    assert "100" in {f.code for f in validate_census(parse_census(xml))}


def test_duplicate_child_id_8510():
    findings = validate_census(parse_census(census_xml("871", 2025, [BASE, BASE])))
    assert {(f.code, f.row) for f in findings if f.code == "8510"} == {("8510", 1), ("8510", 2)}


def test_every_cin_rule_has_a_fail_case():
    assert set(CIN_RULES) <= {c for c, _ in FAILS} | {"100", "8510", "8842Q", "1520"} | CENSUS_WIDE


def test_duplicate_upn_1520():
    """1520: "More than one record with the same UPN." Both children are reported."""
    findings = validate_census(parse_census(census_xml("871", 2025, [BASE, mod("LAchildID", "C2")])))
    assert {(f.code, f.row) for f in findings if f.code == "1520"} == {("1520", 1), ("1520", 2)}
    other = mod("LAchildID", "C2")
    other["UPN"] = with_check_letter("871123456781")
    assert "1520" not in census_codes([BASE, other])


def test_review_without_date_8842q():
    xml = census_xml("871", 2025, [BASE]).replace(b"<CPPreviewDate>2024-10-15</CPPreviewDate>",
                                                  b"<CPPreviewDate></CPPreviewDate>")
    assert "8842Q" in {f.code for f in validate_census(parse_census(xml))}


def test_reader_tables_and_rows():
    second = mod("LAchildID", "C2")
    census = parse_census(census_xml("871", 2025, [BASE, second]), "cin_2025.xml")
    assert census.year == 2025 and census.reference_date == D(2025, 3, 31) and census.la == "871"
    assert census["CINChild"]["LAchildID"].to_list() == ["C1", "C2"]
    assert census["CINChild"]["_row"].to_list() == [1, 2]
    assert census["CINAssessments"]["AssessmentFactors"].to_list() == ["3B,4B", "3B,4B"]
    assert census["CINReviews"]["CPPreviewDate"].to_list() == [D(2024, 10, 15)] * 2
    assert census["CINDetails"]["ReferralNFA"].to_list() == ["0", "0"]


def test_bad_date_is_a_finding():
    xml = census_xml("871", 2025, [BASE]).replace(b"<CINreferralDate>2024-05-01", b"<CINreferralDate>2024-13-01")
    census = parse_census(xml)
    assert census["CINDetails"]["CINreferralDate"].to_list() == [None]
    assert any(f.code == "FORMAT" and f.fields == ("CINreferralDate",) for f in census.findings)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_generated_census_is_clean(year):
    census = parse_census(generate_census("871", year, n=150, seed=5))
    assert census["CINChild"].height > 100 and census["CINProtectionPlans"].height > 0
    assert [f for f in validate_census(census) if f.severity == "error"] == []


def test_generator_includes_looked_after_children():
    import polars as pl
    header = pl.DataFrame({"CHILD": ["LA1"], "SEX": ["F"], "DOB": [D(2012, 1, 1)], "ETHNIC": ["WBRI"],
                           "UPN": ["H871000000010"]})
    eps = pl.DataFrame({"CHILD": ["LA1"], "DECOM": [D(2023, 1, 1)], "DEC": [None]}, schema_overrides={"DEC": pl.Date})
    census = parse_census(generate_census("871", 2025, n=5, seed=1, header=header, episodes=eps))
    row = census["CINChild"].filter(pl.col("LAchildID") == "LA1")
    assert row["UPN"].to_list() == ["H871000000010"]
    assert [f for f in validate_census(census) if f.severity == "error"] == []


def test_history_keeps_each_child_in_need_from_census_to_census():
    """Six censuses from :func:`generate_history`: a child keeps one identifier, date of birth and referral date
    across years (so "had a social worker in the last six years" is wider than "has one now"), each census passes
    the rules, and an episode open at one census and closed by the next has its closure only in the later one."""
    import polars as pl

    from cphub.cin.generator import generate_history

    censuses = {y: parse_census(x) for y, x in generate_history("871", list(range(2021, 2027)), n=120, seed=2).items()}
    for census in censuses.values():
        assert [f for f in validate_census(census) if f.severity == "error"] == []
    kids = pl.concat([c["CINChild"].select("LAchildID", "PersonBirthDate").with_columns(pl.lit(y).alias("Y"))
                      for y, c in censuses.items()])
    assert kids.group_by("LAchildID").agg(pl.col("PersonBirthDate").n_unique())["PersonBirthDate"].max() == 1
    ever, last = kids["LAchildID"].n_unique(), censuses[2026]["CINChild"].height
    assert ever >= 2.5 * last, (ever, last)
    details = pl.concat([c["CINDetails"].select("LAchildID", "CINreferralDate", "CINclosureDate")
                         .with_columns(pl.lit(y).alias("Y")) for y, c in censuses.items()])
    # an episode's closure, once reported, is the same in every later census; none is closed in the future
    closed = details.drop_nulls("CINclosureDate")
    assert closed.group_by("LAchildID", "CINreferralDate").agg(pl.col("CINclosureDate").n_unique())[
        "CINclosureDate"].max() == 1
    assert (closed["CINclosureDate"] <= pl.Series([date(y, 3, 31) for y in closed["Y"]])).all()


BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&lol2;</LAchildID></ChildIdentifiers></Child></Children></Message>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Message><Children>&e;</Children></Message>"""


@pytest.mark.parametrize("data", [b"", b"not xml", b"<Message>", b"<Other/>", b"<Message><Header/></Message>",
                                  BILLION_LAUGHS, EXTERNAL, b"\xff\xfe\x00<"])
def test_hostile_or_broken_xml_is_a_structured_error(data):
    with pytest.raises(InputError) as exc:
        parse_census(data, "upload.xml")
    assert exc.value.findings[0].file == "upload.xml"


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=4000))
def test_truncated_xml_never_crashes(cut):
    data = census_xml("871", 2025, [BASE, mod("LAchildID", "C2")])[:cut]
    try:
        census = parse_census(data)
    except InputError as exc:
        assert exc.findings
        return
    validate_census(census)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=500))
def test_random_bytes_never_crash(data):
    try:
        validate_census(parse_census(data))
    except InputError as exc:
        assert exc.findings


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=3000))
def test_any_text_in_fields_never_crashes(text):
    child = mod("LAchildID", text)
    child["Ethnicity"] = text
    child["CINdetails"][0]["CINreferralDate"] = text
    try:
        census = parse_census(census_xml("871", 2025, [child]))
    except InputError as exc:  # control characters are not allowed in XML at all
        assert exc.findings[0].code == "FILE"
        return
    validate_census(census)
