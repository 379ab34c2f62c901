# campfire-pay developer tasks. Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install regen check-generated lint format test demo clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## Pull the live schema (or SCHEMA=<url or file>), regenerate generated/ and print the drift.
regen: $(STAMP)
	$(PY) scripts/regen.py $(if $(SCHEMA),--schema "$(SCHEMA)")

## Fail when generated/ is not exactly what openapi/campfire.json produces.
check-generated: $(STAMP)
	$(PY) scripts/regen.py --check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy facade/campfire_pay tests/example_app.py

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint check-generated
	$(BIN)/pytest

demo: $(STAMP)
	$(PY) scripts/demo.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
