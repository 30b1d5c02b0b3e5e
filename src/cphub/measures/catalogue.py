"""Write ``docs/measures.md``: every scorecard measure with its definition, source, window, unit and benchmark.

Run ``python -m cphub.measures.catalogue`` after changing the registry (a test checks the file is current).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cphub.measures.registry import REGISTRY

WINDOWS = {"as_at": "at the date", "ytd": "1 April to the date", "rolling_12m": "12 months to the date",
           "year_to_31_march": "latest SSDA903 year ending by the date"}
DOC = Path(__file__).resolve().parents[3] / "docs" / "measures.md"


def render() -> str:
    lines = ["# Scorecard measures", "",
             "Generated from `cphub.measures.registry` by `python -m cphub.measures.catalogue`; do not edit by hand.",
             "Benchmarks: DfE published values (statistical neighbours = mean of the ten 2025-model neighbours by "
             "default, median on request; region; England), see `src/cphub/reference/data/benchmarks/SOURCE.md`.", ""]
    section = None
    for m in REGISTRY.values():
        if m.section != section:
            section = m.section
            lines += [f"## {section}", ""]
        lines += [f"### {m.title} (`{m.id}`)", "", m.description, "",
                  f"- **Definition:** {m.definition}", f"- **Source:** {m.source}",
                  f"- **Window:** {WINDOWS[m.window]}; **unit:** {m.unit}; **good to be:** {m.good_to_be}",
                  f"- **Default target:** {m.default_target if m.default_target is not None else 'none'}; "
                  f"**DfE benchmark:** {'yes' if m.benchmark else 'no'}", ""]
    return "\n".join(lines)


def main() -> int:
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render(), encoding="utf-8")
    print(f"Wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
