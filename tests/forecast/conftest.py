"""Forecast test set-up: make the hand-made chain helpers (``forecast_chains``) importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
