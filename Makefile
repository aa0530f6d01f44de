# The two commands a newcomer needs: `make run` and `make test`. Both make their own virtual
# environment in .venv, so they work where the system Python refuses `pip install` (PEP 668).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# GD_DEMO=0 make run (or make run GD_DEMO=0): start on an empty database instead of the demo.
GD_DEMO ?= 1

.PHONY: run test lint demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## Install and start the dashboard; the first start builds the demo database in data/
## (GD_DEMO=0: an empty database with the default norms, for loading the GD's own data).
run: $(VENV)/.runtime
	bash scripts/system-packages.sh runtime
	GD_DEMO=$(GD_DEMO) $(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

## Install and run every check CI runs: lint, format, and the whole test suite (browser tests too),
## in $(TEST_WORKERS) processes (pytest-xdist; CI has 2 cores; a third process uses the CPU the browser and CLI tests leave idle while they wait). Each test file runs whole in one
## process (--dist loadfile): a module's fixtures are built once and its tests keep their order.
TEST_WORKERS ?= 3
test: $(VENV)/.dev
	bash scripts/system-packages.sh test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

demo: $(VENV)/.runtime
	$(BIN)/python -m gdmetrics demo --db data/gd.duckdb

bench: $(VENV)/.dev
	$(BIN)/python bench/figures.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
