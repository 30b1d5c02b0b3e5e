"""Children looked after against the area's children (issue 11, item 4), as the seed pack compares them: by age
band x sex and by ethnic group, with the **disproportionality ratio** = (share of children looked after in the
group) / (share of the area's children in the group). A ratio above 1 means the group is over-represented in
care; 1.0 means in proportion.

Built from the ``cla_demographics`` measure's breakdown (``age_by_sex``, ``ethnicity_by_sex``), so the public
version's withheld counts stay withheld: a ratio or share made from a withheld count is withheld too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cphub.panel.fmt import SUPPRESSED

MEASURE_ID = "cla_demographics"


@dataclass
class Comparison:
    caption: str
    source: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)


def _pct(n, total) -> float | None:
    return None if n is None or not total else 100 * n / total


def _fmt_pct(v: float | None, withheld: bool = False) -> str:
    return SUPPRESSED if withheld else ("–" if v is None else f"{v:.1f}%")


def _fmt_ratio(ours: float | None, theirs: float | None, withheld: bool = False) -> str:
    if withheld:
        return SUPPRESSED
    if ours is None or not theirs:
        return "–"
    return f"{ours / theirs:.2f}"


def _count(v) -> str:
    return SUPPRESSED if v is None else f"{v:,}"


def compare(detail: dict, ons_code: str | None) -> list[Comparison]:
    """The two comparison tables for a ``cla_demographics`` breakdown (none when the area's data is missing)."""
    from cphub.reference import local_children as ref

    if not ons_code or not isinstance(detail, dict):
        return []
    out: list[Comparison] = []
    by_sex = detail.get("by_sex") or {}
    counts_by_sex: list[int | None] = [v.get("count") for v in by_sex.values() if isinstance(v, dict)]
    all_cla = sum(c for c in counts_by_sex if c is not None) if counts_by_sex and None not in counts_by_sex else None
    rows = detail.get("age_by_sex") or []
    area = ref.age_sex(ons_code)
    if rows and area:
        pop, year = area
        total = all_cla if all_cla is not None else sum(
            v for r in rows for s, v in r.items() if s in ("F", "M", "U") and isinstance(v, int))
        area_total = sum(b["F"] + b["M"] for b in pop.values())
        table = []
        for r in rows:
            band = r["group"]
            line = [band]
            for s in ("F", "M"):
                n = r.get(s)
                ours, theirs = _pct(n, total), _pct(pop.get(band, {}).get(s), area_total)
                line += [_count(n), _fmt_pct(ours, n is None), _fmt_pct(theirs),
                         _fmt_ratio(ours, theirs, n is None)]
            table.append(line)
        heads = ["Age band"]
        for s in ("Female", "Male"):
            heads += [f"{s}: children looked after", f"{s}: % of looked after", f"{s}: % of area's children",
                      f"{s}: ratio"]
        note = " Shares of looked after children are of all children looked after."
        out.append(Comparison("Children looked after by age and sex, against the area's children",
                              ref.AGE_SEX_SOURCE.format(year=year) + "." + note + " " + ref.LICENCE, heads, table,
                              [False] + [True] * 8))
    eth_rows = detail.get("ethnicity_by_sex") or []
    area_eth = ref.ethnicity(ons_code)
    if eth_rows and area_eth:
        known = [r for r in eth_rows if r["group"] in area_eth]
        counts = {r["group"]: (None if any(r.get(s) is None for s in ("F", "M", "U")) else
                               sum(r.get(s) or 0 for s in ("F", "M", "U"))) for r in known}
        total = all_cla if all_cla is not None else sum(v for v in counts.values() if v is not None)
        area_total = sum(area_eth.values())
        table = []
        for g, n in counts.items():
            ours, theirs = _pct(n, total), _pct(area_eth[g], area_total)
            table.append([g, _count(n), _fmt_pct(ours, n is None), _fmt_pct(theirs), _fmt_ratio(ours, theirs, n is None)])
        out.append(Comparison(
            "Children looked after by ethnic group, against the area's children aged 10-17",
            ref.ETHNICITY_SOURCE + ". Shares of looked after children are of all children looked after (including "
            "any whose ethnicity was refused or not obtained). " + ref.LICENCE,
            ["Ethnic group", "Children looked after", "% of looked after", "% of area's children aged 10-17",
             "Ratio"], table, [False, True, True, True, True]))
    return out


def for_card(card) -> list[Comparison]:
    """The comparison tables for a scorecard (empty when it has no demographics measure)."""
    try:
        row = card.row(MEASURE_ID)
    except KeyError:
        return []
    from cphub.reference.councils import council

    try:
        ons = council(card.la).get("ons_code")
    except (KeyError, LookupError):
        return []
    return compare(row.detail, ons)
