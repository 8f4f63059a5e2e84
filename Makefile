# Set-up and everyday tasks. `make demo` and `make test` work on a fresh clone.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PIP_INSTALL := $(PIP) install -q --disable-pip-version-check -c constraints.txt

.PHONY: install dev browser demo test test-fast bench lint clean train

install: $(VENV)/.installed

# The stance model needs sentence-transformers, hence PyTorch: the CPU build is installed
# first, by exact version, so that nothing asks pip for a CUDA build.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check torch==2.13.0
	$(PIP_INSTALL) -e .
	touch $@

dev: $(VENV)/.dev

$(VENV)/.dev: $(VENV)/.installed
	$(PIP_INSTALL) -e '.[dev,embeddings]'
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: browser tests will be skipped (apt-get install chromium)"; fi; }

demo: install
	$(VENV)/bin/rashomon demo

# Two workers, one per core; tests/conftest.py keeps the tests that share a costly fixture on
# one worker (pytest_xdist_make_scheduler).
PARALLEL ?= -n 2

test: dev browser
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest -q $(PARALLEL)

test-fast: dev
	$(PY) -m pytest -q $(PARALLEL) -m "not model and not browser"

bench: dev
	$(PY) bench/run.py

lint: dev
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build dist *.egg-info rashomon-demo.db* artifacts

# The learned parts, refitted from ../shared/data and rewritten with their model cards:
# the stance model (src/rashomon/stance/data/, embeddings cached in artifacts/), the event
# fallback classifier (src/rashomon/events/data/events_fallback.json) and the filter of stances
# shown by actions (train-quotes, below).
.PHONY: train train-stance train-events train-quotes
train: train-stance train-events train-quotes

train-stance: dev
	$(PY) scripts/train_stance.py

train-events: dev
	$(PY) -m rashomon.evaluation.event_training

# Long fuzzing run: 10,000 Hypothesis cases per reader test and for the API's queries
# (`make test` runs the same tests with a few dozen cases each).
.PHONY: fuzz
fuzz: dev
	RASHOMON_FUZZ_EXAMPLES=10000 $(PY) -m pytest -q -m fuzz tests/test_fuzz.py --hypothesis-show-statistics

# The learned filter of stances shown by actions (src/rashomon/statements/data/statements_learned.json
# and its card), fitted on the PolNeAR design folds and measured on the held-out ones.
.PHONY: train-quotes
train-quotes: dev
	$(PY) -m rashomon.evaluation.statements_training
