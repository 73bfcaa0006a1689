# The two commands a newcomer needs: `make run` and `make test`. Both install what they
# need (uv, then the locked Python environment) on a fresh machine.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
UV := python3 -m uv

# The environment's interpreter: the distribution's CPython where it is 3.11 or newer
# (Debian's /usr/bin/python3), otherwise whichever uv finds. Debian links libpython into
# the executable; an interpreter built with --enable-shared (pyenv's, first on PATH on
# these machines) calls through the shared library's PLT, and measured 25-35% slower
# here on pure Python: WeasyPrint's layout of the full report took 2.37 s instead of
# 1.79. uv makes .venv again when it was built with another interpreter.
DISTRIBUTION_PYTHON := $(shell /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3)
ifneq ($(DISTRIBUTION_PYTHON),)
export UV_PYTHON ?= $(DISTRIBUTION_PYTHON)
endif

.PHONY: run setup test test-env lint format bench env

env:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet

# axe-core for the browser tests' accessibility checks (nothing from npm is served).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test-env: env node_modules/axe-core/axe.min.js

## Set everything up (environment, database, catalogue, demo organisation) and serve,
## with the two background workers beside the web server, as in production: one sends
## email (printed here, by the console backend), one renders the PDF reports ahead of
## their download. Ctrl-C stops all three.
run: setup
	@trap 'kill 0' EXIT INT TERM; \
	$(UV) run python manage.py db_worker & \
	$(UV) run python manage.py db_worker --queue-name reports & \
	$(UV) run python manage.py runserver $(HOST):$(PORT)

setup: env
	$(UV) run python manage.py migrate --no-input
	$(UV) run python manage.py setup_demo

## The whole test suite (unit, view and browser tests). DATABASE_URL picks the database.
test: test-env
	$(UV) run pytest -n auto $(PYTEST_ARGS)

lint: env
	$(UV) run ruff check .
	$(UV) run ruff format --check .

format: env
	$(UV) run ruff format .
	$(UV) run ruff check --fix .
