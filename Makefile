# Corporate Parenting Hub. Two commands from a fresh clone:
#   make demo   - install everything, build the synthetic demo council, serve on http://127.0.0.1:8000
#   make test   - install everything the tests need and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8000
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
TSTAMP  = $(VENV)/.installed-test

.PHONY: demo test install install-test system-deps frontend bench clean locks

# Runtime packages only (requirements.lock, hashed); the test tools come from requirements-test.lock.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

$(TSTAMP): $(STAMP) requirements-test.lock
	$(BIN)/pip install -q --require-hashes -r requirements-test.lock
	touch $(TSTAMP)

node_modules/govuk-frontend/package.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) node_modules/govuk-frontend/package.json

install-test: install $(TSTAMP)

# Regenerate both locks from pyproject.toml (needs pip-tools in the venv).
locks:
	$(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --no-header -o requirements.lock pyproject.toml
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --no-header --extra test -c requirements.lock -o requirements-test.lock pyproject.toml

system-deps:
	bash scripts/install-system-deps.sh

# Demo mode: a generated per-installation secret key in var/, the demo accounts (published password, exempt from
# two-factor only in demo mode). `cphub serve` migrates, collects static files and runs gunicorn.
demo: export CPHUB_DEMO = 1
demo: install system-deps
	$(BIN)/cphub setup-demo
	$(BIN)/cphub serve --port $(PORT)

test: install-test system-deps
	bash scripts/run-tests.sh

bench: install-test
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf var/ .pytest_cache
