# Two commands on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
LUNR_VERSION := 2.3.9

.PHONY: setup site serve test test-fast browser check lint bench bench-full golden vendor-check vendor-refresh clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

setup: $(STAMP)

site: setup  ## set up, then build the seeds' site into _site/
	$(PY) build.py build

serve: setup  ## build, serve on 127.0.0.1:8000, rebuild and reload on change
	$(PY) build.py serve

check: setup  ## strict build plus a check of every internal link
	$(PY) build.py check

browser:  ## headless Chromium for the browser tests (Debian's package)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

test: setup browser  ## set up, then the whole suite (unit, golden, browser)
	$(PY) build.py check --quiet
	$(PY) -m pytest -q -n 2 -p no:cacheprovider

test-fast: setup
	$(PY) -m pytest -q -n 2 -m "not browser"

lint: setup
	$(VENV)/bin/ruff check site_src tests build.py bench
	$(VENV)/bin/mypy --strict site_src

bench: setup  ## smoke benchmark: 1,000 papers, one run (not part of `make test`)
	$(PY) bench/run --quick

bench-full: setup
	$(PY) bench/run

golden: setup  ## regenerate tests/golden/ after an intended change of output
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
