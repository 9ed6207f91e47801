# Two commands a newcomer needs: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint docs bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: the CPU build is what this project expects (an unpinned torch pulls CUDA)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,all]'
	@touch $(STAMP)

demo: $(STAMP)  ## solve the bundled MaxCut example end to end
	$(BIN)/c2q solve examples/maxcut.json --seed 7

test: $(STAMP)  ## fast test suite (slow tests: make test PYTEST_ARGS="-m slow")
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# mypy checks the installed layout (pyproject's package-dir: agents/ is c2q.agents, backends/ is c2q.backends),
# which it cannot follow through the editable install's import hook: it reads a tree of links laid out that way
TYPECHECK := .typecheck
lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	@$(BIN)/python tools/installed_tree.py $(TYPECHECK)
	cd $(TYPECHECK) && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p c2q

docs: $(STAMP)  ## the documentation site, into site/ (a broken link or API reference fails the build)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

bench: $(STAMP)  ## C2|Q> dataset, Python-program and recommender benchmarks -> benchmarks/results/
	$(BIN)/python benchmarks/c2q_dataset.py
	$(BIN)/python benchmarks/code_parse.py
	$(BIN)/python benchmarks/recommender.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache $(TYPECHECK) *.egg-info site dist
