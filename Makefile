# Two commands on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
LOCK   := constraints.txt
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check -c $(LOCK)
LUNR_VERSION := 2.3.9
AXE_VERSION  := 4.14.1
AXE          := node_modules/axe-core/axe.min.js

.PHONY: setup setup-test setup-dev site serve warm test test-fast browser axe screenshots check lint lock bench bench-full golden vendor-check vendor-refresh clean

# Three install levels, each from the exact versions in constraints.txt (`make lock` refreshes it):
# the site's runtime for `make site`, plus the test extras for `make test`, plus dev tools for `make lint`.
$(PY):
	$(PYTHON) -m venv $(VENV)

# The project itself is not installed into .venv (build.py runs it from here): only what it
# needs, read from pyproject.toml, so nothing is built and no stale copy can shadow the code.
REQS = $(PY) -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["dependencies"] if sys.argv[1] == "site" else p["optional-dependencies"][sys.argv[1]]))'

$(VENV)/.site-stamp: pyproject.toml $(LOCK) | $(PY)
	$(PIP) pip
	$(REQS) site > $(VENV)/requirements-site.txt && $(PIP) -r $(VENV)/requirements-site.txt
	touch $@

$(VENV)/.test-stamp: $(VENV)/.site-stamp
	$(REQS) test > $(VENV)/requirements-test.txt && $(PIP) -r $(VENV)/requirements-test.txt
	touch $@

$(VENV)/.dev-stamp: $(VENV)/.test-stamp
	$(REQS) dev > $(VENV)/requirements-dev.txt && $(PIP) -r $(VENV)/requirements-dev.txt
	touch $@

setup: $(VENV)/.site-stamp
setup-test: $(VENV)/.test-stamp
setup-dev: $(VENV)/.dev-stamp

lock:  ## refresh constraints.txt: the newest versions that pyproject.toml allows, pinned exactly
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[test,dev]'
	{ echo "# Exact versions for every install (make site, make test, make lint, CI, Pages). Refresh: make lock"; \
	  .venv-lock/bin/python -m pip freeze --all --exclude-editable | grep -v -i -e '^survey-site' -e '^setuptools=' -e '^wheel='; } > $(LOCK)
	rm -rf .venv-lock

site: setup  ## set up, then build the seeds' site into _site/ (BUILD_FLAGS="--base-url URL" for a published one)
	$(PY) build.py build $(BUILD_FLAGS)

serve: setup  ## build, serve on 127.0.0.1:8000, rebuild and reload on change
	$(PY) build.py serve

warm: setup  ## keep a build process with the cache in memory: `make site` then takes a fraction of the time
	$(PY) build.py warm

check: setup  ## strict build plus a check of every internal link
	$(PY) build.py check

browser:  ## headless Chromium for the browser tests (Debian's package)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# axe-core, for the accessibility tests only: installed into node_modules/ (ignored by
# git), injected into pages by tests/test_read_browser.py, never copied into the site.
$(AXE):
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq npm >/dev/null; fi; }
	npm install --prefix $(CURDIR) --no-save --no-package-lock --no-audit --no-fund --silent axe-core@$(AXE_VERSION)

axe: $(AXE)

test: setup-test browser axe  ## set up, then the whole suite (unit, golden, browser)
	$(PY) build.py check --quiet
	$(PY) -m pytest -q -n 2 -p no:cacheprovider

test-fast: setup-test
	$(PY) -m pytest -q -n 2 -m "not browser"

lint: setup-dev
	$(VENV)/bin/ruff check site_src tests build.py bench
	$(VENV)/bin/mypy --strict site_src

bench: setup-dev  ## smoke benchmark: 1,000 papers, one run (not part of `make test`)
	$(PY) bench/run --quick

bench-full: setup-dev
	$(PY) bench/run

screenshots: setup-test browser  ## README pictures (docs/screenshots/) from a fresh build of the seeds
	$(PY) bench/screenshots.py

golden: setup-test  ## regenerate tests/golden/ after an intended change of output
	$(PY) tests/make_golden.py

vendor-check:  ## verify the vendored lunr.js against its npm package
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent lunr@$(LUNR_VERSION) >/dev/null && tar xzf lunr-$(LUNR_VERSION).tgz && \
	  cmp package/lunr.min.js $(CURDIR)/templates/assets/vendor/lunr/lunr.min.js && \
	  cmp package/LICENSE $(CURDIR)/templates/assets/vendor/lunr/LICENSE && echo "lunr.js $(LUNR_VERSION): identical to the package"

vendor-refresh:
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent lunr@$(LUNR_VERSION) >/dev/null && tar xzf lunr-$(LUNR_VERSION).tgz && \
	  cp package/lunr.min.js package/LICENSE $(CURDIR)/templates/assets/vendor/lunr/ && echo "refreshed lunr.js $(LUNR_VERSION)"

clean:
	rm -rf _site _site.tmp-* _site.old-* .cache
