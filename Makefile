# The few verbs people need. `make start` and `make test` set everything up first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup start chat run test lint format typecheck locales locales-check bench bench-smoke clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise the terminal chat.
start: setup
	$(BIN)/regiescan

chat: setup
	$(BIN)/regiescan chat

run: setup
	$(BIN)/regiescan run

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: setup
	$(BIN)/mypy

# Extract msgids from code and content, merge them into the catalogs, compile the .mo files.
# The compiled catalogs are committed, so a fresh clone runs without this step.
KEYWORDS := -k N_ -k text -k plural:1,2
locales: setup
	$(BIN)/pybabel extract -F babel.cfg $(KEYWORDS) --no-location --sort-output \
		--add-comments=Translators: --omit-header --no-wrap -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --no-wrap \
		--ignore-obsolete
	$(BIN)/pybabel compile -d locales -D messages --statistics

# Fails when the catalogs miss a msgid that the code or content uses, or a .mo is stale.
locales-check: setup
	$(BIN)/pytest -q tests/test_catalogs.py

# Benchmarks on a loopback fake Telegram (bench/README.md): all scenarios, a few minutes;
# writes bench/results/latest.json. BENCH_ARGS passes options, e.g. BENCH_ARGS="--only burst".
bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

# The same harness at tiny sizes (seconds), so it cannot rot: CI runs this.
bench-smoke: setup
	$(BIN)/python -m bench --smoke

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
