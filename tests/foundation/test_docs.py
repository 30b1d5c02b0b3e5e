from pathlib import Path

from cphub.docs import render


def test_data_model_doc_is_current():
    doc = Path(__file__).resolve().parents[2] / "docs" / "data-model.md"
    assert doc.read_text(encoding="utf-8") == render(), "docs/data-model.md is stale: run `python -m cphub.docs`"


def test_every_table_and_column_documented():
    from cphub.local.schema import LOCAL_TABLES
    from cphub.ssda903.schema import TABLES

    text = render()
    for t in [*TABLES.values(), *LOCAL_TABLES.values()]:
        assert f"### {t.name}" in text
        for c in t.columns:
            assert f"`{c.name}`" in text
