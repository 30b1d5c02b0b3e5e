"""Settings for the test suite: demo mode (a generated secret key, demo accounts allowed), otherwise exactly the
production settings. Tests of the non-demo behaviour start Django in a subprocess with their own environment."""

import os

os.environ.setdefault("CPHUB_DEMO", "1")

from cphub.web.settings import *  # noqa: F403
