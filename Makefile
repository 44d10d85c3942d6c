# One task runner. `make report` and `make test` do everything on a fresh
# machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := report
.PHONY: setup validate report test lint bench clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || { echo "WeasyPrint cannot load Pango: install it with 'apt-get install libpango-1.0-0 libpangoft2-1.0-0' (Debian/Ubuntu)"; exit 1; }
	@touch $(STAMP)

setup: $(STAMP)

validate: setup
	$(BIN)/ontwerptafel validate

report: validate
	$(BIN)/ontwerptafel build

test: setup
	$(BIN)/python -m pytest
	$(BIN)/ruff check .

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf report/build dist .pytest_cache
