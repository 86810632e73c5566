# Every target creates .venv and installs what it needs when missing, so `make sandbox` and
# `make test` alone take a fresh clone to a running sandbox or a green suite. The sandbox and the
# bot need only the runtime dependencies; the tests add the dev tools (pytest, ruff, mypy).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-stamp
DEV := $(VENV)/.dev-stamp
PIP := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off

.PHONY: install install-dev test unit lint typecheck format run sandbox sandbox-shards bench clean

install: $(RUNTIME)

install-dev: $(DEV)

$(BIN)/python:
	@echo "==> Creating the virtual environment $(VENV) (first run only)"
	@$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(BIN)/python
	@echo "==> Installing Projectionist and its runtime dependencies into $(VENV) (first run only)"
	@$(PIP) -e . | grep -E '^(Collecting|Successfully)' || true
	@$(BIN)/python -c "import bot, discord, aiosqlite, asyncpg, rapidfuzz" || \
		{ echo "make: installing the runtime dependencies failed (see above)" >&2; exit 1; }
	@touch $@

$(DEV): $(RUNTIME)
	@echo "==> Installing the development tools (pytest, ruff, mypy, hypothesis) into $(VENV)"
	@$(PIP) -e '.[dev]' | grep -E '^(Collecting|Successfully)' || true
	@$(BIN)/python -c "import pytest, hypothesis" && test -x $(BIN)/ruff && test -x $(BIN)/mypy || \
		{ echo "make: installing the development tools failed (see above)" >&2; exit 1; }
	@touch $@

test: lint typecheck unit

# The first pass runs everything (the store contract on SQLite and PostgreSQL); the second runs the
# end-to-end and contract suites with PostgreSQL as the bot's database. Without PostgreSQL here,
# one line says so and the SQLite suite still runs; with CI set (or PROJECTIONIST_REQUIRE_POSTGRES=1)
# that line is a failure, as is any test whose requirement is absent (tests/missing.py).
unit: $(DEV)
	$(BIN)/pytest
	@if reason=$$($(BIN)/python -m tests.postgres_cluster); then \
		echo "==> Second pass: the end-to-end, contract and poll service tests on PostgreSQL"; \
		PROJECTIONIST_TEST_BACKEND=postgres $(BIN)/pytest tests/e2e tests/contract \
			tests/test_polls_service.py; \
	elif [ "$$PROJECTIONIST_REQUIRE_POSTGRES" = 1 ] || { [ -n "$$CI" ] && [ "$$CI" != 0 ] && [ "$$CI" != false ]; }; then \
		echo "make: PostgreSQL is required (CI or PROJECTIONIST_REQUIRE_POSTGRES=1) but $$reason" >&2; \
		exit 1; \
	else \
		echo "make: PostgreSQL tests skipped ($$reason); the SQLite suite ran"; \
	fi

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV)
	$(BIN)/mypy

format: $(DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

run: $(RUNTIME)
	$(BIN)/projectionist run

sandbox: $(RUNTIME)
	@echo "==> Starting the local Discord emulator and the bot (type 'help' at the prompt)"
	@$(BIN)/projectionist sandbox

# Two bot processes (shards 0 and 1 of 2) on one emulator and a throwaway PostgreSQL: a narrated
# demonstration (demos/sharded.py) of polls closing once while one process is killed.
sandbox-shards: $(DEV)
	@$(BIN)/python -m demos.sharded

bench: $(DEV)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis dist build
