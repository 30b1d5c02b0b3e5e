"""Value maps: a case system's descriptions in an SSD extract -> DfE SSDA903 codes and the Hub's own codes.

A map is data (YAML, ``data/valuemaps/<cms>.yaml``, extending ``common.yaml``), one entry per *field* (a kind of
value, e.g. ``placement_type``), with either or both of:

- ``code_list``: a DfE SSDA903 code list (:data:`cphub.ssda903.codes.CODE_LISTS`) or CIN census code list
  (:data:`cphub.cin.codes.CIN_CODES`). A value that is a code of the
  list (any year), that starts with one followed by a space or a dash ("U1 - Foster placement with ..."), or that is
  the code's DfE description, maps to that code;
- ``map``: description -> code, for everything else (health check types, worker roles, ...).

Matching ignores case and runs of spaces. :meth:`ValueMap.apply` maps a whole column and returns the values that
matched nothing with their counts, so the import can report them: nothing is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl
import yaml

from cphub.cin.codes import CIN_CODES
from cphub.ssda903.codes import CODE_LISTS, Code

CMS = ("liquid_logic", "mosaic")
_SPACES = re.compile(r"\s+")
_LEAD_CODE = re.compile(r"^([A-Za-z0-9]+)(?:\s*[-:–]\s*|\s+)\S")


def _norm(value: str) -> str:
    return _SPACES.sub(" ", value.strip()).casefold()


class ValueMapError(ValueError):
    """A value map file that cannot be used (unreadable YAML, unknown code list, wrong shape)."""


@dataclass(frozen=True)
class FieldMap:
    name: str
    lookup: Mapping[str, str]  # normalised description or code -> code
    codes: frozenset[str] = frozenset()  # the code list's codes (for "starts with a code")

    def code(self, value: str | None) -> str | None:
        """The code for one value, or None when it matches nothing (blank values are None too)."""
        if value is None or not value.strip():
            return None
        hit = self.lookup.get(_norm(value))
        if hit is not None:
            return hit
        if self.codes:
            m = _LEAD_CODE.match(value.strip())
            if m and m.group(1).upper() in self.codes:
                return m.group(1).upper()
        return None


@dataclass
class ValueMap:
    """Every field's map for one case system (or one council's edited copy)."""

    cms: str
    fields: dict[str, FieldMap]
    unmapped: dict[str, dict[str, int]] = field(default_factory=dict)

    def apply(self, series: pl.Series, field_name: str) -> pl.Series:
        """Map a column of descriptions to codes; values matching nothing become null and are counted in
        :attr:`unmapped` under ``field_name``."""
        fm = self.fields.get(field_name)
        if fm is None:
            raise ValueMapError(f"The value map for {self.cms} has no entry for '{field_name}'.")
        uniques = series.drop_nulls().unique().to_list()
        table = {v: fm.code(v) for v in uniques}
        missing = {v: c for v, c in table.items() if c is None and v.strip()}
        if missing:
            counts = series.filter(series.is_in(list(missing))).value_counts()
            seen = self.unmapped.setdefault(field_name, {})
            for v, n in counts.iter_rows():
                seen[v] = seen.get(v, 0) + int(n)
        return series.replace_strict(table, default=None, return_dtype=pl.String)

    def report(self) -> list[tuple[str, str, int]]:
        """(field, value, count) of every value that matched nothing, most frequent first."""
        rows = [(f, v, n) for f, vals in self.unmapped.items() for v, n in vals.items()]
        return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def code_list(name: str) -> tuple[Code, ...] | None:
    """An SSDA903 or CIN census code list by name (None if there is none)."""
    if name in CODE_LISTS:
        return CODE_LISTS[name]
    if name in CIN_CODES:
        return tuple(Code(k, v) for k, v in CIN_CODES[name].items())
    return None


def _field(name: str, spec: dict) -> FieldMap:
    if not isinstance(spec, dict):
        raise ValueMapError(f"Field '{name}' must be a mapping with 'code_list' and/or 'map'.")
    lookup: dict[str, str] = {}
    codes: frozenset[str] = frozenset()
    list_name = spec.get("code_list")
    if list_name is not None:
        listed = code_list(list_name)
        if listed is None:
            raise ValueMapError(f"Field '{name}': '{list_name}' is not an SSDA903 or CIN census code list.")
        codes = frozenset(c.code.upper() for c in listed)
        for c in sorted(listed, key=lambda c: c.to_year is None):  # current codes win a shared description
            lookup[_norm(c.code)] = c.code
            lookup[_norm(c.description)] = c.code
    for desc, code in (spec.get("map") or {}).items():
        lookup[_norm(str(desc))] = str(code)
    return FieldMap(name, lookup, codes)


def _raw(name: str) -> dict:
    try:
        text = resources.files("cphub.ssd").joinpath("data", "valuemaps", f"{name}.yaml").read_text("utf-8")
    except FileNotFoundError as exc:
        raise ValueMapError(f"No shipped value map named '{name}' (choose one of {', '.join(CMS)}).") from exc
    return yaml.safe_load(text)


def _merge(base: dict, extra: dict) -> dict:
    """``extra``'s fields over ``base``'s: a field's ``map`` entries are added to (and override) the base's."""
    out = {k: dict(v) for k, v in (base.get("fields") or {}).items()}
    for name, spec in (extra.get("fields") or {}).items():
        merged = out.setdefault(name, {})
        for key, value in (spec or {}).items():
            merged[key] = {**merged.get(key, {}), **value} if key == "map" else value
    return {**base, **{k: v for k, v in extra.items() if k != "fields"}, "fields": out}


def _resolve(raw: dict, depth: int = 0) -> dict:
    parent = raw.get("extends")
    if parent and depth < 4:
        return _merge(_resolve(_raw(parent), depth + 1), raw)
    return raw


def build(raw: dict) -> ValueMap:
    if not isinstance(raw, dict) or not isinstance(raw.get("fields", {}), dict):
        raise ValueMapError("A value map is a mapping with a 'fields' mapping.")
    raw = _resolve(raw)
    return ValueMap(str(raw.get("cms", "custom")), {n: _field(n, s) for n, s in raw["fields"].items()})


@cache
def _shipped(cms: str) -> dict:
    return _resolve(_raw(cms))


def load(cms: str = "liquid_logic", path: Path | None = None) -> ValueMap:
    """The shipped map for ``cms``, or the council's own map file (which may ``extends:`` a shipped one).
    A fresh :class:`ValueMap` each call, so unmapped counts belong to one import."""
    if path is None:
        return build(_shipped(cms))
    try:
        return from_text(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise ValueMapError(f"Could not read the value map {path}: {exc}") from exc


def from_text(text: str) -> ValueMap:
    """A map from its YAML text (a council's saved map)."""
    try:
        return build(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise ValueMapError(f"The value map is not valid YAML: {exc}") from exc


def descriptions(cms: str, field_name: str) -> dict[str, str]:
    """Code -> the first description the shipped map for ``cms`` gives it (how that system writes the code);
    used by the synthetic SSD writer. A code only mapped from itself is written as the code."""
    out: dict[str, str] = {}
    for desc, code in (_shipped(cms)["fields"][field_name].get("map") or {}).items():
        code, desc = str(code), str(desc)
        if code not in out or out[code] == code:
            out[code] = desc
    return out
