"""The demo installation's secret key: random, generated once per installation into ``var/`` (mode 0600), so no
key is ever published in the repository. Used only in demo mode (``CPHUB_DEMO=1``); see settings.py."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path


def demo_secret_key(var_dir: Path) -> str:
    path = Path(var_dir) / "demo-secret-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process is writing it: wait for the whole key
            key = path.read_text().strip()
            if len(key) >= 50:
                return key
            time.sleep(0.02)
        raise
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
