"""Write docs/validation-rules.md from the rule registries and the DfE rule lists.

    .venv/bin/python scripts/gen_validation_doc.py            # rewrite docs/validation-rules.md
    .venv/bin/python scripts/gen_validation_doc.py --check    # exit 1 if the file is out of date

For each SSDA903 collection year (2024-25, 2025-26, 2026-27) and for the CIN census it lists every published rule code as
implemented (with the Hub's own message, the years the rule is declared for and its hand-made test cases, found by
reading the test files: the case tables' rows and the test functions that name the code) or not yet (with the
reason, where the data cannot support it). ``tests/validation_b/test_coverage.py`` fails when the file is stale. Rules
anyone adds to ``cphub.ssda903.rules`` appear automatically. Hand-written notes between the markers
``<!-- notes:start -->`` and ``<!-- notes:end -->`` (e.g. the cross-check against the reference validator) are kept.
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cphub.cin.rules import CIN_RULES  # noqa: E402 (after the path is set)
from cphub.rule_engine import year_spans  # noqa: E402 (after the path is set)
from cphub.ssda903.rules import RULES  # noqa: E402 (after the path is set)
from cphub.ssda903.validate import rule_applies  # noqa: E402 (after the path is set)

LISTS = ROOT / "src" / "cphub" / "ssda903" / "data" / "rule_lists"
DOC = ROOT / "docs" / "validation-rules.md"
YEARS = {2025: "903_lac2024_25_rules.csv", 2026: "903_lac2025_26_rules.csv", 2027: "903_lac2026_27_rules.csv"}
NOTES_START, NOTES_END = "<!-- notes:start -->", "<!-- notes:end -->"

# Why a rule cannot be checked from the tables the Hub reads (fields the SSDA903 CSV export does not carry).
NOT_CHECKABLE: dict[str, str] = {
}


def _num(code: str) -> tuple[int, str]:
    m = re.match(r"(\d+)", code)
    return (int(m.group(1)) if m else 10**6, code)


def _read(name: str) -> list[dict]:
    with open(LISTS / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


TESTS = ROOT / "tests"
SSDA903_TESTS = ("validation_a", "validation_b")
CIN_TESTS = ("cin",)


def _expected_is_pass(elts: list[ast.expr]) -> bool | None:
    """In a case tuple (code, tables, ..., expected, ...): True for a passing case, False for a failing one, None
    when the tuple carries no expected result (then it is a failing case, as CIN's FAILS)."""
    for e in elts[2:]:
        if isinstance(e, ast.Name) and e.id == "OK":
            return True
        if isinstance(e, ast.List):
            return not e.elts
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "fail":
            return False
    return None


def test_cases(folders: tuple[str, ...], codes: set[str]) -> dict[str, dict]:
    """Per rule code: {"pass": n, "fail": n, "files": {file}, "tests": [file::function]} from the test sources."""
    out: dict[str, dict] = {}

    def slot(code: str) -> dict:
        return out.setdefault(code, {"pass": 0, "fail": 0, "files": set(), "tests": []})

    for folder in folders:
        for path in sorted((TESTS / folder).glob("test_*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            name = f"{folder}/{path.name}"
            for node in tree.body:
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
                    for t in node.value.elts:
                        if (isinstance(t, ast.Tuple) and t.elts and isinstance(t.elts[0], ast.Constant)
                                and t.elts[0].value in codes):
                            s = slot(t.elts[0].value)
                            s["pass" if _expected_is_pass(t.elts) else "fail"] += 1
                            s["files"].add(name)
                elif isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                    named = {c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and c.value in codes}
                    for code in named:
                        slot(code)["tests"].append(f"{name}::{node.name}")
    return out


NEED_LABELS = {"providers": "Ofsted provider list", "la": "council code", "Header.UASC": "Header UASC column",
               "Header_last.UASC": "last year's Header UASC column", "Episodes.PL_DISTANCE": "DfE's PL_DISTANCE",
               "Episodes.PL_LOCATION": "DfE's PL_LOCATION", "year_end": "complete year"}


def _needs(rule) -> str:
    """The optional inputs a rule needs (it says "not checked" without them), and last year's return."""
    names = [NEED_LABELS.get(n.name, n.name) for n in rule.needs]
    if rule.needs_previous:
        names.append("last year's return")
    return ", ".join(names)


def _tests_cell(found: dict | None) -> str:
    if not found:
        return "none"
    parts = []
    if found["pass"] or found["fail"]:
        parts.append(f"{found['pass']} pass, {found['fail']} fail cases in " + ", ".join(f"`{f}`" for f in
                                                                                         sorted(found["files"])))
    parts += [f"`{t}`" for t in found["tests"]]
    return "; ".join(parts)


def _span(lo: int | None, hi: int | None) -> str:
    if lo is None and hi is None:
        return "all"
    if lo is not None and lo == hi:
        return f"{lo - 1}-{str(lo)[2:]}"
    return f"{'' if lo is None else f'{lo - 1}-{str(lo)[2:]}'} to {'' if hi is None else f'{hi - 1}-{str(hi)[2:]}'}"


def _years(rule) -> str:
    return "; ".join(_span(lo, hi) for lo, hi in year_spans(rule.years))


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render(notes: str) -> str:
    out = ["# Validation rules", "",
           ("Generated by `scripts/gen_validation_doc.py` from the rule registries (`cphub.ssda903.rules`, "
           "`cphub.cin.rules`) and the DfE rule lists (codes only, in `src/cphub/ssda903/data/rule_lists/`). "
           "Do not edit by hand except between the notes markers."), "",
           ("Run them with `cphub validate PATH [--previous PATH] [--history DIR ...] [--year YYYY] [--la CODE] "
           "[--providers FILE] [--extract-date DD/MM/YYYY] [--format text|json|xlsx]`; imports (`cphub import`, the "
           "upload page) run them before loading. Rules that compare years run only when last year's return is given "
           "(`--previous`, the folder of the year before next to a year folder `ROOT/<year>`, or the previous year already in "
           "the store). A rule that needs an optional input (column "
           "*Runs only with*: Ofsted's provider list, the council's code, an optional column, the complete year) is "
           "reported as **not checked**, saying what it needs, when that input is not given; it never passes silently."),
           ""]
    summary = ["## Summary", "", "| Collection | Rules in the DfE list | Implemented | Not yet |",
               "|---|---:|---:|---:|"]
    sections = []
    tested = test_cases(SSDA903_TESTS, set(RULES))
    for year, name in YEARS.items():
        rows = sorted(_read(name), key=lambda r: _num(r["code"]))
        done = [r for r in rows if r["code"] in RULES and rule_applies(r["code"], year)]
        todo = [r for r in rows if r not in done]
        label = f"SSDA903 {year - 1}-{str(year)[2:]}"
        summary.append(f"| {label} | {len(rows)} | {len(done)} | {len(todo)} |")
        sec = [f"## {label}", "", f"### Implemented ({len(done)})", "",
               "| Code | Type | Years | Tables | Fields | Runs only with | Our message | Test cases |",
               "|---|---|---|---|---|---|---|---|"]
        for r in done:
            rule = RULES[r["code"]]
            sec.append(f"| {r['code']} | {rule.severity} | {_years(rule)} | {', '.join(rule.tables)} | "
                       f"{', '.join(rule.fields)} | {_needs(rule)} | {_cell(rule.message)} | "
                       f"{_tests_cell(tested.get(r['code']))} |")
        sec += ["", f"### Not yet implemented ({len(todo)})", ""]
        sec += (["| Code | Tables | Fields | Why |", "|---|---|---|---|"] if todo
                else ["None: every code of this year's DfE list is implemented."])
        for r in todo:
            why = NOT_CHECKABLE.get(r["code"], "not yet written")
            sec.append(f"| {r['code']} | {r['tables'].replace(';', ', ')} | {r['affected_fields'].replace(';', ', ')} "
                       f"| {why} |")
        sections += sec + [""]
    extra = sorted((c for c in RULES if not any(c in {r["code"] for r in _read(n)} for n in YEARS.values())), key=_num)
    cin_rows = sorted(_read("cin_cin2025_26_rules.csv"), key=lambda r: _num(r["code"]))
    cin_done = [r for r in cin_rows if r["code"] in CIN_RULES]
    cin_todo = [r for r in cin_rows if r["code"] not in CIN_RULES]
    summary.append(f"| CIN census 2025-26 | {len(cin_rows)} | {len(cin_done)} | {len(cin_todo)} |")
    cin = ["## CIN census 2025-26", "",
           ("The Hub checks the basic CIN census rules (mandatory fields, dates, codes) with `cphub.cin.rules`; DfE "
           "QUERY rules are warnings. Rows are the position of the `<Child>` element in the XML file."), "",
           f"### Implemented ({len(cin_done)})", "", "| Code | Type | Table | Fields | Our message | Test cases |",
           "|---|---|---|---|---|---|"]
    cin_tested = test_cases(CIN_TESTS, set(CIN_RULES))
    for r in cin_done:
        rule = CIN_RULES[r["code"]]
        cin.append(f"| {r['code']} | {rule.severity} | {rule.tables[0]} | {', '.join(rule.fields)} | "
                   f"{_cell(rule.message)} | {_tests_cell(cin_tested.get(r['code']))} |")
    cin += ["", f"### Not yet implemented ({len(cin_todo)})", ""]
    cin += (["| Code | Type | Module | Fields | Why |", "|---|---|---|---|---|"] if cin_todo
            else ["None: every code of the DfE list is implemented."])
    for r in cin_todo:
        cin.append(f"| {r['code']} | {r['rule_type']} | {r['module']} | {r['affected_fields'].replace(';', ', ')} "
                   f"| {NOT_CHECKABLE.get(r['code'], 'not yet written')} |")
    out += summary + [""]
    if extra:
        out += ["Registered rules not in either DfE list: " + ", ".join(extra) + ".", ""]
    out += ["## Notes", "", NOTES_START, notes.strip("\n"), NOTES_END, ""]
    out += sections + cin + [""]
    return "\n".join(out)


def current_notes() -> str:
    if DOC.is_file():
        text = DOC.read_text(encoding="utf-8")
        if NOTES_START in text and NOTES_END in text:
            return text.split(NOTES_START, 1)[1].split(NOTES_END, 1)[0]
    return ("\nHow a rule is written: one small function per DfE code over the typed tables "
            "(`src/cphub/ssda903/rules/rules_*.py`), our own wording of the message, a pass and a fail test built by "
            "hand (`tests/validation_a/`, `tests/validation_b/`). Reader problems (a value that is not a date, a "
            "missing column) are reported as FORMAT/COLUMNS/FILE findings; where a DfE rule covers the same field "
            "(for example 102, date of birth not a valid date) the rule's finding replaces the reader's.\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    text = render(current_notes())
    if args.check:
        same = DOC.is_file() and DOC.read_text(encoding="utf-8") == text
        print("docs/validation-rules.md is up to date." if same else "docs/validation-rules.md is out of date.")
        return 0 if same else 1
    DOC.write_text(text, encoding="utf-8")
    print(f"Wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
