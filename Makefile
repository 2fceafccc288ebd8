# Civic Atlas KZ — one command for each job. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint format bench load system-deps data clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime  ## start the app with the bundled data at http://localhost:8501
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev system-deps  ## every test: unit, both databases, AppTest, headless Chromium (both cores)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: $(VENV)/.dev  ## the tests without the browser
	$(BIN)/python -m pytest -n 2 -m "not browser"

lint: $(VENV)/.dev  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev  ## format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev system-deps  ## speed and memory ratios, measured in one run
	$(BIN)/python scripts/bench.py

system-deps:  ## Debian packages the tests need (chromium, postgresql), installed when missing
	@bash scripts/ensure-system-deps.sh

data: $(VENV)/.dev  ## rebuild the generated files in data/ (boundaries need npm)
	$(BIN)/python scripts/build_boundaries.py
	$(BIN)/python scripts/build_gazetteer.py
	$(BIN)/python scripts/build_reference_data.py
	$(BIN)/python scripts/make_sample.py

clean:  ## remove the virtual environment, the local database and test artefacts
	rm -rf $(VENV) var tests/artifacts .pytest_cache .ruff_cache

load: $(VENV)/.dev system-deps  ## N people at once in headless Chromium (SESSIONS=8, at most 20)
	$(BIN)/python scripts/load.py --sessions $(or $(SESSIONS),8)
