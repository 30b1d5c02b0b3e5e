"""Agenda-pack order and page numbers, as the seed pack (003) does it.

The pack is: the notice of meeting and the agenda (front matter, not numbered), then each agenda item's
document in agenda order (the previous minutes, each report, uploaded papers, the attendance record). Pages are
numbered from 1 at the first document. Every document starts on a right-hand page: a document with an odd
number of pages is followed by "This page is intentionally left blank", and the agenda's page range includes
that page (the seed's minutes are "1 - 6", the attendance record "115 - 116"). A document not for publication
keeps its page range in the private pack; the agenda prints "Not for publication" for it, and the public pack
puts one "Document is Restricted" page in its place (page numbers of later documents do not change)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BLANK_PAGE_TEXT = "This page is intentionally left blank"
RESTRICTED_TEXT = "Document is Restricted"
NOT_FOR_PUBLICATION = "Not for publication"


@dataclass(frozen=True)
class PackDocument:
    key: object  # the agenda item it belongs to
    pages: int  # pages of the document itself
    restricted: bool = False


@dataclass(frozen=True)
class PlacedDocument:
    key: object
    pages: int
    first: int  # first page number
    last: int  # last page number, including the blank page that pads it
    restricted: bool

    @property
    def padded(self) -> bool:
        return self.last - self.first + 1 > self.pages

    @property
    def page_range(self) -> str:
        """As the agenda prints it: '1 - 6' (a single page: '7')."""
        return str(self.first) if self.first == self.last else f"{self.first} - {self.last}"


def paginate(documents: Sequence[PackDocument], first_page: int = 1, pad_to_even: bool = True) -> list[PlacedDocument]:
    """Give each document its page numbers, in order; each starts on an odd page when ``pad_to_even``."""
    out, page = [], first_page
    for doc in documents:
        if doc.pages < 1:
            raise ValueError(f"document for item {doc.key!r} has no pages")
        span = doc.pages + (doc.pages % 2 if pad_to_even else 0)
        out.append(PlacedDocument(doc.key, doc.pages, page, page + span - 1, doc.restricted))
        page += span
    return out


def agenda_page_column(placed: PlacedDocument | None, *, restricted: bool) -> str:
    """What the agenda's PAGE column shows for an item: its range, 'Not for publication', or blank."""
    if restricted:
        return NOT_FOR_PUBLICATION
    return placed.page_range if placed else ""


@dataclass(frozen=True)
class PageStamp:
    """One page of the finished pack: where it comes from and the number printed on it ('' = none)."""

    source: str  # 'front', 'document', 'blank' or 'restricted'
    key: object
    index: int  # page index within its source document
    number: str


def page_plan(front_pages: int, placed: Sequence[PlacedDocument], *, public: bool) -> list[PageStamp]:
    """Every page of the pack in order, with its printed number. In the public pack a restricted document is
    one 'Document is Restricted' page (numbered with the document's range) and a blank page."""
    plan = [PageStamp("front", None, i, "") for i in range(front_pages)]
    for p in placed:
        if public and p.restricted:
            plan.append(PageStamp("restricted", p.key, 0, f"Pages {p.page_range}"))
            plan.append(PageStamp("blank", p.key, 0, ""))
            continue
        plan += [PageStamp("document", p.key, i, str(p.first + i)) for i in range(p.pages)]
        if p.padded:
            plan.append(PageStamp("blank", p.key, 0, str(p.last)))
    return plan
