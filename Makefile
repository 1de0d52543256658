# The two commands a fresh clone needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# CI installs the Spark extra (a 456 MB download, and Java) so the Spark tests always run there;
# elsewhere they run when pyspark is installed (pip install -e '.[dev,spark]') and are skipped if not.
comma := ,
EXTRAS := dev$(if $(filter true 1,$(CI)),$(comma)spark)

.PHONY: demo test check lint typecheck pytest lab notebook-filter bench constraints vendor-plotly clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "policy-timeline needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[$(EXTRAS)]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@$(MAKE) --no-print-directory notebook-filter
	@touch $(STAMP)

# Notebooks are committed without outputs: .gitattributes sends them through nbstripout on
# `git add` (and `git diff` shows them stripped). git runs a filter from the top of the work
# tree, so the command finds this clone's .venv. Cell ids and the kernel's name are kept; the
# details a kernel adds to language_info are not, so a notebook that was only run is unchanged.
NBSTRIPOUT := $(VENV)/bin/python -m nbstripout --keep-id --extra-keys "$(addprefix metadata.language_info.,codemirror_mode file_extension mimetype nbconvert_exporter pygments_lexer version)"

notebook-filter:
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '$(NBSTRIPOUT)' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv '$(NBSTRIPOUT) -t' && \
	  echo "git strips notebook outputs on commit (filter.nbstripout, see .gitattributes)"; \
	fi

demo: $(STAMP)
	$(PY) -m timeline render data -o build/policy-timeline.html
	@echo "Done: open file://$(abspath build/policy-timeline.html) in a web browser (it works offline)."
	@echo "It shows the interactive timeline and, under it, the events as a table with links to their sources."

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

LAB_STAMP := $(VENV)/.lab-installed
# Jupyter refuses to run as root unless told to (containers and CI machines often are root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

$(LAB_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,lab]'
	@touch $(LAB_STAMP)

lab: $(LAB_STAMP) notebook-filter
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) notebooks

bench: $(STAMP)
	$(PY) -m benchmarks
	$(PY) -m benchmarks.counts
	$(PY) -m benchmarks.formats --large

# Refresh the pins after changing dependencies in pyproject.toml.
constraints:
	$(PY) -m pip freeze --exclude-editable --exclude policy-timeline > constraints.txt

# Replace the vendored plotly.js cartesian bundle (third-party, MIT) with the build of the
# plotly.js version the installed plotly ships, from npm by package name (needs npm); then
# `make test` checks it. Pages fall back to plotly's whole plotly.js while the versions differ.
BUNDLE_DIR := timeline/_page/assets/vendor/plotly
vendor-plotly: $(STAMP)
	@version=$$($(PY) -c 'from plotly.offline import get_plotlyjs_version as v; print(v())'); \
	tmp=$$(mktemp -d); \
	(cd $$tmp && npm pack --silent plotly.js-cartesian-dist-min@$$version >/dev/null && \
	 tar xzf plotly.js-cartesian-dist-min-$$version.tgz) && \
	cp $$tmp/package/plotly-cartesian.min.js $$tmp/package/LICENSE $(BUNDLE_DIR)/ && \
	rm -rf $$tmp && echo "$(BUNDLE_DIR): plotly.js cartesian bundle $$version"

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
