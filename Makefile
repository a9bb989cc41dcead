# Every install step lives here: `make repl` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup repl test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

repl: setup
	$(BIN)/qabot repl

# Lint, formatting and types first, then every test in random order (pytest-randomly),
# on every core (pytest-xdist).
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto

# Speed and memory beside bm25s and tantivy (the `bench` extra): figures, not tests; about an hour.
bench: setup
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/scale.py --startup

clean:
	rm -rf $(VENV) .pytest_cache
