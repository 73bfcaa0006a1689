# The two commands a newcomer needs: `make run` and `make test`. Both install what they
# need (uv, then the locked Python environment) on a fresh machine.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
UV := python3 -m uv

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
