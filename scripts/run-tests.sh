#!/usr/bin/env bash
# The whole test suite: on SQLite, then again on PostgreSQL when a server answers on 127.0.0.1:5432
# (or on DATABASE_URL when it is set).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export CPHUB_VAR="$(mktemp -d)"
status=0
# lint and types first: a lint or type error fails `make test` before any test runs
echo "== ruff"
$BIN/ruff check src tests benchmarks scripts || exit 1
echo "== mypy (the domain core, as configured in pyproject.toml)"
$BIN/mypy || exit 1
if [ -n "${DATABASE_URL:-}" ]; then
  echo "== tests on $DATABASE_URL"
  $BIN/python -m pytest -q "$@" || status=$?
  exit $status
fi
echo "== tests on SQLite"
$BIN/python -m pytest -q "$@" || status=$?
if $BIN/python - <<'PY' 2>/dev/null
import psycopg
psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3).close()
PY
then
  db="cphub_ci_$$"
  echo "== tests on PostgreSQL (database $db)"
  DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" $BIN/python -m pytest -q "$@" || status=$?
else
  echo "== PostgreSQL not answering on 127.0.0.1:5432: skipped the PostgreSQL run"
fi
exit $status
