# One way to run things: `make run` serves, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev run test fuzz bench migrate seed lint clean

# The stamps re-install whenever pyproject.toml changes, so a pulled dependency is never missed.
# Serving needs the service's dependencies alone; tests, benchmarks and the linter add the dev tools.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python -m app serve --host $(HOST) --port $(PORT)

test: install-dev
	$(BIN)/python -m pytest

# Schemathesis at length, every check, both databases: many more generated requests per operation
# than `make test` tries, from a new seed each run (FUZZ_SEED=N repeats a run).
FUZZ_EXAMPLES ?= 400
FUZZ_SEED ?= random
fuzz: install-dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SEED=$(FUZZ_SEED) $(BIN)/python -m pytest tests/test_openapi_fuzz.py

# Every benchmark, one table: throughput beside its baseline run in the same go, and the goal.
# The load comes from wrk in a process of its own (Debian: apt-get install wrk).
bench: install-dev
	$(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check app tests bench migrations

migrate: install
	$(BIN)/python -m app migrate

seed: install
	$(BIN)/python -m app seed

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache var
