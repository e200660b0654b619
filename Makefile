# Two set-up commands: `make run` and `make test`. Each creates .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make run` installs what running needs; `make test` adds the test tools.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed
# `make install`: a venv of its own built from a wheel, and a `yuedu` launcher on the user's PATH.
PREFIX ?= $(HOME)/.local

.PHONY: run test lint bench install uninstall prereqs-run prereqs-test clean

prereqs-run:
	@PYTHON=$(PYTHON) sh scripts/prereqs.sh run

prereqs-test:
	@PYTHON=$(PYTHON) sh scripts/prereqs.sh test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP) $(RUN_STAMP)

run: prereqs-run $(RUN_STAMP)
	$(BIN)/yuedu

lint: prereqs-test $(TEST_STAMP)
	$(BIN)/ruff check tui tests bench
	$(BIN)/ruff format --check tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# tui's bytecode written once (~0.3 s): with PYTHONDONTWRITEBYTECODE set, every `python -m tui`
# child of the suite compiled the modules it imports again (~0.08 s CPU a child).
test: lint
	$(BIN)/python -m compileall -q tui
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

bench: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/hostile.py

install: prereqs-run
	rm -rf build/wheel
	$(PYTHON) -m venv $(PREFIX)/lib/yuedu
	$(PREFIX)/lib/yuedu/bin/python -m pip install --quiet --upgrade pip
	$(PREFIX)/lib/yuedu/bin/python -m pip wheel --quiet --no-deps -w build/wheel .
	$(PREFIX)/lib/yuedu/bin/python -m pip install --quiet --force-reinstall build/wheel/yuedu-*.whl
	mkdir -p $(PREFIX)/bin
	ln -sf $(PREFIX)/lib/yuedu/bin/yuedu $(PREFIX)/bin/yuedu
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) echo "installed: yuedu";; \
	  *) echo "installed: $(PREFIX)/bin/yuedu ($(PREFIX)/bin is not on your PATH: add it, or run it by that path)";; esac

uninstall:
	rm -rf $(PREFIX)/lib/yuedu $(PREFIX)/bin/yuedu

clean:
	rm -rf $(VENV) build dist
