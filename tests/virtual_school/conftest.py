"""Virtual School test set-up: make the hand-built data helpers (``vs_helpers``) importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
