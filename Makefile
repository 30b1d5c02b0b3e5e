# Corporate Parenting Hub. Two commands from a fresh clone:
#   make demo   - install everything, build the synthetic demo council, serve on http://127.0.0.1:8000
#   make test   - install everything the tests need and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8000
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test install system-deps frontend bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

node_modules/govuk-frontend/package.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) node_modules/govuk-frontend/package.json

system-deps:
	bash scripts/install-system-deps.sh

demo: install system-deps
	$(BIN)/cphub setup-demo
	$(BIN)/cphub serve --port $(PORT)

test: install system-deps
	bash scripts/run-tests.sh

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf var/ .pytest_cache
