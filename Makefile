# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test test-slow test-all lint docs screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dashboard,analysis,dev,distributed]"
	touch $(STAMP)

## Start the dashboard on the baseline scenario (http://localhost:$(PORT)).
run: $(STAMP)
	$(BIN)/streamlit run dashboard/app.py --server.address localhost --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## Quick test suite (slow statistical tests excluded).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2

## Slow statistical tests (queueing theory, calibration); CI runs these too.
test-slow: $(STAMP)
	$(BIN)/pytest -q -n 2 -m slow --durations=8

## Regenerate docs/screenshots/ (every page in bokmål at 1280x720) with the browser test.
screenshots: $(STAMP)
	BOLIGFLYT_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -m slow tests/test_dashboard_browser.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

## Regenerate every generated document: SCENARIO.md, VALIDATION.md, the generated sections of
## ANALYSES.md and PERFORMANCE.md, and the notebooks with their outputs (tens of minutes).
docs: $(STAMP)
	$(BIN)/boligflyt docs --all --workers 2

clean:
	rm -rf $(VENV) results test-output .pytest_cache .ruff_cache
