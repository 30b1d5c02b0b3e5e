"""The rule engine on its own (no DfE rule): declaring rules, years, one plan, isolating a rule that raises,
where findings point, and the code-list family. The DfE rules have their own tests (validation_a/b, cin)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cphub.rule_engine import ENGINE_ERROR, CodeListCheck, Context, Need, RuleSet, add_code_list_rules, run_rules


def ctx(year: int = 2025, previous: bool = False, **tables: list[dict]) -> Context:
    frames = {}
    for name, rows in tables.items():
        df = pl.DataFrame(rows, schema={"CHILD": pl.String, "V": pl.String}) if rows else pl.DataFrame(
            schema={"CHILD": pl.String, "V": pl.String})
        frames[name] = df.with_columns(pl.int_range(2, df.height + 2, dtype=pl.Int64).alias("_row"))
    return Context(year=year, tables=frames, previous={} if previous else None, files={"T": "t.csv"})


def bad_v(c: Context) -> pl.LazyFrame:
    return c["T"].lazy().filter(pl.col("V") == "bad").select("_row", "CHILD")


def test_a_rule_reports_table_row_child_fields_file_and_message():
    rules = RuleSet("test")
    rules.rule("1", "V is bad.", "T", "V")(bad_v)
    found = run_rules(rules.values(), ctx(T=[{"CHILD": "A", "V": "ok"}, {"CHILD": "B", "V": "bad"}]))
    assert [(f.code, f.table, f.row, f.child, f.fields, f.file, f.message, f.severity) for f in found] == [
        ("1", "T", 3, "B", ("V",), "t.csv", "V is bad.", "error")]


def test_rule_registered_twice_is_refused():
    rules = RuleSet("test")
    rules.rule("1", "m", "T")(bad_v)
    with pytest.raises(ValueError, match="twice"):
        rules.rule("1", "m", "T")(bad_v)


@pytest.mark.parametrize(("years", "year", "runs"), [
    ((None, None), 2020, True), ((2026, None), 2025, False), ((2026, None), 2026, True),
    ((None, 2025), 2026, False), ((None, 2025), 2025, True), ((2024, 2025), 2023, False)])
def test_a_rule_runs_only_in_its_collection_years(years, year, runs):
    rules = RuleSet("test")
    rules.rule("1", "m", "T", "V", years=years)(bad_v)
    found = run_rules(rules.values(), ctx(year, T=[{"CHILD": "A", "V": "bad"}]))
    assert bool(found) is runs
    assert rules["1"].applies(year) is runs


def test_a_rule_that_raises_while_building_is_an_engine_error_and_the_others_still_run():
    rules = RuleSet("test")

    @rules.rule("boom", "m", "T", "V")
    def boom(c: Context) -> pl.LazyFrame:
        raise ZeroDivisionError("no")

    rules.rule("1", "V is bad.", "T", "V")(bad_v)
    found = run_rules(rules.values(), ctx(T=[{"CHILD": "A", "V": "bad"}]))
    errors = [f for f in found if f.code == ENGINE_ERROR]
    assert len(errors) == 1 and "boom" in errors[0].message and errors[0].severity == "error"
    assert errors[0].table == "T" and errors[0].fields == ("V",)
    assert [(f.code, f.child) for f in found if f.code != ENGINE_ERROR] == [("1", "A")]


def test_a_rule_whose_query_fails_when_collected_is_an_engine_error_and_the_others_still_run():
    rules = RuleSet("test")

    @rules.rule("lazyboom", "m", "T", "V")
    def lazyboom(c: Context) -> pl.LazyFrame:  # fails only when Polars runs it: no such column
        return c["T"].lazy().filter(pl.col("NO_SUCH_COLUMN") == 1).select("_row", "CHILD")

    rules.rule("1", "V is bad.", "T", "V")(bad_v)
    found = run_rules(rules.values(), ctx(T=[{"CHILD": "A", "V": "bad"}]))
    assert {f.code for f in found} == {ENGINE_ERROR, "1"}
    assert "lazyboom" in next(f.message for f in found if f.code == ENGINE_ERROR)


def test_every_rule_is_collected_in_one_plan(monkeypatch):
    calls = []
    real = pl.collect_all
    monkeypatch.setattr(pl, "collect_all", lambda qs, **kw: calls.append(len(qs)) or real(qs, **kw))
    rules = RuleSet("test")
    for i in range(5):
        rules.rule(str(i), "m", "T", "V")(bad_v)
    found = run_rules(rules.values(), ctx(T=[{"CHILD": "A", "V": "bad"}]))
    assert calls == [5] and len(found) == 5


def test_an_eager_frame_is_accepted():
    rules = RuleSet("test")
    rules.rule("1", "m", "T", "V")(lambda c: bad_v(c).collect())
    assert [f.child for f in run_rules(rules.values(), ctx(T=[{"CHILD": "A", "V": "bad"}]))] == ["A"]


def test_a_rule_reporting_several_tables_names_each_rows_table():
    rules = RuleSet("test")

    @rules.rule("1", "m", ("T", "U"), "V")
    def both(c: Context) -> pl.LazyFrame:
        return pl.concat([bad_v(c).with_columns(pl.lit("T").alias("_table")),
                          c["U"].lazy().select("_row", "CHILD", pl.lit("U").alias("_table"))])

    found = run_rules(rules.values(), ctx(T=[{"CHILD": "A", "V": "bad"}], U=[{"CHILD": "B", "V": "x"}]))
    assert sorted((f.table, f.row, f.child, f.file) for f in found) == [("T", 2, "A", "t.csv"), ("U", 2, "B", None)]


def test_rules_are_skipped_when_their_table_is_empty_or_absent_or_last_year_is_missing():
    rules = RuleSet("test")
    rules.rule("1", "m", "T", "V")(bad_v)
    rules.rule("2", "m", ("T", "Missing"), "V")(bad_v)
    rules.rule("3", "m", "T", "V", needs_previous=True)(bad_v)
    assert run_rules(rules.values(), ctx(T=[])) == []
    assert {f.code for f in run_rules(rules.values(), ctx(T=[{"CHILD": "A", "V": "bad"}]))} == {"1"}
    assert {f.code for f in run_rules(rules.values(), ctx(previous=True, T=[{"CHILD": "A", "V": "bad"}]))} == {"1", "3"}


def test_rule_run_is_the_engine_with_one_rule_whatever_the_year():
    rules = RuleSet("test")
    rules.rule("1", "m", "T", "V", years=(2030, None))(bad_v)
    assert [f.child for f in rules["1"].run(ctx(2025, T=[{"CHILD": "A", "V": "bad"}]))] == ["A"]


# ---------------------------------------------------------------------------------------------- code lists
def code_rules(blank_ok: bool) -> RuleSet:
    rules = RuleSet("test")
    add_code_list_rules(rules, [CodeListCheck("9", "T", "V", blank_ok, "V is not a code.", "L", years=(2024, None))],
                        lambda name, year: {"AB", "C1"} if (name, year >= 2025) == ("L", True) else {"AB"})
    return rules


def test_code_list_family_uses_the_years_codes_and_blank_rule():
    rows = [{"CHILD": "A", "V": "AB"}, {"CHILD": "B", "V": "C1"}, {"CHILD": "C", "V": None}, {"CHILD": "D", "V": "ZZ"}]
    assert sorted(f.child for f in run_rules(code_rules(True).values(), ctx(2025, T=rows))) == ["D"]
    assert sorted(f.child for f in run_rules(code_rules(False).values(), ctx(2025, T=rows))) == ["C", "D"]
    assert sorted(f.child for f in run_rules(code_rules(True).values(), ctx(2024, T=rows))) == ["B", "D"]
    assert run_rules(code_rules(True).values(), ctx(2023, T=rows)) == []
    assert code_rules(True)["9"].fields == ("V",) and code_rules(True)["9"].message == "V is not a code."


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["ab", "Ab", "aB", "AB", "c1", "C1"]))
def test_code_list_family_ignores_case_as_dfe_does(value):
    found = run_rules(code_rules(False).values(), ctx(2025, T=[{"CHILD": "A", "V": value}]))
    assert found == []


# ---------------------------------------------------------------------------------------------- the real registries
def _boom(ctx: Context) -> pl.LazyFrame:
    raise RuntimeError("broken rule")


def test_a_crashing_ssda903_rule_is_an_error_of_the_return_not_a_pass(monkeypatch):
    import dataclasses

    from cphub.ssda903.reader import read_files
    from cphub.ssda903.rules import RULES
    from cphub.ssda903.validate import has_errors, validate_return

    monkeypatch.setitem(RULES, "101", dataclasses.replace(RULES["101"], func=_boom))
    header = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,F,10/05/2012,WBRI,A123456789012,,\n"
    found = validate_return(read_files([("Header.csv", header)], 2025), year=2025)
    crashed = [f for f in found if f.code == ENGINE_ERROR]
    assert len(crashed) == 1 and "101" in crashed[0].message and has_errors(found)


def test_a_crashing_cin_rule_is_an_error_of_the_census(monkeypatch):
    import dataclasses

    from cphub.cin.generator import generate_census
    from cphub.cin.reader import parse_census
    from cphub.cin.rules import CIN_RULES, validate_census

    monkeypatch.setitem(CIN_RULES, "8500", dataclasses.replace(CIN_RULES["8500"], func=_boom))
    found = validate_census(parse_census(generate_census("871", 2025, n=5, seed=1)))
    assert [f.message[:9] for f in found if f.code == ENGINE_ERROR] == ["Rule 8500"]
    assert [f for f in found if f.severity == "error" and f.code != ENGINE_ERROR] == []


LIST = Need("providers", "the provider list (give it with --providers)")
FLAG = Need("T.FLAG", "the T table's FLAG column")


def test_a_rule_needing_an_input_not_given_says_it_was_not_checked():
    rules = RuleSet("test")
    rules.rule("1", "V is bad.", "T", "V", needs=(LIST, FLAG))(bad_v)
    found = run_rules(rules.values(), ctx(T=[{"CHILD": "B", "V": "bad"}]))
    assert [(f.code, f.severity, f.row) for f in found] == [("1", "skipped", None)]
    assert "provider list" in found[0].message and "FLAG column" in found[0].message


def test_a_rule_runs_when_its_inputs_are_given():
    rules = RuleSet("test")
    rules.rule("1", "V is bad.", "T", "V", needs=(LIST, FLAG))(bad_v)
    c = ctx(T=[{"CHILD": "B", "V": "bad"}])
    c.tables["T"] = c.tables["T"].with_columns(pl.lit("1").alias("FLAG"))
    c.inputs["providers"] = pl.DataFrame({"URN": ["SC1"]})
    assert [(f.code, f.severity) for f in run_rules(rules.values(), c)] == [("1", "error")]


LAST_FLAG = Need("T_last.FLAG", "last year's T table's FLAG column")


def test_a_need_of_last_years_table_reads_last_years_return():
    """``<Table>_last.<COLUMN>`` is an optional column of last year's table: skipped (and said) when last year's
    table lacks it, run when it has it; without last year's return a rule comparing years is not run at all."""
    rules = RuleSet("test")
    rules.rule("1", "V is bad.", ("T", "T_last"), "V", needs_previous=True, needs=(LAST_FLAG,))(bad_v)
    c = ctx(T=[{"CHILD": "B", "V": "bad"}])
    c.tables["T"] = c.tables["T"].with_columns(pl.lit("1").alias("FLAG"))  # this year's column does not count
    assert run_rules(rules.values(), c) == []
    c.previous = {"T": pl.DataFrame({"CHILD": ["B"]})}
    found = run_rules(rules.values(), c)
    assert [(f.code, f.severity) for f in found] == [("1", "skipped")]
    assert "last year's T table's FLAG column" in found[0].message
    c.previous = {"T": pl.DataFrame({"CHILD": ["B"], "FLAG": ["0"]})}
    assert [(f.code, f.severity) for f in run_rules(rules.values(), c)] == [("1", "error")]
