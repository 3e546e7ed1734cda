# LearnLoop: the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NPM := node_modules/.installed
STATIC := learnloop/static_build/frontend/app.css

export DEBUG ?= 1
# The demo accounts have no second factor; people may still set one up from the header.
export TWO_FACTOR_REQUIRED ?= 0
PYTEST_ARGS ?= -q -n 2

.PHONY: help run test setup lint format check clean

help:
	@echo "make run    set up, migrate, load the demo partnership and serve on http://127.0.0.1:8000"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint   ruff, makemigrations --check and the import boundary (lint-imports)"

# Find a Python >= 3.12: python3.13, python3.12, python3, then pyenv's versions.
PYTHON_BIN := $(shell for c in python3.13 python3.12 python3 $$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then command -v $$c; break; fi; done)

$(PY):
	@if [ -z "$(PYTHON_BIN)" ]; then echo "LearnLoop needs Python 3.12 or newer. Install it (for example: apt-get install python3.12, or pyenv install 3.12) and run make again." >&2; exit 1; fi
	@echo "Creating .venv with $(PYTHON_BIN)"
	$(PYTHON_BIN) -m venv $(VENV)

$(STAMP_PY): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(STAMP_NPM): package.json package-lock.json
	@command -v npm >/dev/null || { echo "LearnLoop needs Node.js 20 or newer with npm to build its front end." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STATIC): $(STAMP_NPM) frontend/app.scss frontend/build.mjs frontend/govuk-init.mjs
	npm run --silent build

setup: $(STAMP_PY) $(STATIC)

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@echo "LearnLoop is at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP_PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: $(STAMP_PY)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules learnloop/static_build staticfiles
