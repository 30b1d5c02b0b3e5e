#!/usr/bin/env bash
# Create .venv-refval: a Python 3.11 environment holding Data to Insight's public SSDA903 validator
# (PyPI csc-validator-be-903, MIT), which pins pandas<2 / numpy<1.25 and so cannot live in the app's venv.
# Usage: scripts/refval/setup.sh   (idempotent; then: .venv-refval/bin/python scripts/refval/run.py DIR --year 2025)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON311:-$(command -v python3.11 || true)}
if [ -z "$PY" ]; then echo "python3.11 is needed" >&2; exit 1; fi
if [ ! -x .venv-refval/bin/python ]; then "$PY" -m venv .venv-refval; fi
.venv-refval/bin/python -m pip install -q --upgrade pip
.venv-refval/bin/python -m pip install -q "csc-validator-be-903==0.1.17" "pandas<2" "numpy<1.25"
.venv-refval/bin/python -c "import lac_validator, pandas; print('refval ready: pandas', pandas.__version__)"
