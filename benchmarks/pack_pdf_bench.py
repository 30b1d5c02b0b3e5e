"""Benchmark: the panel pack for the demo council as a panel paper (issue 11, item 3; not a test).

Targets: under 25 pages; the PDF in under 5 s, or made in the background with a progress page (which the web
download does: ``cphub.web.scorecard.pdfjobs``).

Data: the demo council in the store at ``CPHUB_VAR`` (run ``cphub setup-demo`` there first; default ``var``).
Timed, median of ``--repeat`` runs, wall and CPU: assembling the scorecard from the store (warm), the HTML, and
the HTML to PDF step (WeasyPrint). The baseline, measured in the same run, is WeasyPrint on the pack's cover
page alone, so the ratio says how much of the time is the pack's length rather than WeasyPrint's start-up.

Run: ``CPHUB_VAR=var .venv/bin/python benchmarks/pack_pdf_bench.py [--public] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import statistics
import time


def _timed(fn, repeat: int):
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--public", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from cphub.cli import setup_django

    setup_django()
    from django.conf import settings

    return run(settings.CPHUB_LA, args.public, args.repeat)



def run(la: str, public: bool, repeat: int) -> int:
    from weasyprint import HTML

    from cphub.panel import render_html
    from cphub.web.scorecard.services import build, load_data
    from cphub.web.store.currency import latest_complete

    at = latest_complete(la)
    if at is None:
        print("No demo data: run `cphub setup-demo` with the same CPHUB_VAR first.")
        return 1
    load_data(la)
    build(la, at, public=public)  # warm the measure caches, as the web app is after its first request
    wall, cpu, card = _timed(lambda: build(la, at, public=public), repeat)
    print(f"scorecard at {at} ({'public' if public else 'full'}): {wall:.2f} s wall, {cpu:.2f} s CPU")
    wall, cpu, html = _timed(lambda: render_html.render(card), repeat)
    print(f"HTML: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(html) // 1024} KB")
    wall, cpu, _ = _timed(lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), repeat)
    doc = HTML(string=html).render()
    print(f"PDF: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(doc.pages)} pages (target < 25 pages, < 5 s or queued)")
    cover = html.split('<section class="page contents"')[0] + "</main></body></html>"
    bwall, bcpu, _ = _timed(lambda: HTML(string=cover).write_pdf(), repeat)
    print(f"baseline (cover page alone): {bwall:.2f} s wall, {bcpu:.2f} s CPU; pack / baseline = "
          f"{wall / bwall:.1f}x wall, {cpu / max(bcpu, 1e-6):.1f}x CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
