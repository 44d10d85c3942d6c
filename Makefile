# One task runner. `make report` and `make test` do everything on a fresh
# machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# cffconvert 2.0 pins jsonschema 3, so it gets an environment of its own.
CFF_VENV := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed
# roc-validator 0.13 pins rich < 14 (the project has 15): its own environment too;
# tests/rocrate_check.py runs it offline with the vendored RO-Crate context.
ROC_VENV := .venv-roc
ROC_STAMP := $(ROC_VENV)/.installed

# axe-core, the accessibility checker the tests inject into chromium, at the
# version of tools/package-lock.json.
AXE := tools/node_modules/axe-core/axe.min.js

.DEFAULT_GOAL := report
.PHONY: setup system-report system-test validate report test lint bench clean metadata release

# The system libraries and programs, checked first (and installed with
# apt-get when run as root on Debian/Ubuntu); see "Setting up" in the README.
# -I: nothing from the working folder may shadow the standard library.
system-report:
	@$(PYTHON) -I scripts/ontwerptafel/system.py report

system-test:
	@$(PYTHON) -I scripts/ontwerptafel/system.py test

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || { echo "WeasyPrint cannot load Pango: install it with 'apt-get install libpango-1.0-0 libpangoft2-1.0-0' (Debian/Ubuntu)"; exit 1; }
	@touch $(STAMP)

$(CFF_STAMP):
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet cffconvert==2.0.0
	@touch $(CFF_STAMP)

$(ROC_STAMP): requirements-roc.lock
	$(PYTHON) -m venv $(ROC_VENV)
	$(ROC_VENV)/bin/python -m pip install --quiet -r requirements-roc.lock
	@touch $(ROC_STAMP)

$(AXE): tools/package.json tools/package-lock.json
	cd tools && npm ci --ignore-scripts --no-audit --no-fund --silent
	@touch $(AXE)

setup: system-report $(STAMP)

validate: setup
	$(BIN)/ontwerptafel validate

# One build makes every language and the landing page in one process, on
# every core, rendering only the documents whose inputs changed. Validation
# runs once: `validate` (which also names stale generated files) remembers a
# valid verdict by the package's content (in the user's cache folder), so the
# build only looks it up.
report: validate
	$(BIN)/ontwerptafel build --lang all --landing

test: system-test setup $(CFF_STAMP) $(ROC_STAMP) $(AXE)
	$(BIN)/python -m pytest
	$(BIN)/ruff check .

metadata: setup
	$(BIN)/ontwerptafel metadata

release: setup
	$(BIN)/ontwerptafel release

bench: setup
	$(BIN)/python bench/run.py

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf report/build dist .pytest_cache
