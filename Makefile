# edigate: `make run` installs and starts the gateway (edigate run) on its embedded default; `make test` runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOME_DIR ?= demo

.PHONY: install run test lint bench clean soak soak-chaos

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# The daemon in the foreground on a working folder made by `edigate init` the first time (example partners).
run: install
	@test -f $(HOME_DIR)/edigate.toml || $(BIN)/edigate --home $(HOME_DIR) init
	$(BIN)/edigate --home $(HOME_DIR) run

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install
	$(BIN)/python bench/x12_throughput.py

# The long hostile-input runs: each atheris harness for SOAK_SECONDS, then a 2 GB file through `edigate validate`.
SOAK_SECONDS ?= 600
soak: install soak-chaos
	$(BIN)/python tests/fuzz/atheris/run.py --seconds $(SOAK_SECONDS)
	$(BIN)/python tests/fuzz/soak_big_file.py --gigabytes 2

# The chaos runs at full size (docs/reliability.md): 2,000 files and 24 kill -9s, 10,000 files at once,
# 5,000 files through three daemons on PostgreSQL.
soak-chaos: install
	EDIGATE_SOAK=1 $(BIN)/python -m pytest -p no:cacheprovider -s tests/chaos

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
