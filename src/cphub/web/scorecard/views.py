"""Scorecard pages: the scorecard, a page per measure (definition, numerator and denominator, benchmarks, trend,
commentary history and, for roles with ``view_child_level``, the children behind the figure), commentary and
target editing, and downloads of the pack in every format."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from cphub.panel import breakdown
from cphub.panel.changes import summarise
from cphub.panel.fmt import (
    ARROWS,
    DIRECTION_WORDS,
    GOOD_TO_BE,
    format_benchmark,
    format_count,
    format_target,
    format_value,
)
from cphub.panel.render_html import RAG_RULE, long_date, value_cell
from cphub.panel.scorecard import Row, Scorecard
from cphub.panel.sparkline import row_sparkline
from cphub.web.accounts.models import StaffProfile, has_grant
from cphub.web.audit.record import record
from cphub.web.core.dates import DateError, as_at
from cphub.web.core.roles import ADMIN, ANALYST, can, require, roles_of
from cphub.web.core.views import full_figures
from cphub.web.results.services import bump, version
from cphub.web.scorecard import services
from cphub.web.scorecard.models import Commentary, PackEdition, Target

RAG_TAGS = {"red": ("Red", "govuk-tag--red"), "amber": ("Amber", "govuk-tag--yellow"),
            "green": ("Green", "govuk-tag--green"), None: ("No RAG", "govuk-tag--grey")}
CONTENT_TYPES = {"json": "application/json", "html": "text/html; charset=utf-8", "pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _la() -> str:
    return settings.CPHUB_LA


def _at(request) -> tuple[date, str | None]:
    """The as-at date from ``?at=`` (else the default), and an error message when it was not a date."""
    return as_at(request, _la())


def _data_to(card: Scorecard) -> str:
    return f"Data to {long_date(card.data_to)}" if card.data_to else ""


def _present(row: Row, card: Scorecard) -> dict:
    """The strings a template shows for one row (the same formatting as the pack)."""
    m = row.measure
    label, cls = RAG_TAGS[row.rag]
    b = row.benchmarks
    direction = ""
    if row.direction:
        direction = DIRECTION_WORDS[row.direction]
        if row.assessment in ("better", "worse"):
            direction += f", {row.assessment}"
    return {
        "row": row, "id": row.id, "title": m.title, "section": m.section,
        "good_to_be": GOOD_TO_BE.get(m.good_to_be, m.good_to_be),
        "target": format_target(row.target, m.unit), "now": value_cell(row), "last": value_cell(row, "last"),
        "sn": format_benchmark(b.get("statistical_neighbours"), m.unit),
        "region": format_benchmark(b.get("region"), m.unit), "england": format_benchmark(b.get("england"), m.unit),
        "bench_year": b.get("year"), "rag_label": label, "rag_class": cls,
        "arrow": ARROWS.get(row.direction or "", ""), "direction": direction,
        "spark": mark_safe(row_sparkline(row, width=90, height=28)),  # built from escaped text in sparkline.py
        "numerator": format_count(row.numerator, suppressed="numerator" in row.suppressed),
        "denominator": format_count(row.denominator, suppressed="denominator" in row.suppressed),
        "trend": [{"month": p.at.strftime("%b %Y"), "value": format_value(p.value, m.unit)} for p in row.trend],
        "tables": breakdown.tables(row.detail, m.title),
        "council_published": format_benchmark(b.get("council"), m.unit) if b.get("council") is not None else "",
    }


_full_figures = full_figures  # one rule for the home page, the scorecard pages and the downloads


@require("view_scorecard")
def index(request):
    at, error = _at(request)
    public = not _full_figures(request.user)
    card = services.scorecard(_la(), at, public=public)

    def sections():  # called by the template only when its cached fragment (keyed by data version) is missing
        return [(name, [_present(r, card) for r in rows]) for name, rows in card.sections()]

    since = long_date(card.since) if card.since else ""
    default_version = "full" if _full_figures(request.user) else "public"
    summary = summarise(card.changes, since) if card.changes else None
    moved = (summary.significant + summary.within_chance + summary.untested) if summary else []
    return render(request, "scorecard/index.html", {
        "card": card, "at": at, "at_iso": at.isoformat(), "error": error, "sections": sections,
        "results_key": f"{_la()}:{version(_la())}:{at.isoformat()}:{'public' if public else 'full'}",
        "last_month": card.last_year_at.strftime("%b %Y"), "now_month": card.at.strftime("%b %Y"),
        "summary": summary, "moved": moved, "since": since,
        "rag_rule": RAG_RULE, "formats": ["pdf", "xlsx", "html", "json"], "default_version": default_version,
        "can_comment": can(request.user, "edit_commentary"),
        "edition": services.edition_for(_la(), at), "settings_threshold": settings.CPHUB_SUPPRESSION_THRESHOLD,
        "data_to": _data_to(card), "bench_heads": _card_bench_heads(card), "can_full": _full_figures(request.user),
    }, status=400 if error else 200)


def _card_bench_heads(card: Scorecard) -> list[str]:
    from cphub.panel.render_html import card_bench_heads

    return card_bench_heads(card)


def _registry_measure(measure_id: str):
    reg = services.registry()[0]
    if measure_id not in reg:
        raise Http404("No such measure")
    return reg[measure_id]


@require("view_scorecard")
def measure(request, measure_id: str):
    _registry_measure(measure_id)
    at, error = _at(request)
    if error:
        raise DateError(error)
    card = services.scorecard(_la(), at, public=not _full_figures(request.user))
    row = card.row(measure_id)
    present = _present(row, card)
    present["spark"] = mark_safe(row_sparkline(row, width=320, height=80))  # escaped in sparkline.py
    history = (Commentary.objects.filter(edition__la=_la(), measure_id=measure_id)
               .select_related("edition").order_by("-edition__at", "-created", "-id"))
    show_children = can(request.user, "view_child_level")
    from cphub.panel import local_children
    from cphub.panel.action import child_lines, needs_action
    from cphub.panel.paper import why
    from cphub.panel.render_html import bench_heads, published_note

    children, detail_children, limited, action = [], {}, None, []
    if show_children:
        allowed = _visible_children(request.user, at)
        limited = allowed is not None
        children = [c for c in row.children if allowed is None or c in allowed]
        detail_children = {k: [c for c in v if allowed is None or c in allowed] for k, v in row.detail_children.items()}
        if row.value is not None:
            needing = [c for c in needs_action(row) if allowed is None or c in allowed]
            action = child_lines(row, services.load_data(_la()), at, needing)
        seen = set(children).union(*detail_children.values(), (a.child for a in action))
        if seen:
            record(request, "view", f"Scorecard measure {measure_id}: children behind the figure", seen,
                   at=at.isoformat())
    return render(request, "scorecard/measure.html", {
        "why": why(measure_id, row.measure.description), "action": action, "bench_heads": bench_heads(row),
        "published_note": published_note(row, card), "data_to": _data_to(card),
        "local": local_children.for_card(card) if measure_id == local_children.MEASURE_ID else [],
        "card": card, "m": row.measure, "r": present, "at": at, "at_iso": at.isoformat(),
        "error": error, "history": history, "show_children": show_children, "caseload_only": limited,
        "children": children, "detail_children": detail_children,
        "can_comment": can(request.user, "edit_commentary"), "can_target": can(request.user, "edit_targets"),
        "last_month": card.last_year_at.strftime("%b %Y"), "now_month": card.at.strftime("%b %Y"),
        "change": next((c for c in card.changes if c.measure_id == measure_id), None),
    }, status=400 if error else 200)


@require("edit_commentary")
def start_edition(request):
    """Record a pack edition for a date (POST), so later packs compare with it as "the last panel"."""
    if request.method != "POST":
        return redirect("scorecard:index")
    at, error = _at(request)
    if error:
        messages.error(request, error)
        return redirect("scorecard:index")
    title = request.POST.get("title", "").strip()[:200]
    edition, created = PackEdition.objects.get_or_create(
        la=_la(), at=at, defaults={"title": title, "created_by": request.user})
    if created:
        bump(_la(), "pack edition")
        messages.success(request, f"Pack edition started for {long_date(at)}")
    return redirect(f"{reverse('scorecard:index')}?at={at.isoformat()}")


@require("edit_commentary")
def edit_commentary(request, measure_id: str):
    m = _registry_measure(measure_id)
    at, error = _at(request)
    edition = services.edition_for(_la(), at)
    current = services.current_commentary(edition).get(measure_id, "")
    errors = {}
    text = current
    if request.method == "POST" and not error:
        text = request.POST.get("text", "").strip()
        if not text:
            errors["text"] = "Enter the commentary"
        elif len(text) > 5000:
            errors["text"] = "Commentary must be 5,000 characters or fewer"
        else:
            with transaction.atomic():
                if edition is None:
                    edition = PackEdition.objects.create(la=_la(), at=at, created_by=request.user)
                Commentary.objects.create(edition=edition, measure_id=measure_id, text=text, author=request.user,
                                          author_name=request.user.get_username())
                bump(_la(), "commentary")
            messages.success(request, f"Commentary saved for {m.title}")
            return redirect(f"{reverse('scorecard:measure', args=[measure_id])}?at={at.isoformat()}")
    return render(request, "scorecard/commentary_form.html", {
        "m": m, "at": at, "at_iso": at.isoformat(), "text": text, "errors": errors, "date_error": error,
    }, status=400 if errors else 200)


@require("edit_targets")
def edit_target(request, measure_id: str):
    m = _registry_measure(measure_id)
    at, _ = _at(request)
    targets = services.current_targets(_la())
    choice = "council" if measure_id in targets and targets[measure_id] is not None else (
        "none" if measure_id in targets else "default")
    value = "" if targets.get(measure_id) is None else f"{targets[measure_id]:g}"
    reason = ""
    errors = {}
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        value = request.POST.get("value", "").strip()
        reason = request.POST.get("reason", "").strip()[:300]
        number = None
        if choice not in ("default", "council", "none"):
            errors["choice"] = "Select what the target should be"
        elif choice == "council":
            try:
                number = float(value)
            except ValueError:
                errors["value"] = "Enter the target as a number, for example 90 or 18.5"
            else:
                if m.unit == "%" and not 0 <= number <= 100:
                    errors["value"] = "A percentage target must be between 0 and 100"
                elif number < 0:
                    errors["value"] = "The target cannot be negative"
        if not errors:
            with transaction.atomic():
                Target.objects.create(la=_la(), measure_id=measure_id, value=number, use_default=choice == "default",
                                      set_by=request.user, reason=reason)
                bump(_la(), "target")
            messages.success(request, f"Target updated for {m.title}")
            return redirect(f"{reverse('scorecard:measure', args=[measure_id])}?at={at.isoformat()}")
    history = Target.objects.filter(la=_la(), measure_id=measure_id).select_related("set_by")[:20]
    return render(request, "scorecard/target_form.html", {
        "m": m, "at_iso": at.isoformat(), "choice": choice, "value": value, "reason": reason, "errors": errors,
        "default": format_target(m.default_target, m.unit), "history": history, "unit": m.unit,
    }, status=400 if errors else 200)


@require("view_scorecard")
def download(request, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format")
    at, error = _at(request)
    if error:
        raise DateError(error)
    version = request.GET.get("version") or ("full" if _full_figures(request.user) else "public")
    if version not in ("public", "full"):
        raise BadRequest("Choose the public or the full version of the pack.")
    if version == "full" and not _full_figures(request.user):
        raise PermissionDenied("Panel members receive the public pack; an administrator can grant the full pack.")
    from cphub.panel.cli import render as render_pack

    card = services.scorecard(_la(), at, public=version == "public")
    name = f"scorecard-{_la()}-{at.isoformat()}{'-public' if card.public else ''}.{fmt}"
    if fmt == "pdf":
        response = _pdf(request, card, name, version)
        if response.status_code == 200:
            record(request, "export", f"Panel pack pdf ({version})", at=at.isoformat(), version=version)
        return response
    payload = render_pack(card, fmt)
    response = HttpResponse(payload, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record(request, "export", f"Panel pack {fmt} ({version})", at=at.isoformat(), version=version)
    return response


def _visible_children(user, at: date) -> set[str] | None:
    """The children a user may see behind a figure: None for everyone (administrators, analysts, social workers
    granted wider access), else a social worker's caseload on ``at`` from the SSDA903 social-worker episodes."""
    if roles_of(user) & {ADMIN, ANALYST} or has_grant(user, "all_children"):
        return None
    from cphub.ssda903.caseload import caseload
    from cphub.web.store.frames import ssda903_table

    return caseload(ssda903_table(_la(), "SWEpisodes"), StaffProfile.of(user).social_worker_id, at)


def _pdf(request, card: Scorecard, name: str, version: str):
    """The PDF when it is ready; otherwise start it and show a progress page that refreshes (202)."""
    import time

    from cphub.panel import render_html
    from cphub.web.scorecard import pdfjobs

    html = render_html.render(card)
    key = pdfjobs.key_of(html)
    payload = pdfjobs.ready(key)
    if payload is not None:
        response = HttpResponse(payload, content_type=CONTENT_TYPES["pdf"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    failed = pdfjobs.failed(key) and request.GET.get("retry") != "1"
    started = None if failed else (pdfjobs.running_since(key) or pdfjobs.start(key, html))
    again = f"{request.path}?at={card.at.isoformat()}&version={version}"
    return render(request, "scorecard/pdf_progress.html", {
        "failed": failed, "elapsed": int(time.time() - started) if started else 0, "again": again,
        "at": card.at, "public": card.public,
    }, status=503 if failed else 202)  # a failed job: "try again" page, never a server error


@require("edit_commentary")
def edit_paper(request):
    """The panel paper for a date: cover fields and the summary drafted from the figures, edited and saved on the
    pack edition (started if need be)."""
    from cphub.panel.paper import draft_summary
    from cphub.web.scorecard.forms import CoverForm, SummaryForm

    at, error = _at(request)
    if error:
        messages.error(request, error)
        return redirect("scorecard:index")
    edition = services.edition_for(_la(), at) or PackEdition(la=_la(), at=at, created_by=request.user)
    card = services.build(_la(), at)
    titles = {r.id: r.measure.title for r in card.rows}
    saved = list(edition.summary or [])
    base = saved or [{"measure": s.measure_id, "text": s.text} for s in draft_summary(card)]
    sentences = [(s["measure"], titles.get(s["measure"], s["measure"]), s["text"]) for s in base]
    data = request.POST if request.method == "POST" else None
    cover = CoverForm(data, instance=edition, prefix="cover")
    summary = SummaryForm(data, sentences=sentences, prefix="summary")
    if request.method == "POST":
        if request.POST.get("reset") == "yes":
            if edition.pk:
                edition.summary = []
                edition.save(update_fields=["summary"])
                bump(_la(), "panel paper summary reset")
            messages.success(request, "The summary is drafted from the figures again")
            return redirect(f"{reverse('scorecard:paper')}?at={at.isoformat()}")
        if cover.is_valid() and summary.is_valid():
            edition = cover.save(commit=False)
            edition.summary = summary.sentences()
            edition.save()
            bump(_la(), "panel paper cover and summary")
            messages.success(request, f"Panel paper saved for {long_date(at)}")
            return redirect(f"{reverse('scorecard:paper')}?at={at.isoformat()}")
    errors = [(f"id_cover-{k}", m) for k, ms in cover.errors.items() for m in ms]
    errors += [(f"id_summary-{k}", m) for k, ms in summary.errors.items() for m in ms]
    return render(request, "scorecard/paper_form.html", {
        "at": at, "at_iso": at.isoformat(), "cover": cover, "summary": summary, "errors": errors,
        "drafted": not saved, "measures": dict(zip([f"s{i}" for i in range(len(sentences))],
                                                    [s[0] for s in sentences])),
    }, status=400 if errors else 200)
