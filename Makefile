# Dudao — the two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON_BOOT := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint install assets messages demo serve clean help

help:
	@echo "make run    — install, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   — install and run the whole test suite"
	@echo "make lint   — ruff, manage.py check, makemigrations --check"

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON_BOOT)" || { echo "需要 Python >= 3.12（Django 6）"; exit 1; }
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed assets messages

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

messages: $(VENV)/.installed
	$(MANAGE) compile_catalogues

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	@echo ""
	@echo "督导 Dudao: http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/v1/docs)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules var/static
