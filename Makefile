# The README's commands. Each target sets up the virtualenv (.venv) from the pinned requirements
# first, so a fresh clone needs nothing else.
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: book test unit screenshots refresh bench clean

$(READY): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

book: $(READY)  ## re-execute the notebooks whose stored outputs are stale, then build the HTML book into _build/html
	$(BIN)/python scripts/refresh_outputs.py --stale
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going

test: $(READY)  ## lint, unit tests, nbval over every notebook, strict book build, browser tests
	$(BIN)/ruff check --output-format concise .
	$(BIN)/pytest

unit: $(READY)  ## the fast tests: lint and unit tests, no book build, no browser
	$(BIN)/ruff check --output-format concise .
	$(BIN)/pytest -m unit

screenshots: $(READY)  ## every chapter at 390 and 1280 px into _build/screenshots/
	$(BIN)/pytest -m screenshots tests/test_browser.py

refresh: $(READY)  ## re-execute every notebook in place from the current data and code
	$(BIN)/python scripts/refresh_outputs.py

bench: $(READY)  ## measure build and test times against Jupyter Book's template book
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf _build
