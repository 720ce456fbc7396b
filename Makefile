# Hearth: two commands set everything up on a fresh machine.
#   make demo   install, migrate an embedded SQLite database, seed the demo council, serve on http://127.0.0.1:8000
#   make test   the whole suite: lint, types, migrations check, tests on SQLite then PostgreSQL, browser journeys
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
export HEARTH_CHROMIUM := $(CHROMIUM)
DEMO_CHILDREN ?=
BENCH_CHILDREN ?= 100000

.PHONY: demo test lint typecheck migrations-check test-sqlite test-postgres chromium bench seed serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian's chromium for the browser journeys"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

demo: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/hearth migrate --no-input -v 0
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/hearth seed --if-empty $(if $(DEMO_CHILDREN),--children $(DEMO_CHILDREN),)
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/hearth demo_logins
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/hearth serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy hearth config

migrations-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: $(STAMP) chromium
	$(BIN)/pytest -p no:cacheprovider

test-postgres: $(STAMP) chromium
	@if $(BIN)/python -m hearth.core.pgcheck; then \
	  HEARTH_TEST_DATABASE=postgres $(BIN)/pytest -p no:cacheprovider; \
	elif [ -n "$$HEARTH_REQUIRE_POSTGRES" ]; then \
	  echo "PostgreSQL is required (HEARTH_REQUIRE_POSTGRES is set) but is not reachable"; exit 1; \
	else \
	  echo "PostgreSQL not reachable: skipping the PostgreSQL pass"; \
	fi

test: lint typecheck migrations-check test-sqlite test-postgres

bench: $(STAMP)
	$(BIN)/python -m bench.run --children $(BENCH_CHILDREN)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
