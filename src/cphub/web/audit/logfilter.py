"""A logging filter that keeps personal data out of application logs: it formats the record, then replaces email
addresses, child ids in URLs (``/child/<id>/``), query strings and long digit runs, and any value passed as
``extra={"personal": ...}``. Attached to every handler in settings.LOGGING."""

from __future__ import annotations

import logging
import re
import traceback

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CHILD_PATH = re.compile(r"(/(?:child|children|request|requests|users)/)[^/\s\"']+")
QUERY = re.compile(r"\?[^\s\"']*")
CHILD_ID = re.compile(r"\b(?:CHILD|child|UPN|upn|child id|children)[=: ]+['\"]?[\w-]+")
DIGITS = re.compile(r"\b\d{6,}\b")


def redact(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = CHILD_PATH.sub(r"\1[id]", text)
    text = QUERY.sub("?[query]", text)
    text = CHILD_ID.sub("[child]", text)
    return DIGITS.sub("[number]", text)


class NoPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info and record.exc_info[1] is not None:
            # the formatter uses exc_text when set: the traceback, redacted like the message
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
        if hasattr(record, "personal"):
            record.personal = "[redacted]"
        return True
