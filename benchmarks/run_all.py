"""Run every benchmark in turn (``make bench``): validation, then the scorecard. Each prints its own figures and
its ratio against a baseline measured in the same run. Not part of the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["validate_bench.py", "scorecard_bench.py"]


def main() -> int:
    status = 0
    for name in BENCHMARKS:
        print(f"\n===== {name} =====", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / name), *sys.argv[1:]])
    return status


if __name__ == "__main__":
    sys.exit(main())
