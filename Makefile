# The two commands of the README. Both create ./.venv from the pinned requirements.lock first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test lint ui

$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## Run the whole pipeline on the bundled sample postings.
demo: $(INSTALLED)
	$(BIN)/jobintel run --inbox data/samples/inbox

## Lint, check formatting and types, then run the test suite.
test: $(INSTALLED)
	$(BIN)/ruff check jobintel_assets jobintel_tests bench
	$(BIN)/ruff format --check jobintel_assets jobintel_tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

ui: $(INSTALLED)
	$(BIN)/jobintel ui
