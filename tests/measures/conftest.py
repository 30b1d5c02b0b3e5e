"""Measure test set-up: make the hand-built history helpers (``measure_builders``) importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
