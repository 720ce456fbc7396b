# Hearth: two commands set everything up on a fresh machine.
#   make demo   install, migrate an embedded SQLite database, seed the demo council, serve on http://127.0.0.1:8000
#               with the production server (gunicorn), the task queue's worker beside it
#   make test   the whole suite: lint, types, migrations check, tests on SQLite then PostgreSQL, browser journeys
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
# The CIN census validator councils use, in its own environment: it pins pandas < 2 (ADR 9).
CIN_VALIDATOR_VENV := .venv-cin
CIN_VALIDATOR_STAMP := $(CIN_VALIDATOR_VENV)/.installed
SSDA903_VALIDATOR_VENV := .venv-903
SSDA903_VALIDATOR_STAMP := $(SSDA903_VALIDATOR_VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
export HEARTH_CHROMIUM := $(CHROMIUM)
DEMO_CHILDREN ?=
BENCH_CHILDREN ?= 100000
# Tests run in parallel, one database per worker (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS)
# The dates Hearth's today is pinned to by `make test-dates` (ADR 14): the last and first days of a collection
# year, a bank holiday (Easter Monday), Christmas Day, 29 February of a leap year and an ordinary weekday.
TEST_DATES ?= 2027-03-31 2027-04-01 2027-03-29 2026-12-25 2028-02-29 2027-01-13
# Which tests `make test-dates` runs on each date, as a marker expression: those marked as reading Hearth's today
# (DATES_TESTS=all for every test).
DATES_TESTS ?= dates
# The slow tests whose answer changes only at a collection year's edges (a whole census through the validator,
# about 50 s a date) run on the year's last and first days only; the other dates skip them.
YEAR_EDGE_DATES ?= 2027-03-31 2027-04-01

.PHONY: install lock audit ssda903-validator letters-converter demo test lint layers typecheck migrations-check test-sqlite test-postgres test-dates chromium cin-validator bench bench-quick bench-effort bench-load bench-crash seed serve clean

# Every package comes from requirements/lock.txt, pinned with its hashes (ADR 37): pip refuses a file whose hash
# differs and any package the lock does not pin. Hearth itself is then installed editable, with no dependencies and
# no build environment of its own (its build backend, setuptools, is in the lock); `pip check` says if the lock
# no longer covers pyproject.toml's dependencies (`make lock` brings it up to date).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/pip check || { echo "$(LOCK) does not cover pyproject.toml's dependencies: run 'make lock'"; exit 1; }
	touch $(STAMP)

# Install (or bring up to date) .venv from the lock: what a council's server runs before `hearth migrate` (README).
install: $(STAMP)

# Pin every dependency (with the dev extra) and its hashes, keeping the pins already there; LOCK_ARGS=--upgrade
# moves each to its newest release (LOCK_ARGS="--upgrade-package NAME" one alone). The index is pip's own default,
# whatever mirror or wheel folder this machine's pip is configured with, so that the hashes are the files' own.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND='make lock' \
	  $(BIN)/pip-compile --quiet --extra dev --allow-unsafe --generate-hashes --strip-extras \
	  --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
	  --output-file $(LOCK) pyproject.toml requirements/lock.in

# Known vulnerabilities in the pinned packages (pip-audit, against the advisories of the day). CI runs it as a
# report that never fails the build; `make test` does not depend on it.
audit: $(STAMP)
	$(BIN)/pip-audit --strict --disable-pip --require-hashes --progress-spinner off --requirement $(LOCK)

$(CIN_VALIDATOR_STAMP): requirements/cin-validator.txt
	test -x $(CIN_VALIDATOR_VENV)/bin/python || $(PYTHON) -m venv $(CIN_VALIDATOR_VENV)
	$(CIN_VALIDATOR_VENV)/bin/pip install --quiet --upgrade pip
	$(CIN_VALIDATOR_VENV)/bin/pip install --quiet -r requirements/cin-validator.txt
	$(CIN_VALIDATOR_VENV)/bin/python -c 'import cin_validator.rules.cin2024_25'
	touch $(CIN_VALIDATOR_STAMP)

cin-validator: $(CIN_VALIDATOR_STAMP)

$(SSDA903_VALIDATOR_STAMP): requirements/ssda903-validator.txt
	test -x $(SSDA903_VALIDATOR_VENV)/bin/python || $(PYTHON) -m venv $(SSDA903_VALIDATOR_VENV)
	$(SSDA903_VALIDATOR_VENV)/bin/pip install --quiet --upgrade pip
	$(SSDA903_VALIDATOR_VENV)/bin/pip install --quiet -r requirements/ssda903-validator.txt
	$(SSDA903_VALIDATOR_VENV)/bin/python -c 'import lac_validator.rules.lac2025_26'
	touch $(SSDA903_VALIDATOR_STAMP)

ssda903-validator: $(SSDA903_VALIDATOR_STAMP)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian's chromium for the browser journeys"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# LibreOffice, headless, makes letters into PDFs (ADR 24); libmagic reads a document's kind from its content (ADR 22).
letters-converter:
	@if ! command -v soffice >/dev/null || ! ldconfig -p | grep -q libmagic.so.1; then \
	  echo "Installing Debian's LibreOffice Writer (headless) and libmagic for letters and documents"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libmagic1 >/dev/null; \
	fi

demo: $(STAMP) letters-converter
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/hearth migrate --no-input -v 0
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/hearth seed --if-empty $(if $(DEMO_CHILDREN),--children $(DEMO_CHILDREN),)
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/hearth demo_logins
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/hearth serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The layers (ADR 15): reads over domains over shared records over core, checked by import-linter.
layers: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy hearth config

migrations-check: $(STAMP) letters-converter
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# The SQLite passes build their in-memory test database from the models, not by replaying every migration (13 s a
# worker a pass saved; conftest.py runs the one data migration the tests need); PostgreSQL replays the migrations.
SQLITE_PYTEST := $(PYTEST) --no-migrations

# The browser journeys run once: on PostgreSQL, the production database, when it is reachable; else on SQLite.
# (--ignore=e2e did not leave them out: testpaths names e2e, so they ran on SQLite as well; a glob does.)
test-sqlite: $(STAMP) $(CIN_VALIDATOR_STAMP) $(SSDA903_VALIDATOR_STAMP) chromium letters-converter
	@if $(BIN)/python -m hearth.core.pgcheck; then \
	  $(SQLITE_PYTEST) --ignore-glob='e2e/*'; \
	else \
	  $(SQLITE_PYTEST); \
	fi

test-postgres: $(STAMP) $(CIN_VALIDATOR_STAMP) $(SSDA903_VALIDATOR_STAMP) chromium letters-converter
	@if $(BIN)/python -m hearth.core.pgcheck; then \
	  HEARTH_TEST_DATABASE=postgres $(PYTEST); \
	elif [ -n "$$HEARTH_REQUIRE_POSTGRES" ]; then \
	  echo "PostgreSQL is required (HEARTH_REQUIRE_POSTGRES is set) but is not reachable"; exit 1; \
	else \
	  echo "PostgreSQL not reachable: skipping the PostgreSQL pass"; \
	fi

# The date-sensitive tests again with Hearth's today pinned to each of TEST_DATES, on SQLite.
test-dates: $(STAMP) $(CIN_VALIDATOR_STAMP) $(SSDA903_VALIDATOR_STAMP) letters-converter
	@base="$(DATES_TESTS)"; [ "$$base" = all ] && base=""; \
	for day in $(TEST_DATES); do \
	  echo "Hearth's today pinned to $$day:"; \
	  case " $(YEAR_EDGE_DATES) " in \
	    *" $$day "*) marks="$$base" ;; \
	    *) marks="$${base:+($$base) and }not year_edges" ;; \
	  esac; \
	  HEARTH_TODAY=$$day $(SQLITE_PYTEST) -m "$$marks" || exit 1; \
	done

test: lint layers typecheck migrations-check test-sqlite test-postgres test-dates

# Each run is compared with the previous run at the same scale and fails when a page is 20% slower at p95 or runs
# more queries (bench/compare.py); BENCH_ACCEPT="why" lets a run through and keeps the reason beside its figures.
bench: $(STAMP)
	$(BIN)/python -m bench.run --children $(BENCH_CHILDREN) $(BENCH_ARGS)

# What each issue runs before it is resolved: 300,000 children, reusing the database once seeded.
bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --children 300000 --requests 200 $(BENCH_ARGS)

# Staff working at once on the production server (issue 20, ADR 42): `hearth serve --production` (gunicorn) on a free
# port of 127.0.0.1 against the bench database (seeded by `make bench` at that scale), locust's simulated social
# workers signing in, then working their caseloads for BENCH_LOAD_SECONDS at 50 and then 200 at once; figures to
# bench/results/load-<N>.json. BENCH_LOAD_ARGS="--profile FILE" samples where the server's CPU goes (py-spy).
BENCH_LOAD_CHILDREN ?= 300000
BENCH_LOAD_SECONDS ?= 180
bench-load: $(STAMP)
	$(BIN)/python -m bench.load.run --children $(BENCH_LOAD_CHILDREN) --users 50 200 --run-time $(BENCH_LOAD_SECONDS) $(BENCH_LOAD_ARGS)

# A crash mid-write (issue 20, ADR 42): the production server and a PostgreSQL cluster of the test's own killed during
# a burst of recording; every acknowledged write kept, nothing half-written; its figures to bench/results/crash.json.
# Also part of `make test`'s SQLite pass (which keeps no figures).
bench-crash: $(STAMP)
	HEARTH_CRASH_RESULTS=bench/results/crash.json $(BIN)/pytest -p no:cacheprovider -s hearth/core/tests/test_crash.py

# People's time alone (issue 18): the recording tasks in a real browser, against their promises; no seeded database.
bench-effort: $(STAMP)
	$(BIN)/python -m bench.effort.measure

clean:
	rm -rf $(VENV) $(CIN_VALIDATOR_VENV) var .pytest_cache .mypy_cache .ruff_cache
