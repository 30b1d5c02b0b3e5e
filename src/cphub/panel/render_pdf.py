"""The panel pack as a PDF: the HTML pack (A4 landscape, one measure per page) through WeasyPrint, as a tagged
PDF (PDF/UA-1) so screen readers can follow it."""

from __future__ import annotations

from pathlib import Path

from cphub.panel import render_html
from cphub.panel.scorecard import Scorecard


def render(card: Scorecard) -> bytes:
    from weasyprint import HTML

    html = render_html.render(card)
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def write(card: Scorecard, out: Path) -> None:
    Path(out).write_bytes(render(card))
