# The two commands a fresh clone needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest lab bench constraints clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "policy-timeline needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

demo: $(STAMP)
	$(PY) -m timeline render data -o build/policy-timeline.html

test: lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check timeline tests benchmarks
	$(VENV)/bin/ruff format --check timeline tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,lab]'
	$(VENV)/bin/jupyter lab notebooks

bench: $(STAMP)
	$(PY) -m benchmarks
	$(PY) -m benchmarks.formats

# Refresh the pins after changing dependencies in pyproject.toml.
constraints:
	$(PY) -m pip freeze --exclude-editable --exclude policy-timeline > constraints.txt

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
