"""docs/kinship.md documents every answers field, condition and national entitlement, and its JSON examples parse."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cphub.kinship.answers import FIELDS, parse
from cphub.kinship.definition import classify
from cphub.kinship.entitlements import CONDITIONS, national

DOC = (Path(__file__).resolve().parents[2] / "docs" / "kinship.md").read_text(encoding="utf-8")


def test_every_field_condition_and_entitlement_is_documented():
    for name in [f.name for f in FIELDS] + list(CONDITIONS) + [e.id for e in national()]:
        assert f"| `{name}` |" in DOC, name


def test_examples_parse_and_classify_as_documented():
    examples = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", DOC, re.S)]
    assert [classify(parse(e).arrangement).clause for e in examples] == ["2(d)", "2(b)", "2(e)"]
