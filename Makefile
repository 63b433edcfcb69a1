# Two commands on a fresh machine: `make demo` and `make test`. Everything else is optional.
# Both use $(VENV) (.venv), created and installed on first use and reinstalled when
# pyproject.toml changes; `make clean` removes it, so `make clean test` tests from a fresh one.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,scale]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/skiptrace demo

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,scale,bench]"
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) demo-out
