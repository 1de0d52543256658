# The two commands a fresh clone needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# CI installs the Spark extra (a 456 MB download, and Java) so the Spark tests always run there;
# elsewhere they run when pyspark is installed (pip install -e '.[dev,spark]') and are skipped if not.
comma := ,
EXTRAS := dev$(if $(filter true 1,$(CI)),$(comma)spark)

.PHONY: demo test check lint typecheck pytest lab bench constraints clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "policy-timeline needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[$(EXTRAS)]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

demo: $(STAMP)
	$(PY) -m timeline render data -o build/policy-timeline.html

test: lint typecheck pytest

# The fast loop while working: lint, types, and the tests that need no browser and take no while.
check: lint typecheck $(STAMP)
	$(PY) -m pytest -q -m "not slow and not browser"

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
	$(PY) -m benchmarks.counts

# Refresh the pins after changing dependencies in pyproject.toml.
constraints:
	$(PY) -m pip freeze --exclude-editable --exclude policy-timeline > constraints.txt

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
