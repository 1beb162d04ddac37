# Dudao — the two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON_BOOT := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint journeys install assets messages demo serve clean help system-packages browser bundle

help:
	@echo "make run    — install, migrate, load demo data, serve on http://$(HOST):$(PORT) with the scheduled jobs"
	@echo "make test   — install and run the whole test suite"
	@echo "make lint   — ruff, import contracts, manage.py check, makemigrations --check"
	@echo "make journeys — browser journeys in headless Chromium (demo data, real server)"
	@echo "make bundle — offline installation bundle for an intranet server (deploy/install.sh)"

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON_BOOT)" || { echo "需要 Python >= 3.12（Django 6）"; exit 1; }
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed assets messages system-packages

# Debian packages the PDF path needs (docs/decisions/0002-pdf-rendering.md): LibreOffice Writer
# without GUI, the Noto CJK and AR PL UKai fonts, and poppler-utils (pdftotext/pdffonts/pdftoppm).
# Installed only when missing, and only when we can (root with apt-get); otherwise say what is missing.
SYSTEM_PACKAGES := libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai poppler-utils
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "安装系统软件包：$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "缺少系统软件包：$$missing（生成 PDF 需要；请以 root 执行 apt-get install）"; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

messages: $(VENV)/.installed
	$(MANAGE) compile_catalogues

# The demo's administrators log in without a second factor under `make run` only (docs/security.md).
DEMO_OTP_EXEMPT = admin,secadmin,auditor

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	@echo ""
	@echo "督导 Dudao: http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/v1/docs)"
	@echo "定时任务（整改提醒、逾期督办、升级督办）由后台 Celery worker + beat 运行；Ctrl-C 一并停止。"
	@echo "演示账户 admin/secadmin/auditor 免动态口令（DUDAO_OTP_EXEMPT_USERS，仅限演示；见 docs/security.md）。"
	PY=$(PY) DUDAO_OTP_EXEMPT_USERS=$${DUDAO_OTP_EXEMPT_USERS-$(DEMO_OTP_EXEMPT)} scripts/serve $(HOST):$(PORT)

# The suite runs on both cores (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: install
	$(PY) -m pytest -q -n $(TEST_WORKERS) --durations=20

# Debian's Chromium for the browser journeys (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; \
	  else echo "缺少 chromium（浏览器旅程测试需要；请以 root 执行 apt-get install chromium）"; exit 1; fi; }

journeys: install browser
	$(PY) -m pytest -q journeys

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

# An offline installation bundle for an intranet server (deploy/install.sh, docs/deploy.md).
bundle: install
	PY=$(PY) scripts/bundle

clean:
	rm -rf $(VENV) node_modules var/static
