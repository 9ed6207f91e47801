# Two commands a newcomer needs: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: the CPU build is what this project expects (an unpinned torch pulls CUDA)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)  ## solve the bundled MaxCut example end to end
	$(BIN)/c2q solve examples/maxcut.json --seed 7

test: $(STAMP)  ## fast test suite (slow tests: make test PYTEST_ARGS="-m slow")
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(STAMP)  ## C2|Q> dataset, Python-program and recommender benchmarks -> benchmarks/results/
	$(BIN)/python benchmarks/c2q_dataset.py
	$(BIN)/python benchmarks/code_parse.py
	$(BIN)/python benchmarks/recommender.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
