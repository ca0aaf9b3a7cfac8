# The README's commands. Each target sets up the virtualenv (.venv) from the pinned requirements
# first, so a fresh clone needs nothing else.
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# The hashed lock files (compiled from requirements.in and requirements-dev.in, see CONTRIBUTING.md).
LOCKS := requirements.txt requirements-dev.txt

.PHONY: book test unit lab screenshots refresh translations bench mutation attack clean

# Rebuilt from scratch (--clear) whenever a lock file or pyproject.toml changes. Every package is
# checked against its hash, and mgtables is built with the locked setuptools (no build isolation).
$(READY): $(LOCKS) pyproject.toml
	python3 -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes $(addprefix -r ,$(LOCKS))
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# JupyterLab, added to the same virtualenv only for `make lab` (requirements-lab.in says why it is apart).
LAB_READY := $(VENV)/.lab-ready
$(LAB_READY): requirements-lab.txt $(READY)
	$(BIN)/python -m pip install --quiet --require-hashes $(addprefix -r ,$(LOCKS) requirements-lab.txt)
	touch $@

# axe-core for the accessibility test (tests/test_axe.py), pinned in package-lock.json; without npm that test
# is skipped and says so (under CI, where it must run, it fails).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: tests/test_axe.py will be skipped"; fi

book: $(READY)  ## re-execute the notebooks whose stored outputs are stale, then build every edition into _build/html
	$(BIN)/python scripts/refresh_outputs.py --stale
	$(BIN)/python scripts/build_book.py

# One worker per core (pytest-xdist), each test file on one worker: a notebook's cells run in order in one
# kernel (nbval), and what a test module builds once serves all its tests. The book builds run once per
# run whatever the number of workers (tests/conftest.py).
PARALLEL := -n auto --dist loadfile

test: $(READY) $(AXE)  ## lint, unit tests, nbval over every notebook, strict book build, browser tests
	$(BIN)/ruff check --output-format concise .
	$(BIN)/pytest $(PARALLEL)

unit: $(READY)  ## the fast tests: lint and unit tests, no book build, no browser, no TeX compile
	$(BIN)/ruff check --output-format concise .
	$(BIN)/pytest -m unit $(PARALLEL)

lab: $(LAB_READY)  ## JupyterLab on the notebooks of book/, to re-run one and see its tables (installs JupyterLab first)
	$(BIN)/jupyter lab book/

screenshots: $(READY)  ## every chapter at 390 and 1280 px into _build/screenshots/
	$(BIN)/pytest -m screenshots tests/test_browser.py

refresh: $(READY)  ## re-execute every notebook in place from the current data and code
	$(BIN)/python scripts/refresh_outputs.py

translations: $(READY)  ## bring the prose catalogues (book/locale/) up to date with the English pages
	$(BIN)/python scripts/update_translations.py

bench: $(READY)  ## measure build and test times against Jupyter Book's template book
	$(BIN)/python benchmarks/bench.py

mutation: $(READY)  ## mutation testing of the domain and renderer modules ([tool.mutmut] in pyproject.toml; long)
	$(BIN)/mutmut run --max-children 1
	$(BIN)/mutmut export-cicd-stats
	cat mutants/mutmut-cicd-stats.json

attack: $(READY)  ## issue 19's attacks rerun: broken data, payloads in every output, bad commands (a few minutes)
	$(BIN)/python benchmarks/attack.py --write

clean:
	rm -rf _build
