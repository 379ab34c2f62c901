# campfire-pay developer tasks. Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
# `make demo` runs in an environment of its own with only what it needs: the SDK and its
# `sandbox` and `cli` extras, no dev tools.
DEMO_VENV := .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.installed-stamp

.PHONY: install regen check-generated lint format docs test test-pythons test-regen demo clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt \
	  $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## Pull the live schema (or SCHEMA=<url or file>), regenerate generated/ and print the drift.
## Exits 3 and changes nothing when the facade needs a code change; ACCEPT=1 goes ahead.
regen: $(STAMP)
	$(PY) scripts/regen.py $(if $(SCHEMA),--schema "$(SCHEMA)") $(if $(ACCEPT),--accept-breaking)

## Fail when generated/ is not exactly what openapi/campfire.json produces.
check-generated: $(STAMP)
	$(PY) scripts/regen.py --check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy facade/campfire_pay tests/example_app.py examples
	$(PY) scripts/unasync.py --check

format: $(STAMP)
	$(PY) scripts/unasync.py
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## The API reference from the docstrings, into build/site; any warning fails it.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet

test: lint check-generated docs
	$(BIN)/pytest

## The SDK's tests on every other Python that requires-python claims, installed from the registry.
test-pythons: $(STAMP)
	bash scripts/test_pythons.sh

## `make regen SCHEMA=<snapshot> && make test` from each live snapshot, in a copy per snapshot.
test-regen: $(STAMP)
	bash scripts/test_regen.sh

$(DEMO_STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(DEMO_VENV)
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt $(DEMO_VENV)/bin/python -m pip install --quiet \
	  --disable-pip-version-check -c constraints.txt -e '.[sandbox,cli]'
	touch $(DEMO_STAMP)

## Pay invoices and bills against a local sandbox; its files stay in build/demo/.
demo: $(DEMO_STAMP)
	$(DEMO_VENV)/bin/python scripts/demo.py

clean:
	rm -rf $(VENV) $(DEMO_VENV) .pytest_cache .mypy_cache .ruff_cache
