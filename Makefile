# Làng Số: `make run` sets everything up and serves the demo; `make test` runs every check;
# `make bench` runs every benchmark (`make bench-quick` at small sizes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The index the wheel check asks (a mirror of PyPI that serves the JSON simple API will do).
WHEELS_INDEX ?= https://pypi.org/simple/
# PostgreSQL for the second test run: used when reachable, required with LANGSO_TEST_POSTGRES=1.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: prerequisites setup run test lint wheels test-sqlite test-future test-postgres messages bench \
	bench-quick clean

setup: $(VENV)/.installed node_modules/.installed

# Python 3.11 to 3.13 and Node.js 18 or newer, said in plain words before anything is installed.
prerequisites:
	@sh .ci/prerequisites.sh "$(PYTHON)"

# What the app needs to run; the test tools come on top for `make test`.
$(VENV)/.installed: pyproject.toml requirements.lock | prerequisites
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

# What the benchmarks import beyond the app (the `bench` extra; the test tools include it).
$(VENV)/.bench-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[bench]'
	touch $@

node_modules/.installed: package.json package-lock.json | prerequisites
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(BIN)/python manage.py migrate --noinput
	@# Hashed names and gzip copies of the static files (only changed files are redone).
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py demo --if-empty
	@# The guides that ship with Làng Số: a file changed since its last load becomes a new version.
	$(BIN)/python manage.py guides_load --verbosity 0
	@echo "Làng Số: http://$(HOST):$(PORT)/"
	@# The task worker (imports) runs beside the web server and stops with it.
	$(BIN)/python manage.py db_worker --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	LANGSO_HTTPS=0 $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 \
		--access-logfile - --log-level warning

lint: setup $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy . .ci/wheels.py
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m langso.core.i18n_check

# Every pinned package installs from a wheel on Python 3.11 to 3.13, Linux x86_64 and aarch64.
wheels: setup
	$(BIN)/python .ci/wheels.py --index-url $(WHEELS_INDEX)

test-sqlite: setup $(VENV)/.dev-installed
	DATABASE_URL= $(BIN)/pytest -n auto -q

# The suite again with the clock two years ahead (tests/clock.py): a test that depends on the
# real date fails here, long before the calendar reaches the day it would break on.
test-future: setup $(VENV)/.dev-installed
	DATABASE_URL= LANGSO_TEST_CLOCK=+730 $(BIN)/pytest -n auto -q

# The second run is on PostgreSQL, with the clock two years ahead: one run proves both that
# the suite passes on the production database and that no test depends on today's date (two
# separate runs cost CI a third pass of the suite). Without PostgreSQL, that second run is on
# SQLite (test-future), so the moved clock is never skipped.
test-postgres: setup $(VENV)/.dev-installed
	@if $(BIN)/python -m langso.core.pg_available "$(TEST_POSTGRES_URL)"; then \
		DATABASE_URL="$(TEST_POSTGRES_URL)" LANGSO_TEST_CLOCK=+730 $(BIN)/pytest -n auto -q; \
	elif [ "$(LANGSO_TEST_POSTGRES)" = "1" ]; then \
		echo "PostgreSQL at $(TEST_POSTGRES_URL) is not reachable and LANGSO_TEST_POSTGRES=1"; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): the moved-clock run is on SQLite."; \
		$(MAKE) --no-print-directory test-future; \
	fi

test: lint wheels test-sqlite test-postgres

# Every benchmark in bench/, one after the other, then one table of their figures against the
# issues' targets (docs/benchmarks.md). At full size it takes about an hour; bench-quick runs
# each at a small size in a few minutes. ONLY=market,sync runs those alone. Exits 1 when a bench
# fails or prints no figures; a missed target is in the table, not in the exit status.
bench: setup $(VENV)/.bench-installed
	$(BIN)/python bench/run_all.py $(if $(ONLY),--only $(ONLY))

bench-quick: setup $(VENV)/.bench-installed
	$(BIN)/python bench/run_all.py --quick $(if $(ONLY),--only $(ONLY))

messages: setup $(VENV)/.dev-installed
	$(BIN)/python manage.py makemessages --locale vi --no-obsolete --add-location file
	$(BIN)/python -m langso.core.i18n_check --compile

clean:
	rm -rf $(VENV) node_modules
