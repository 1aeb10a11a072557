# Two commands: `make demo` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint types unit bench clean

$(BIN)/dateline: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(BIN)/dateline

demo: $(BIN)/dateline
	$(BIN)/dateline demo

lint: $(BIN)/dateline
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: $(BIN)/dateline
	$(BIN)/mypy

unit: $(BIN)/dateline
	$(BIN)/pytest -q

test: lint types unit

bench: $(BIN)/dateline
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/components.py
	$(BIN)/python bench/html_extract.py
	$(BIN)/python bench/api_latency.py
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
