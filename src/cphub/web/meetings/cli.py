"""``cphub panel reminders`` (email authors whose papers are due; run daily from cron or a Django-Q2 schedule)
and ``cphub panel pack`` (write a meeting's agenda pack PDF)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("panel", help="Corporate Parenting Panel business: reminders, agenda packs")
    psub = p.add_subparsers(dest="panel_command", required=True, metavar="PANEL_COMMAND")
    r = psub.add_parser("reminders", help="Email report authors whose papers for the panel are due")
    r.add_argument("--today", type=date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)")
    r.set_defaults(func=cmd_reminders)
    k = psub.add_parser("pack", help="Write a meeting's agenda pack as one PDF")
    k.add_argument("meeting_date", type=date.fromisoformat, help="The meeting's date (YYYY-MM-DD)")
    k.add_argument("--private", action="store_true", help="Include papers not for publication")
    k.add_argument("--out", type=Path, required=True)
    k.set_defaults(func=cmd_pack)


def cmd_reminders(args) -> int:
    from cphub.cli import setup_django

    setup_django()
    from cphub.web.meetings.reminders import send_due_reminders

    sent = send_due_reminders(args.today)
    for r in sent:
        print(f"reminded {r.author} <{r.author_email}>: {r.display_title()} for {r.meeting.date:%-d %B %Y}")
    print(f"{len(sent)} reminder(s) sent")
    return 0


def cmd_pack(args) -> int:
    from cphub.cli import setup_django

    setup_django()
    from cphub.web.meetings import models as M
    from cphub.web.meetings import services as svc

    meeting = M.Meeting.objects.filter(date=args.meeting_date).first()
    if meeting is None:
        print(f"No meeting on {args.meeting_date:%-d %B %Y}", file=sys.stderr)
        return 2
    try:
        pdf, _ = svc.build_pack(meeting, public=not args.private, user=None)
    except svc.PackError as exc:
        print(f"The pack could not be made: {exc}", file=sys.stderr)
        return 1
    args.out.write_bytes(pdf)
    print(f"wrote {args.out} ({len(pdf):,} bytes)")
    return 0
