# Two commands do all the set-up:  `make lab` (open the course)  and  `make test` (run every test).
# Both create .venv/ if it is missing and install into it; nothing is installed outside it
# except Debian's chromium for the browser tests and, if npm is missing, Debian's npm for the hub test
# (`make test` only; configurable-http-proxy itself goes into .venv/node).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
# Extra flags for `jupyter lab`, e.g.  make lab LAB_FLAGS=--no-browser
LAB_FLAGS ?=
# Flags for pytest, e.g.  make test PYTEST_ARGS="-m 'not llama'"
PYTEST_ARGS ?=
# pytest-xdist workers for `make check` (auto: one per CPU; 0 runs in one process). Each file goes whole
# to one worker (--dist loadfile): a notebook's cells share one kernel, a module's fixtures are made once.
WORKERS ?= auto

.PHONY: lab test check lint freeze bench notebooks install install-test clean-venv help

help:
	@echo "make lab    - set up .venv and open the course in JupyterLab"
	@echo "make test   - set up .venv with test tools and run the whole test suite"
	@echo "make check  - the fast loop: lint, then every test except llama.cpp, the browser and JupyterHub (no compiling)"
	@echo "make lint   - ruff (its settings are in pyproject.toml)"
	@echo "make bench  - print the benchmark table"
	@echo "make notebooks - re-run lessons and solutions, regenerate exercises"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The course itself (learners need only this).
$(VENV)/.course-installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python tools/lab_settings.py
	touch $@

# Test tools that need no compiling (the fast loop).
$(VENV)/.check-installed: requirements-check.txt $(VENV)/.course-installed
	$(BIN)/python -m pip install --quiet -r requirements-check.txt
	touch $@

# All test tools (llama-cpp-python compiles for a few minutes the first time; pip caches the wheel).
$(VENV)/.test-installed: requirements-test.txt requirements-check.txt $(VENV)/.course-installed
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.course-installed

install-test: $(VENV)/.test-installed
	@tools/ensure_chromium.sh
	@tools/ensure_proxy.sh $(VENV)

# The server's root folder is the repository (so the file browser reaches lessons/, exercises/ and
# solutions/); lesson 00 is opened by its path under that root.
lab: install
	$(BIN)/jupyter lab lessons/00_welcome.ipynb --ServerApp.root_dir=. --ip=127.0.0.1 --port=$(PORT) $(LAB_FLAGS) \
	    $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

test: install-test
	$(BIN)/ruff check .
	PYDEVD_DISABLE_FILE_VALIDATION=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

check: lint
	PYDEVD_DISABLE_FILE_VALIDATION=1 $(BIN)/python -m pytest -m "not llama and not browser and not hub" \
	    -n $(WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench

# Re-run lessons/ and solutions/ (saved outputs come from the offline model), then regenerate exercises/.
notebooks: install
	$(BIN)/python tools/notebooks.py run
	$(BIN)/python tools/notebooks.py generate

lint: $(VENV)/.check-installed
	$(BIN)/ruff check .

# Re-resolve the pinned requirement files from requirements*.in in a scratch venv (see docs/maintainers.md).
freeze:
	$(PYTHON) tools/freeze.py

clean-venv:
	rm -rf $(VENV)
