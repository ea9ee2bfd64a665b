# make run: set everything up and serve the site on 127.0.0.1:$(PORT) (SQLite, development settings).
# make test: the whole suite, plus lint, formatting and a check that no migration is missing.
# make bench: the import and HTTP benchmarks (bench/README.md); results in bench/results/.
# make loadtest: many readers, an import and an editor at once; zero errors expected.
# make lighthouse: Lighthouse scores of the reader's pages on a throwaway production-like site.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Development settings on the embedded database, whatever DATABASE_URL the shell exports (a production one
# would get the development accounts and their public password).
DEV := DJANGO_DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3

.PHONY: run test install clean lighthouse loadtest

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# The front-end checkers pinned in package-lock.json: vnu-jar (tests/test_html_validity.py) and Lighthouse.
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the machine's own java is used.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(DEV) $(PY) manage.py migrate --noinput
	# A refused seed is reported, and the site still starts with the others.
	-$(DEV) $(PY) manage.py import_seeds
	$(DEV) $(PY) manage.py create_dev_accounts
	@echo "Serving on http://127.0.0.1:$(PORT)/ ; the desk is http://127.0.0.1:$(PORT)/admin/"
	@echo "Log in as reporter, editor or publisher, password newsroom-dev (development only)."
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lighthouse: $(VENV)/.installed-test node_modules/.installed
	$(PY) bench/lighthouse.py

# Readers, an import and an editor at once under gunicorn; writes bench/results/load.md, fails on any error.
loadtest: $(VENV)/.installed-test
	timeout 900 $(PY) bench/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# make bench (import and HTTP benchmarks): see bench/README.md.
include bench/bench.mk
