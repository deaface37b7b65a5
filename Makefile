# Packline developer commands. `make help` lists them.
# The two README quick-start commands are `make demo` and `make test`; each installs what it needs.

SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
NPM := npm --prefix pwa
ARTIFACTS := artifacts
export PATH := $(HOME)/.local/bin:$(PATH)

.PHONY: help install install-python install-pwa build-pwa system-deps demo serve test lint typecheck pytest vitest bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

$(UV):
	python3 -m pip install --user --quiet uv || python3 -m pip install --user --quiet --break-system-packages uv

install-python: $(UV) ## install Python dependencies from uv.lock into .venv
	$(UV) sync --locked

install-pwa: pwa/node_modules/.package-lock.json ## install the PWA's npm packages exactly as package-lock.json says (npm ci)

# npm ci installs the lock as is and never rewrites it; it only runs when package.json or the
# lock changed since the last install (npm writes node_modules/.package-lock.json at the end).
# The lock lists every platform's optional binaries (rollup, esbuild, ...): a lock missing
# them makes `npm ci` refuse ("Missing: @rollup/rollup-android-arm64 from lock file") and
# `npm install` add them, which dirtied the checkout. Regenerate it only with a full
# `npm install` (never --omit=optional, never from a pruned node_modules).
pwa/node_modules/.package-lock.json: pwa/package.json pwa/package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

build-pwa: install-pwa ## build the PWA into pwa/dist, where the server serves it
	$(NPM) run build

install: install-python build-pwa ## everything needed to run the app

system-deps: ## Debian packages the browser and label tests need (Chromium, a CJK font)
	@if ! command -v chromium >/dev/null || ! fc-list :lang=zh | grep -q .; then \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

demo: install ## install everything, then serve a fresh demo warehouse on embedded SQLite
	$(UV) run packline demo

serve: install ## serve the app on the configured database (PACKLINE_DATABASE_URL)
	$(UV) run packline serve

lint: install-python ## ruff
	$(UV) run ruff check server sync tests bench alembic
	$(UV) run ruff format --check server sync

typecheck: install-python install-pwa ## mypy --strict on server/ and sync/, tsc on the PWA
	$(UV) run mypy
	$(NPM) run typecheck

# Tests spend much of their time waiting on subprocesses, PostgreSQL and Chromium, so
# pytest-xdist runs them in PYTEST_WORKERS processes, one per core of the 2-core CI box
# (PYTEST_WORKERS=0: one process, no xdist). Every fixture is per worker: its own tmp dirs,
# PostgreSQL databases (uuid names), free ports and browser. --durations names the slowest.
PYTEST_WORKERS ?= 2

pytest: install-python build-pwa system-deps ## Python tests on SQLite, PostgreSQL and Chromium
	@mkdir -p $(ARTIFACTS)
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-ci} $(UV) run pytest -n $(PYTEST_WORKERS) \
		--dist loadgroup --durations=25 --junitxml=$(ARTIFACTS)/junit.xml

vitest: install-pwa ## TypeScript tests, including the shared sync vectors
	$(NPM) test

test: install system-deps lint typecheck pytest vitest ## install everything, then run every test

bench: install ## run the benchmarks under bench/
	$(UV) run python bench/run_all.py

clean: ## remove build output and caches
	rm -rf pwa/dist $(ARTIFACTS) .pytest_cache .mypy_cache .ruff_cache .hypothesis
