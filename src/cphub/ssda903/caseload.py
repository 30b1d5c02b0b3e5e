"""A social worker's caseload: the children whose SSDA903 social-worker episode (SWEpisodes) with that worker
covers the date: SW_DECOM on or before it and SW_DEC blank or on or after it. Used to limit what a social worker
sees of the children behind a figure (issue 9, least privilege)."""

from __future__ import annotations

from datetime import date

import polars as pl


def caseload(sw_episodes: pl.DataFrame, worker_id: str, at: date) -> set[str]:
    """Children allocated to ``worker_id`` on ``at`` (empty when the worker id is blank)."""
    if not worker_id or sw_episodes.height == 0:
        return set()
    current = sw_episodes.filter(
        (pl.col("SW_ID") == worker_id) & (pl.col("SW_DECOM") <= at)
        & (pl.col("SW_DEC").is_null() | (pl.col("SW_DEC") >= at)))
    return set(current["CHILD"].to_list())
