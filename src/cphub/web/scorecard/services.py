"""The imperative shell around :mod:`cphub.panel`: reads the council's data, targets, commentary and editions
from the store and assembles the scorecard. Used by the web views and by ``cphub scorecard``."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from cphub.panel.changes import attach
from cphub.panel.scorecard import Scorecard, add_months, assemble
from cphub.panel.suppress import public as make_public
from cphub.web.scorecard.models import PackEdition, Target

DEFAULT_GAP_MONTHS = 3  # the last panel, when no earlier edition is recorded: a quarter earlier


def registry():
    """(REGISTRY, compute, benchmark): the measure registry and the benchmark lookup. Tests replace this."""
    from cphub.measures.registry import REGISTRY, compute

    try:
        from cphub.reference.benchmarks import benchmark
    except ModuleNotFoundError:
        benchmark = None
    return REGISTRY, compute, benchmark


_DATA: dict[str, tuple[object, float, object]] = {}
DATA_TTL_SECONDS = 300


def _store_stamp(la: str):
    from cphub.web.store.models import ImportBatch

    return tuple(ImportBatch.objects.filter(la=la).order_by("-id").values_list("id", "status", "finished")[:1])


def load_data(la: str):
    """The council's CouncilData, kept in this process while no import has run since and for at most
    :data:`DATA_TTL_SECONDS`, so measure caches stay warm between requests (a warm scorecard is well under 1 s)."""
    import time

    from cphub.web.store.frames import council_data

    stamp = _store_stamp(la)
    hit = _DATA.get(la)
    if hit and hit[0] == stamp and time.monotonic() - hit[1] < DATA_TTL_SECONDS:
        return hit[2]
    data = council_data(la)
    _DATA[la] = (stamp, time.monotonic(), data)
    return data


def council_name(la: str) -> str:
    from cphub.web.store.models import Council

    c = Council.objects.filter(code=la).first()
    return c.name if c else f"Council {la}"


def council_note(la: str) -> str:
    from cphub.web.store.models import Council

    c = Council.objects.filter(code=la).first()
    return "Demonstration: every child and figure in this pack is synthetic." if c and c.synthetic else ""


def current_targets(la: str) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for t in Target.objects.filter(la=la).order_by("set_at", "id"):
        if t.use_default:
            out.pop(t.measure_id, None)
        else:
            out[t.measure_id] = t.value
    return out


def edition_for(la: str, at: date) -> PackEdition | None:
    return PackEdition.objects.filter(la=la, at=at).first()


def previous_edition(la: str, at: date) -> PackEdition | None:
    return PackEdition.objects.filter(la=la, at__lt=at).order_by("-at").first()


def current_commentary(edition: PackEdition | None) -> dict[str, str]:
    if edition is None:
        return {}
    out: dict[str, str] = {}
    for c in edition.commentary.order_by("created", "id"):
        out[c.measure_id] = c.text
    return out


def paper_fields(edition: PackEdition | None) -> dict:
    """The edition's cover fields and the officer's summary, for :mod:`cphub.panel.paper`."""
    if edition is None:
        return {}
    return {"meeting_name": edition.meeting_name, "meeting": edition.meeting, "author": edition.author,
            "version": edition.version, "status": edition.status, "action_required": edition.action_required,
            "summary": list(edition.summary or [])}


def build(la: str, at: date, *, public: bool = False, threshold: int | None = None, since: date | None = None,
          with_changes: bool = True, statistic: str = "mean", data=None,
          measure_ids: list[str] | None = None) -> Scorecard:
    """The scorecard for ``la`` at ``at`` with the council's targets and this edition's commentary; the changes
    since the previous edition (or ``since``, or a quarter earlier); the public version when asked."""
    reg, compute, benchmark = registry()
    data = data if data is not None else load_data(la)
    edition = edition_for(la, at)
    targets = current_targets(la)
    from cphub.web.store.currency import currency

    sources = currency(la)
    card = assemble(data, at, registry=reg, compute=compute, benchmark=benchmark, targets=targets,
                    measure_ids=measure_ids, commentary=current_commentary(edition), statistic=statistic,
                    council_name=council_name(la), edition=str(edition) if edition else "", currency=sources)
    card.note = council_note(la)
    card.paper = paper_fields(edition)
    if with_changes:
        if since is None:
            prev = previous_edition(la, at)
            since = prev.at if prev else add_months(at, -DEFAULT_GAP_MONTHS)
        before = assemble(data, since, registry=reg, compute=compute, benchmark=benchmark, targets=targets,
                          statistic=statistic, trend_months=1, measure_ids=measure_ids, currency=sources)
        attach(card, before)
    if public:
        card = make_public(card, threshold if threshold is not None else settings.CPHUB_SUPPRESSION_THRESHOLD)
    else:  # other areas' sections (e.g. the forecast); not in the public version, whose small counts are suppressed
        card.extra_sections = [s for s in (provide(la) for provide in PACK_SECTIONS) if s is not None]
    return card


# Functions (la) -> section or None that add pages to the internal pack; apps register theirs in AppConfig.ready().
PACK_SECTIONS: list = []
