# Verkstad: `make run` serves the app, `make test` runs every check. Both install what is
# missing first, from the package registries only (see ../shared/docs/build.md).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

# Builds and tools live outside the clone, so fresh clones (CI) reuse them.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/verkstad-target
TOOLS := $(HOME)/.cache/verkstad-tools
export PATH := $(TOOLS)/bin:$(CURDIR)/tests/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

CARGO_LEPTOS_VERSION := 0.3.11
# Must equal the wasm-bindgen crate in Cargo.lock: cargo-leptos uses whatever is on PATH.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)

# The same values cargo-leptos gives the compiler, so `cargo test` and `cargo clippy` reuse
# its debug build instead of compiling everything a second time.
LEPTOS_ENV := LEPTOS_OUTPUT_NAME=verkstad LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=app LEPTOS_BIN_DIR=server \
  LEPTOS_JS_MINIFY=false LEPTOS_HASH_FILES=false RUSTFLAGS="--cfg erase_components"
SERVER_CRATES := -p server -p migration -p integration-tests

PG_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres

step = @printf '\n\033[1m==> %s\033[0m\n' "$(1)"

.PHONY: run build precompress tools node chromium test test-rust test-e2e lint bench content-check content-check-built \
  content-ids films smtp-sink

## run: set up what is missing, build, and serve on http://127.0.0.1:3000 (embedded SQLite)
run: tools build
	$(call step,Starting Verkstad (database: ./data/verkstad.db; stop with Ctrl-C))
	mkdir -p data
	VERKSTAD_SITE_ROOT=target/site $(CARGO_TARGET_DIR)/debug/verkstad

## build: the debug site (wasm islands, JS, CSS) and the server binary
build: tools
	$(call step,Building the site and the server (first time: several minutes))
	cargo leptos build
	$(MAKE) --no-print-directory precompress

precompress:
	@# Static assets are served precompressed (gzip; brotli when the tool is there).
	@for f in target/site/pkg/*.{js,wasm,css}; do \
	  [ -f "$$f" ] || continue; gzip -9 -k -f "$$f"; \
	  if command -v brotli >/dev/null; then brotli -f -q 11 "$$f"; fi; \
	done

## tools: the wasm target, cargo-leptos and wasm-bindgen-cli, installed once into $(TOOLS)
tools:
	$(call step,[1/3] Rust target wasm32-unknown-unknown)
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  && echo "already installed" || rustup target add wasm32-unknown-unknown
	$(call step,[2/3] cargo-leptos $(CARGO_LEPTOS_VERSION))
	@if [ "$$(cargo-leptos --version 2>/dev/null)" = "cargo-leptos $(CARGO_LEPTOS_VERSION)" ]; then echo "already installed"; else \
	  echo "compiling from crates.io: about 13 minutes on 2 cores, once"; \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --ignore-rust-version \
	    --features no_downloads --root $(TOOLS); fi
	$(call step,[3/3] wasm-bindgen-cli $(WASM_BINDGEN_VERSION))
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then echo "already installed"; else \
	  echo "compiling from crates.io: about 2 minutes, once"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --root $(TOOLS) --force; fi

## node: Playwright, axe-core and binaryen (wasm-opt) from the committed lock file; no browser download
node:
	$(call step,Node packages for tests (npm ci))
	@if [ -f tests/node_modules/.package-lock.json ] && cmp -s tests/package-lock.json tests/node_modules/.verkstad-lock; then \
	  echo "already installed"; else \
	  cd tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && cp package-lock.json node_modules/.verkstad-lock; fi

## chromium: Debian's Chromium for the browser tests
chromium:
	$(call step,Chromium for browser tests)
	@if [ -x /usr/bin/chromium ]; then echo "already installed"; else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

## smtp-sink: Python's aiosmtpd, the real SMTP server the mail tests deliver to (from PyPI)
smtp-sink:
	$(call step,SMTP server for mail tests (aiosmtpd))
	@if python3 -c 'import aiosmtpd' 2>/dev/null; then echo "already installed"; else \
	  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore aiosmtpd==1.4.6; fi

## test: formatting, lints, Rust tests on SQLite and PostgreSQL, browser tests (JS on and off)
test: tools node chromium smtp-sink lint build content-check-built test-rust test-e2e
	$(call step,All checks passed)

lint:
	$(call step,cargo fmt --check)
	cargo fmt --all --check
	$(call step,clippy (server side, ssr))
	$(LEPTOS_ENV) cargo clippy $(SERVER_CRATES) --all-targets -- -D warnings
	$(call step,clippy (browser side, hydrate))
	$(LEPTOS_ENV) cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings
	$(call step,One version of each framework crate)
	@dups=$$(cargo tree -d --depth 0 -e normal 2>/dev/null | grep -E '^(leptos|leptos_axum|axum|tower-http|sqlx|sea-orm|tower-sessions|lettre) v' | sort -u || true); \
	  if [ -n "$$dups" ]; then echo "duplicate framework crates: $$dups"; exit 1; else echo "none duplicated"; fi

test-rust:
	$(call step,Rust tests on SQLite)
	$(LEPTOS_ENV) cargo test $(SERVER_CRATES)
	$(call step,Rust tests on PostgreSQL)
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || psql "$(PG_ADMIN_URL)" -qAtc 'select 1' >/dev/null 2>&1; then \
	  $(LEPTOS_ENV) TEST_DATABASE_URL=$(PG_ADMIN_URL) cargo test -p integration-tests; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "FAIL: no PostgreSQL at 127.0.0.1:5432, and CI=true requires it"; exit 1; \
	else \
	  printf '\n\033[1;31m!!! SKIPPED: no PostgreSQL at 127.0.0.1:5432; the PostgreSQL half of the suite did not run !!!\033[0m\n\n'; \
	fi

test-e2e:
	$(call step,Browser tests: Chromium with JavaScript on and off, axe-core on every page)
	cd tests && E2E_SERVER_BIN=$(CARGO_TARGET_DIR)/debug/verkstad CHROME_PATH=/usr/bin/chromium npx playwright test -c e2e/playwright.config.ts

## content-check: validate content/ and print a summary per step, track and language
content-check: build content-check-built

content-check-built:
	$(call step,Content check)
	$(CARGO_TARGET_DIR)/debug/verkstad content check

## content-ids: record new task, field, option and prompt ids in content/ids.toml
content-ids: build
	$(CARGO_TARGET_DIR)/debug/verkstad content ids

## films: make narrated slide films and captions from the manuscripts (FILMS=id ... or all that changed)
films:
	$(call step,ffmpeg, espeak-ng and fonts from Debian)
	@if command -v ffmpeg >/dev/null && command -v espeak-ng >/dev/null && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; then \
	  echo "already installed"; else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg espeak-ng fonts-dejavu-core; fi
	$(call step,Rendering films)
	python3 content/films/render.py $(FILMS)

## bench: release build, then requests/s and p99 of a step page vs a static page of the same size
bench: tools node
	$(call step,Release build)
	PATH="$(CURDIR)/tests/node_modules/.bin:$$PATH" cargo leptos build --release
	$(MAKE) --no-print-directory precompress
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	bash tests/load/bench.sh $(CARGO_TARGET_DIR)/release/verkstad
