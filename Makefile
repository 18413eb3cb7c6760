# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_CONTRACT := examples/lycee-jules-verne.yaml
DEMO_OUTPUT := demo-output

.PHONY: demo test lint typecheck docs messages bench lock clean

# The virtual environment: clausegen (editable) and the pinned development tools, installed
# within the versions recorded in requirements/dev.lock.
$(STAMP): pyproject.toml requirements/dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -c requirements/dev.lock -e . --group dev
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/clausegen hours $(DEMO_CONTRACT)
	$(BIN)/clausegen generate $(DEMO_CONTRACT) -o $(DEMO_OUTPUT) --force

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

# The README's command reference and the tables of docs/templates.md are generated (cog).
docs: $(STAMP)
	CLAUSEGEN_LANG=en $(BIN)/cog -r README.md docs/templates.md docs/legal-basis.md

# The messages in French and English (gettext): extract them into the template
# (src/clausegen/locale/clausegen.pot), update the French catalog and compile it. Translate
# what is new in fr/LC_MESSAGES/clausegen.po, then run it again; make test fails until then.
messages: $(STAMP)
	$(BIN)/python tools/messages.py

# The architecture (ARCHITECTURE.md) is checked by lint-imports (contracts in pyproject.toml),
# and again by tests/test_architecture.py, so that a plain pytest run fails too.
test: lint typecheck $(STAMP)
	CLAUSEGEN_LANG=en $(BIN)/cog --check README.md docs/templates.md docs/legal-basis.md
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/service.py

# Refresh the lock after changing dependencies (run by a developer, committed).
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --exclude clausegen | grep -v '^-e' > requirements/dev.lock

clean:
	rm -rf $(VENV) $(DEMO_OUTPUT) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
