"""The PDF pack without a long wait: WeasyPrint takes several seconds for the whole pack, so the page starts it
in the background and shows a progress message that refreshes until it is ready.

The request builds the pack's HTML (about a second, from the store); the PDF made from exactly that HTML is
kept under ``VAR_DIR/packs/<sha256 of the HTML>.pdf``, so an unchanged pack is served at once and any change
(new data, commentary, target, edition field) makes a new one. Only the HTML-to-PDF step runs in the
background thread, so it touches no database. Files older than :data:`KEEP_SECONDS` are removed.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)
KEEP_SECONDS = 7 * 24 * 3600
_RUNNING: dict[str, float] = {}
_LOCK = threading.Lock()


def folder() -> Path:
    out = Path(settings.VAR_DIR) / "packs"
    out.mkdir(parents=True, exist_ok=True)
    return out


def key_of(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def ready(key: str) -> bytes | None:
    path = folder() / f"{key}.pdf"
    return path.read_bytes() if path.exists() else None


def _render(key: str, html: str) -> None:
    from weasyprint import HTML

    try:
        data = HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")
        part = folder() / f"{key}.part"
        part.write_bytes(data)
        part.replace(folder() / f"{key}.pdf")
    except Exception:  # recorded; the page offers to try again
        log.exception("PDF pack %s failed", key[:12])
        (folder() / f"{key}.failed").write_text("failed", encoding="utf-8")
    finally:
        with _LOCK:
            _RUNNING.pop(key, None)


def start(key: str, html: str) -> float:
    """Start making the PDF for ``html`` unless it is already being made; returns when it started."""
    _purge()
    (folder() / f"{key}.failed").unlink(missing_ok=True)
    with _LOCK:
        if key in _RUNNING:
            return _RUNNING[key]
        _RUNNING[key] = time.time()
    threading.Thread(target=_render, args=(key, html), daemon=True, name=f"pdf-{key[:8]}").start()
    return _RUNNING.get(key, time.time())


def failed(key: str) -> bool:
    return (folder() / f"{key}.failed").exists()


def running_since(key: str) -> float | None:
    with _LOCK:
        return _RUNNING.get(key)


def _purge() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for p in folder().glob("*"):
        try:
            if p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            pass
