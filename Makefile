# The two commands of the README: `make serve` and `make test`.
# Each (re)creates .venv only when pyproject.toml or constraints.txt changed, installs the
# pinned dependencies, builds the graph into dist/, then serves or tests it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The whole suite runs on every core (pytest-xdist); tests sharing a live server or store are
# grouped onto one worker (xdist_group marks) so each is started once, not once per worker.
PYTEST_ARGS ?= -n auto --dist loadgroup

# JavaScript test clients (Comunica, axe-core), pinned by their package-lock.json files.
JS_DIRS := tests/web/js tests/face/js
JS_STAMPS := $(addsuffix /node_modules/.installed,$(JS_DIRS))

.PHONY: serve test build bench clean venv js system-packages

venv: $(STAMP)

js: $(JS_STAMPS)

%/node_modules/.installed: %/package.json %/package-lock.json
	npm ci --prefix $* --no-audit --no-fund --loglevel=error
	touch $@

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "hmkg needs Python >= 3.11 (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,bench]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/hmkg build

serve: build
	$(BIN)/hmkg serve --host $(HOST) --port $(PORT)

# Debian packages the suite drives (JRE, Chromium, Virtuoso, Node.js): installed when missing
# and allowed, else the exact apt-get line is printed and make stops.
system-packages:
	scripts/system-packages

# The release is built once and shared by every test worker through HMKG_TEST_DIST.
test: system-packages build js
	HMKG_TEST_DIST=$(CURDIR)/dist $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: build
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) dist build .pytest_cache $(addsuffix /node_modules,$(JS_DIRS))
