"""Compute once per data version, serve from the store.

* :func:`bump` moves a council's data version. Every import (SSDA903, CIN, local, education) bumps it from
  :func:`cphub.web.store.importer.replace_slice`, inside the import's transaction; edits of a target, commentary,
  pack edition or kinship local offer bump it from their views. After the transaction commits, the results for
  the default dates are computed again (:func:`precompute`, a django-q2 task; in-process when
  ``CPHUB_SYNC_JOBS=1``).
* :func:`get_or_compute` returns a stored result for (council, data version, kind, as-at date, parameters):
  from this worker's small memory cache, else from the :class:`~cphub.web.results.models.StoredResult` table,
  else computed now and stored. The version is read from the database on every call, so a page never shows a
  result computed before the latest change, whichever worker computed it.
* :func:`frames` keeps a council's tables as Polars frames in this worker, keyed by the version of its tables and
  bounded to ``CPHUB_FRAME_CACHE`` entries (least recently used out).

Results are serialised with :mod:`pickle`; measures (which hold functions) are written as their identifiers and
looked up again in their registry when read. Each payload is signed with an HMAC of the secret key and
:data:`FORMAT`, and a payload that fails the check or cannot be read is computed again.
"""

from __future__ import annotations

import hmac
import io
import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from cphub.web.results.models import DataVersion, StoredResult

log = logging.getLogger(__name__)

FORMAT = "results-1"  # change when the shape of a stored result changes: older payloads are then ignored
MEMORY_RESULTS = 64  # deserialised results kept per worker
MAX_STORED_PER_VERSION = 400  # unusual as-at dates stored per council and version, oldest out
PRECOMPUTE = [  # each: a function (la) -> None that computes and stores the results for the default dates
    "cphub.web.scorecard.services.precompute",
    "cphub.web.core.views.precompute",
    "cphub.web.virtual_school.data.precompute",
]


# --------------------------------------------------------------------------------------------- data version
def current(la: str) -> tuple[int, int]:
    """(version, tables_version) of council ``la``: (0, 0) before its first change."""
    row = DataVersion.objects.filter(la=la).values_list("version", "tables_version").first()
    return row or (0, 0)


def version(la: str) -> int:
    return current(la)[0]


def bump(la: str, reason: str, *, tables: bool = False) -> None:
    """Move council ``la``'s data version on (and its tables version when ``tables``: an import). Call inside the
    transaction that makes the change; the default results are computed again after it commits."""
    with transaction.atomic():
        changes = {"version": F("version") + 1, "reason": reason[:60], "changed": timezone.now()}
        if tables:
            changes["tables_version"] = F("tables_version") + 1
        if not DataVersion.objects.filter(la=la).update(**changes):
            try:
                with transaction.atomic():
                    DataVersion.objects.create(la=la, version=1, tables_version=int(tables), reason=reason[:60])
            except IntegrityError:  # created by a concurrent change meanwhile
                DataVersion.objects.filter(la=la).update(**changes)
    if getattr(settings, "CPHUB_PRECOMPUTE", True):
        transaction.on_commit(lambda: schedule_precompute(la))


def schedule_precompute(la: str) -> None:
    """Queue :func:`precompute` on django-q2 (in-process when CPHUB_SYNC_JOBS=1)."""
    from django_q.tasks import async_task

    async_task("cphub.web.results.services.precompute", la, task_name=f"results-{la}",
               sync=getattr(settings, "CPHUB_SYNC_JOBS", True))


def precompute(la: str) -> dict[str, float]:
    """Compute and store the council's results for the default dates (each area's ``precompute``), then drop the
    results of older versions. Idempotent: what is already stored for this version is not computed again.
    Returns seconds per area."""
    from importlib import import_module

    timings = {}
    for path in PRECOMPUTE:
        module, name = path.rsplit(".", 1)
        start = time.perf_counter()
        try:
            getattr(import_module(module), name)(la)
        except Exception:  # one area failing must not stop the others; its pages compute on request
            log.exception("precompute %s failed", path)
        timings[path] = time.perf_counter() - start
    StoredResult.objects.filter(la=la, version__lt=version(la)).delete()
    return timings


# --------------------------------------------------------------------------------------------- serialising
class _Pickler(pickle.Pickler):
    """Writes measures as ("measure", id) and Virtual School base measures as ("vs_base", id)."""

    def persistent_id(self, obj: Any):
        from cphub.measures.base import Measure
        from cphub.virtual_school.measures import Base

        if isinstance(obj, Measure):
            return ("measure", obj.id)
        if isinstance(obj, Base):
            return ("vs_base", obj.id)
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, measures: Mapping[str, Any] | None = None):
        super().__init__(file)
        self.measures = measures

    def persistent_load(self, pid):
        kind, ident = pid
        if kind == "measure":
            from cphub.measures.registry import REGISTRY
            from cphub.virtual_school.measures import VS_MEASURES

            for reg in (self.measures or REGISTRY, VS_MEASURES):
                if ident in reg:
                    return reg[ident]
            raise pickle.UnpicklingError(f"no measure {ident}")
        if kind == "vs_base":
            from cphub.virtual_school.measures import BASE_BY_ID

            return BASE_BY_ID[ident]
        raise pickle.UnpicklingError(f"unknown persistent id {kind}")


def dumps(obj: Any) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def loads(payload: bytes, measures: Mapping[str, Any] | None = None) -> Any:
    """A result written by :func:`dumps`; measures are looked up in ``measures`` (default: the registry)."""
    return _Unpickler(io.BytesIO(payload), measures).load()


def sign(payload: bytes) -> str:
    return salted_hmac(FORMAT, payload, algorithm="sha256").hexdigest()


# --------------------------------------------------------------------------------------------- results
_lock = threading.Lock()
_memory: OrderedDict[tuple, Any] = OrderedDict()


def _remember(key: tuple, value: Any) -> None:
    with _lock:
        _memory[key] = value
        _memory.move_to_end(key)
        while len(_memory) > MEMORY_RESULTS:
            _memory.popitem(last=False)


def _recall(key: tuple) -> Any | None:
    with _lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
    return None


def clear_memory() -> None:
    """Forget this worker's results and frames (tests; the data version already keeps them from going stale)."""
    with _lock:
        _memory.clear()
        _frames.clear()


def get_or_compute(la: str, kind: str, at: date, params: str, compute: Callable[[], Any],
                   measures: Mapping[str, Any] | None = None) -> Any:
    """The result ``kind`` for council ``la`` at ``at`` with ``params`` at the council's current data version:
    remembered, stored, or computed by ``compute()`` now and stored. ``measures``: the registry the result's
    measures come from (default :data:`cphub.measures.registry.REGISTRY`). With ``CPHUB_RESULTS_STORE=0`` (for the load
    benchmark's baseline) every call computes."""
    if not getattr(settings, "CPHUB_RESULTS_STORE", True):
        return compute()
    v = version(la)
    key = (la, v, kind, at, params)
    hit = _recall(key)
    if hit is not None:
        return hit
    row = (StoredResult.objects.filter(la=la, version=v, kind=kind, at=at, params=params)
           .values_list("payload", "signature").first())
    if row is not None:
        payload = bytes(row[0])
        if hmac.compare_digest(sign(payload), row[1]):
            try:
                value = loads(payload, measures)
            except Exception:
                log.warning("stored result %s could not be read; computing it again", kind)
            else:
                _remember(key, value)
                return value
        StoredResult.objects.filter(la=la, version=v, kind=kind, at=at, params=params).delete()
    start = time.perf_counter()
    value = compute()
    seconds = time.perf_counter() - start
    store(la, v, kind, at, params, value, seconds)
    _remember(key, value)
    return value


def store(la: str, v: int, kind: str, at: date, params: str, value: Any, seconds: float = 0.0) -> None:
    payload = dumps(value)
    StoredResult.objects.bulk_create([StoredResult(la=la, version=v, kind=kind, at=at, params=params,
                                                   payload=payload, signature=sign(payload), seconds=seconds)],
                                     ignore_conflicts=True)
    StoredResult.objects.filter(la=la, version__lt=v).delete()  # superseded: never read again
    ids = list(StoredResult.objects.filter(la=la, version=v).order_by("-created", "-id")
               .values_list("id", flat=True)[MAX_STORED_PER_VERSION:])
    if ids:
        StoredResult.objects.filter(id__in=ids).delete()


def is_stored(la: str, kind: str, at: date, params: str = "") -> bool:
    return StoredResult.objects.filter(la=la, version=version(la), kind=kind, at=at, params=params).exists()


# --------------------------------------------------------------------------------------------- frames
_frames: OrderedDict[tuple, Any] = OrderedDict()
MEASURE_CACHE_LIMIT = 5000  # entries in a CouncilData's measure cache before it is emptied


def frames(la: str, kind: str, load: Callable[[], Any]) -> Any:
    """The council's tables as loaded by ``load()`` (a CouncilData), kept in this worker while its tables
    version is current; at most ``CPHUB_FRAME_CACHE`` entries are kept (least recently used out)."""
    limit = int(getattr(settings, "CPHUB_FRAME_CACHE", 4))
    key = (la, current(la)[1], kind)
    with _lock:
        data = _frames.get(key)
        if data is not None:
            _frames.move_to_end(key)
    if data is None:
        data = load()
        if limit > 0:
            with _lock:
                for old in [k for k in _frames if k[0] == la and k[2] == kind]:
                    del _frames[old]  # an older version of the same tables
                _frames[key] = data
                while len(_frames) > limit:
                    _frames.popitem(last=False)
    cache = getattr(data, "cache", None)
    if isinstance(cache, dict) and len(cache) > MEASURE_CACHE_LIMIT:
        cache.clear()
    return data
