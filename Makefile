# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
# the compiled hot path (sim/native.py lists its modules); rebuilt whenever one of them changed
NATIVE_SRC := $(shell $(PYTHON) -I sim/native.py --sources)
NATIVE     := $(VENV)/.compiled
# what `make test-pure` runs as pure Python: the model's own tests (the analyses, dashboard and
# CLI tests only call it; `PURE_TESTS=` runs the whole quick suite)
PURE_TESTS ?= tests/test_fingerprints.py tests/test_native.py tests/test_model.py tests/test_components.py \
	tests/test_instruments.py tests/test_homelessness.py tests/test_clock.py tests/test_units.py \
	tests/test_invariants.py tests/test_bounds.py tests/test_costs.py tests/test_extremes.py \
	tests/test_properties.py tests/test_queueing.py

.PHONY: run test test-pure test-slow test-all lint docs screenshots compile clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dashboard,analysis,dev,distributed]"
	touch $(STAMP)

## Compile the model's hot path with mypyc (C compiler: Debian's gcc). If it cannot be built,
## everything still runs as pure Python, and says so (`boligflyt --version`).
$(NATIVE): $(STAMP) $(NATIVE_SRC) setup.py
	@echo "compiling the hot path with mypyc (about 2 minutes) ..."
	@if BOLIGFLYT_COMPILE=1 $(BIN)/python setup.py --quiet build_ext --inplace --parallel 2 \
		> $(VENV)/compile.log 2>&1; then touch $@; \
	else echo "compiling failed (see $(VENV)/compile.log): running as pure Python"; fi
	@$(BIN)/boligflyt --version

compile: $(NATIVE)

## Start the dashboard on the baseline scenario (http://localhost:$(PORT)).
run: $(STAMP) $(NATIVE)
	$(BIN)/streamlit run dashboard/app.py --server.address localhost --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## Quick test suite (slow statistical tests excluded), on the compiled hot path.
test: $(STAMP) $(NATIVE)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2

## The model's tests once more as pure Python (the same sources, not compiled; CI runs it).
test-pure: $(STAMP)
	BOLIGFLYT_PURE=1 $(BIN)/pytest -q -n 2 $(PURE_TESTS)

## Slow statistical tests (queueing theory, calibration); CI runs these too.
test-slow: $(STAMP) $(NATIVE)
	$(BIN)/pytest -q -n 2 -m slow --durations=8

## Regenerate docs/screenshots/ (every page in bokmål at 1280x720) with the browser test.
screenshots: $(STAMP) $(NATIVE)
	BOLIGFLYT_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -m slow tests/test_dashboard_browser.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

## Regenerate every generated document: SCENARIO.md, VALIDATION.md, the generated sections of
## ANALYSES.md and PERFORMANCE.md, and the notebooks with their outputs (tens of minutes).
docs: $(STAMP) $(NATIVE)
	$(BIN)/boligflyt docs --all --workers 2

clean:
	rm -rf $(VENV) results test-output .pytest_cache .ruff_cache build sim/*.so sim/_native_build.json
