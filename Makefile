# Two commands set up a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
HOST ?= 127.0.0.1
PORT ?= 5000
# The pure domain modules: no Flask, no SQLAlchemy; type-checked strictly.
PURE_MODULES := portal/scoring portal/questionnaires/definition.py \
	portal/questionnaires/conditions.py portal/questionnaires/loader.py \
	portal/questionnaires/validation.py portal/questionnaires/canonical.py \
	portal/questionnaires/schema.py portal/questionnaires/diff.py \
	portal/questionnaires/carryover.py portal/questionnaires/xlsform*.py \
	portal/consortia/benchmark.py portal/consortia/compare.py portal/consortia/heatmap.py \
	portal/consortia/export.py portal/reports/data.py portal/reports/exports.py \
	portal/tenders/ocds.py portal/tenders/risk.py portal/responses/uploads.py \
	portal/responses/inputs.py portal/responses/progress.py portal/responses/document.py

.PHONY: run test install install-test translations messages migrate publish demo bench lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-installs whenever the package metadata changes.
$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d portal/translations --statistics

migrate: install
	$(FLASK) db upgrade

publish: migrate
	$(FLASK) questionnaires publish questionnaires/

demo: publish
	$(FLASK) demo load --if-empty

run: demo
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .

typecheck: install-test
	$(BIN)/mypy --config-file mypy.ini $(PURE_MODULES)

# The load generator (locust) lives in its own virtual environment: it brings gevent.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: bench/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r bench/requirements.txt
	touch $@

# The engine benchmark, then the pages under gunicorn at 200 and 2,000 suppliers, and the
# no-lost-writes check; on PostgreSQL too when PORTAL_DATABASE_URL is set. See bench/load.py.
bench: install-test $(BENCH_VENV)/.installed
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache .ruff_cache

# Re-extract the messages and merge them into the catalogues (then translate the new ones).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching
