"""The development email backend: like Django's console backend it sends nothing, but it writes only that a
message was sent (count and a subject-free line), never the address, the subject or the body, which may carry a
carer's name, email and message. Use SMTP or GOV.UK Notify in production (docs/deployment.md)."""

from __future__ import annotations

import sys
import threading

from django.core.mail.backends.base import BaseEmailBackend


class RedactedConsoleBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        with self._lock:
            for m in email_messages:
                self.stream.write(f"[email] one message to {len(m.recipients())} recipient(s), "
                                  f"{len(m.body)} characters (not shown: console backend keeps no personal data)\n")
            self.stream.flush()
        return len(email_messages)
