# Verkstad: `make run` serves the app, `make test` runs every check. Both install what is
# missing first, from the package registries only (see ../shared/docs/build.md).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

# Builds and tools live outside the clone, so fresh clones (CI) reuse them.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/verkstad-target
TOOLS ?= $(HOME)/.cache/verkstad-tools
export PATH := $(TOOLS)/bin:$(CURDIR)/tests/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Only `make dev` (the watch loop) needs cargo-leptos; `make run` and `make test` build without it.
CARGO_LEPTOS_VERSION := 0.3.11
# Must equal the wasm-bindgen crate in Cargo.lock: the generated JS and the wasm must match.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)
# Tools are compiled once with a cheap profile: they process one small wasm file, and a fully
# optimised build of them costs a newcomer minutes for nothing. Only the `wasm-bindgen` binary,
# without TLS (its test runner's downloader is all that uses it).
TOOL_PROFILE := CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_DEBUG=0

# The values cargo-leptos would give the compiler. The server bakes them in, and `cargo test`
# and `cargo clippy` use the same ones so they reuse the debug build instead of redoing it.
LEPTOS_VARS := LEPTOS_OUTPUT_NAME=verkstad LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=app LEPTOS_BIN_DIR=server \
  LEPTOS_JS_MINIFY=false LEPTOS_HASH_FILES=false
LEPTOS_ENV := $(LEPTOS_VARS) RUSTFLAGS="--cfg erase_components"
SERVER_CRATES := -p server -p migration -p integration-tests
# Raw SQL the ORM cannot say: the PostgreSQL advisory lock around migrations (one statement, two
# matches: execute_raw and Statement::from_sql_and_values). README, "Data layer", lists them.
RAW_SQL_MAX := 2
# The server side is built for the host target named explicitly. Then RUSTFLAGS reach only the
# crates built for that target, never build scripts and proc macros, which the islands' wasm
# build compiles the same way: both builds share them instead of compiling them twice.
HOST := $(shell rustc -vV | sed -n 's/^host: //p')
HOST_TARGET := --target $(HOST)
SERVER_BIN = $(CARGO_TARGET_DIR)/$(HOST)/$(if $(filter release,$(PROFILE)),release,debug)/verkstad
SITE := target/site
PKG := $(SITE)/pkg
WASM_DIR := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown

PG_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# A database of its own for the browser tests' PostgreSQL run, made and dropped around it.
PG_E2E_URL ?= postgres://postgres@127.0.0.1:5432/verkstad_e2e

step = @printf '\n\033[1m==> %s\033[0m\n' "$(1)"
# Wraps a stage's commands and prints how long it took: `make run` shows where the wait goes.
timed = t0=$$(date +%s); $(2); printf '    \033[2m(%s: %d s)\033[0m\n' "$(1)" $$(( $$(date +%s) - t0 ))

.PHONY: run build site static-files hash-assets islands server-bin precompress tools wasm-target wasm-bindgen-cli dev node chromium doc-tools test test-rust test-e2e lint bench i18n i18n-check \
  content-check content-check-built content-ids films smtp-sink

## run: set up what is missing, build, and serve on http://127.0.0.1:3000 (embedded SQLite).
##   The server is built first, alone, and serves at once; on a first run wasm-bindgen-cli and
##   the islands (the wasm of the interactive parts, for now the discussion timer) then compile
##   beside it, and work from the next page load. Every page works without them, as it does with
##   JavaScript off.
run: wasm-target
	@$(MAKE) --no-print-directory -j1 server-bin static-files
	@mkdir -p data
	$(call step,Starting Verkstad on http://$(or $(VERKSTAD_ADDRESS),127.0.0.1:3000) (database: ./data/verkstad.db; stop with Ctrl-C))
	@( { $(MAKE) --no-print-directory -j2 wasm-bindgen-cli islands && $(MAKE) --no-print-directory site; } >target/islands.log 2>&1 \
	    && printf '\n\033[1m==> %s\033[0m\n' "The islands are ready: reload the page for the interactive parts" \
	    || printf '\n\033[1;31m==> %s\033[0m\n' "The islands did not build: see target/islands.log" ) & \
	  trap 'kill %1 2>/dev/null || true' EXIT; \
	  VERKSTAD_SITE_ROOT=$(SITE) $(SERVER_BIN)

## build: the site (wasm islands, JS, CSS, public files) and the server binary, both finished (what
##   the tests need). wasm-bindgen-cli compiles alongside the islands on a fresh machine (its own
##   target folder keeps both cores busy); the server follows, since it shares the islands' folder.
build: wasm-target
	@$(MAKE) --no-print-directory -j2 wasm-bindgen-cli islands
	@$(MAKE) --no-print-directory -j2 site server-bin

## site: the islands compiled to wasm, their JS glue, the stylesheet and public files, in target/site
##   (what cargo-leptos does, done directly; PROFILE=release adds wasm-opt for `make bench`)
site: islands wasm-bindgen-cli static-files
	@mkdir -p $(PKG)
	@$(call timed,wasm-bindgen,wasm-bindgen --target web --no-typescript --out-dir $(PKG) --out-name verkstad \
	  $(WASM_DIR)/$(if $(filter release,$(PROFILE)),wasm-release,debug)/app.wasm)
	@mv -f $(PKG)/verkstad_bg.wasm $(PKG)/verkstad.wasm
	@$(if $(filter release,$(PROFILE)),$(call timed,wasm-opt,wasm-opt -Oz --enable-bulk-memory \
	  --enable-nontrapping-float-to-int $(PKG)/verkstad.wasm -o $(PKG)/verkstad.wasm),true)
	@$(MAKE) --no-print-directory hash-assets
	@$(MAKE) --no-print-directory precompress

## static-files: the stylesheet and the public files, which need no compiling
static-files:
	@mkdir -p $(PKG)
	@cp app/style/main.css $(PKG)/verkstad.css
	@cp -r app/public/. $(SITE)/
	@$(MAKE) --no-print-directory hash-assets precompress

## hash-assets: a copy of each asset named by its content (verkstad.<hash>.css), listed in
##   target/site/hash.txt, which the server reads to name them in pages; browsers keep such
##   files a year. The copies are made first and the list replaced whole afterwards, so a page
##   never names a file that is not there yet; copies no longer listed go last.
hash-assets:
	@keep=""; : > $(SITE)/hash.txt.tmp; for ext in css js wasm; do \
	  f=$(PKG)/verkstad.$$ext; [ -f "$$f" ] || continue; \
	  h=$$(sha256sum "$$f" | cut -c1-16); name=verkstad.$$h.$$ext; \
	  [ -f $(PKG)/$$name ] || { cp -f "$$f" $(PKG)/$$name.tmp && mv -f $(PKG)/$$name.tmp $(PKG)/$$name; }; \
	  echo "$$ext: $$h" >> $(SITE)/hash.txt.tmp; keep="$$keep $$name"; done; \
	  mv -f $(SITE)/hash.txt.tmp $(SITE)/hash.txt; \
	  for old in $(PKG)/verkstad.????????????????.*; do [ -e "$$old" ] || continue; \
	    base=$${old##*/}; base=$${base%.gz}; base=$${base%.br}; \
	    case " $$keep " in *" $$base "*) ;; *) rm -f "$$old";; esac; done

islands: wasm-target
	$(call step,Browser code: the islands as wasm ($(or $(PROFILE),debug)))
	@$(call timed,islands,$(if $(filter release,$(PROFILE)),$(LEPTOS_VARS),$(LEPTOS_ENV)) cargo build -p app --lib \
	  --target wasm32-unknown-unknown --no-default-features --features hydrate \
	  $(if $(filter release,$(PROFILE)),--profile wasm-release))

## server-bin: the `verkstad` binary (PROFILE=release for an optimised one)
server-bin:
	$(call step,The server ($(or $(PROFILE),debug)))
	@$(call timed,server,$(if $(filter release,$(PROFILE)),$(LEPTOS_VARS) cargo build -p server $(HOST_TARGET) --release,$(LEPTOS_ENV) cargo build -p server $(HOST_TARGET)))

precompress:
	@# Static assets are served precompressed (gzip; brotli when the tool is there).
	@for f in $(PKG)/*.{js,wasm,css}; do \
	  [ -f "$$f" ] || continue; gzip -9 -k -f "$$f"; \
	  if command -v brotli >/dev/null; then brotli -f -q 11 "$$f"; fi; \
	done

## tools: the wasm target and wasm-bindgen-cli, installed once into $(TOOLS)
tools: wasm-target wasm-bindgen-cli

wasm-target:
	@if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then \
	  printf '\n\033[1m==> %s\033[0m\n' "Rust target wasm32-unknown-unknown"; \
	  $(call timed,wasm target,rustup target add wasm32-unknown-unknown); fi

wasm-bindgen-cli:
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  printf '\n\033[1m==> %s\033[0m\n' "wasm-bindgen-cli $(WASM_BINDGEN_VERSION): compiling from crates.io, once"; \
	  $(call timed,wasm-bindgen-cli,$(TOOL_PROFILE) cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) \
	    --bin wasm-bindgen --no-default-features --root $(TOOLS) --force --quiet); fi

## dev: rebuild and restart on every change (cargo-leptos watch; installs cargo-leptos once)
dev: tools node
	$(call step,cargo-leptos $(CARGO_LEPTOS_VERSION))
	@if [ "$$(cargo-leptos --version 2>/dev/null)" = "cargo-leptos $(CARGO_LEPTOS_VERSION)" ]; then echo "already installed"; else \
	  echo "compiling from crates.io, once"; \
	  $(call timed,cargo-leptos,$(TOOL_PROFILE) cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked \
	    --ignore-rust-version --features no_downloads --root $(TOOLS)); fi
	mkdir -p data
	@# cargo-leptos writes unhashed names; a hash list left by `make build` would name stale copies.
	rm -f $(SITE)/hash.txt
	cargo leptos watch

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

## doc-tools: pypdf, python-docx and icalendar (from PyPI), with which the tests read exported
##   documents and calendar feeds as a reader's own tools would
doc-tools:
	$(call step,Document and calendar readers for the tests (pypdf, python-docx, icalendar))
	@if python3 -c 'import pypdf, docx, icalendar' 2>/dev/null; then echo "already installed"; else \
	  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore pypdf==5.4.0 python-docx==1.1.2 icalendar==6.1.3; fi

## test: formatting, lints, Rust tests on SQLite and PostgreSQL, browser tests (JS on and off)
test: node chromium smtp-sink doc-tools i18n-check build lint content-check-built test-rust test-e2e
	$(call step,All checks passed)

lint:
	$(call step,cargo fmt --check)
	cargo fmt --all --check
	$(call step,Raw SQL in server/ (calls of *_raw, Statement::from_*, Expr::cust*, execute_unprepared))
	@sites=$$(grep -rnoE '\b[a-z_]+_raw\(|Statement::from_[a-z_]+|Expr::cust[a-z_]*|execute_unprepared\(' server/src || true); \
	  n=$$(printf '%s' "$$sites" | grep -c . || true); echo "$$sites"; \
	  echo "raw-SQL sites in server/: $$n (at most $(RAW_SQL_MAX); the README says why each is needed)"; \
	  [ "$$n" -le $(RAW_SQL_MAX) ]
	$(call step,clippy (server side, ssr))
	$(LEPTOS_ENV) cargo clippy $(SERVER_CRATES) $(HOST_TARGET) --all-targets -- -D warnings
	$(call step,clippy (the translations generator))
	cargo clippy -p i18n-gen -- -D warnings
	$(call step,clippy (browser side, hydrate))
	$(LEPTOS_ENV) cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings
	$(call step,No raw <textarea>/<script>/<style>/<noscript> in views (Leptos writes their children unescaped))
	@bad=$$(grep -rnE '<(textarea|script|style|noscript)([ >]|$$)' app/src --include=*.rs | grep -v '^app/src/ui/form.rs:' || true); \
	  if [ -n "$$bad" ]; then echo "use ui::form::TextArea instead:"; echo "$$bad"; exit 1; else echo "none"; fi
	@bad=$$(grep -rn 'inner_html' app/src --include=*.rs | grep -vE '^app/src/ui/form.rs:|^app/src/features/(workshop|work)/pages.rs:.*(intro_html|body_html|preschool_html)' || true); \
	  if [ -n "$$bad" ]; then echo "inner_html only for escaped text or our own rendered Markdown:"; echo "$$bad"; exit 1; fi
	$(call step,No leptos_meta Title or Meta outside ui/head.rs (leptos_meta writes the title unescaped))
	@bad=$$(grep -rnwE 'Title|Meta' app/src --include=*.rs | grep -vE '^app/src/(ui/head|i18n_generated).rs:' || true); \
	  if [ -n "$$bad" ]; then echo "set the title with ui::head::PageTitle, which escapes it:"; echo "$$bad"; exit 1; else echo "none"; fi
	$(call step,No read through the pool inside a write transaction)
	@.ci/lint-write-txn
	$(call step,One version of each framework crate)
	@dups=$$(cargo tree -d --depth 0 -e normal 2>/dev/null | grep -E '^(leptos|leptos_axum|axum|tower-http|sqlx|sea-orm|tower-sessions|lettre) v' | sort -u || true); \
	  if [ -n "$$dups" ]; then echo "duplicate framework crates: $$dups"; exit 1; else echo "none duplicated"; fi

test-rust:
	$(call step,Rust tests on SQLite)
	$(LEPTOS_ENV) cargo test $(SERVER_CRATES) $(HOST_TARGET)
	$(call step,Rust tests on PostgreSQL)
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || psql "$(PG_ADMIN_URL)" -qAtc 'select 1' >/dev/null 2>&1; then \
	  $(LEPTOS_ENV) TEST_DATABASE_URL=$(PG_ADMIN_URL) cargo test -p integration-tests $(HOST_TARGET); \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "FAIL: no PostgreSQL at 127.0.0.1:5432, and CI=true requires it"; exit 1; \
	else \
	  printf '\n\033[1;31m!!! SKIPPED: no PostgreSQL at 127.0.0.1:5432; the PostgreSQL half of the suite did not run !!!\033[0m\n\n'; \
	fi

test-e2e:
	$(call step,Browser tests: Chromium with JavaScript on and off, axe-core on every page)
	cd tests && E2E_SERVER_BIN=$(SERVER_BIN) CHROME_PATH=/usr/bin/chromium npx playwright test -c e2e/playwright.config.ts
	$(call step,Browser tests of the group's work and the hand-overs on PostgreSQL)
	@if psql "$(PG_ADMIN_URL)" -qAtc 'select 1' >/dev/null 2>&1; then \
	  psql "$(PG_ADMIN_URL)" -qc 'DROP DATABASE IF EXISTS verkstad_e2e WITH (FORCE)' -c 'CREATE DATABASE verkstad_e2e' && \
	  (cd tests && E2E_DATABASE_URL=$(PG_E2E_URL) E2E_SERVER_BIN=$(SERVER_BIN) CHROME_PATH=/usr/bin/chromium \
	    npx playwright test -c e2e/playwright.config.ts --project=hydrate --project=ssr specs/work.spec specs/autosave specs/handovers specs/next specs/exports specs/calendar specs/years); \
	  status=$$?; psql "$(PG_ADMIN_URL)" -qc 'DROP DATABASE IF EXISTS verkstad_e2e WITH (FORCE)'; exit $$status; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "FAIL: no PostgreSQL at 127.0.0.1:5432, and CI=true requires it"; exit 1; \
	else \
	  printf '\n\033[1;31m!!! SKIPPED: no PostgreSQL; the browser tests did not run on it !!!\033[0m\n\n'; \
	fi

## i18n: regenerate app/src/i18n_generated.rs from app/locales/*.json (after changing a locale file)
i18n:
	$(call step,Translations module from app/locales)
	@out=$$(cargo run -q -p i18n-gen 2>&1); echo "$$out"; if echo "$$out" | grep -q '^cargo::error'; then exit 1; fi

i18n-check:
	$(call step,The translations module is current with app/locales)
	@tmp=$$(mktemp -d); out=$$(cargo run -q -p i18n-gen -- "$$tmp" 2>&1); \
	  echo "$$out" | grep -v '^wrote' || true; \
	  if echo "$$out" | grep -q '^cargo::error'; then rm -rf "$$tmp"; exit 1; fi; \
	  if cmp -s "$$tmp/i18n_generated.rs" app/src/i18n_generated.rs; then echo "current"; rm -rf "$$tmp"; else \
	    rm -rf "$$tmp"; echo "app/locales changed: run make i18n and commit app/src/i18n_generated.rs"; exit 1; fi

## content-check: validate content/ and print a summary per step, track and language
content-check: build content-check-built

content-check-built:
	$(call step,Content check)
	$(SERVER_BIN) content check

## content-ids: record new task, field, option and prompt ids in content/ids.toml
content-ids: build
	$(SERVER_BIN) content ids

## films: make narrated slide films and captions from the manuscripts (FILMS=id ... or all that changed)
films:
	$(call step,ffmpeg, espeak-ng and fonts from Debian)
	@if command -v ffmpeg >/dev/null && command -v espeak-ng >/dev/null && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; then \
	  echo "already installed"; else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg espeak-ng fonts-dejavu-core; fi
	$(call step,Rendering films)
	python3 content/films/render.py $(FILMS)

## bench: release build, then requests/s and p99 of a step page vs a static page of the same size
bench: node
	$(call step,Release build)
	$(MAKE) --no-print-directory -j2 wasm-bindgen-cli islands PROFILE=release
	$(MAKE) --no-print-directory -j2 site server-bin PROFILE=release
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	bash tests/load/bench.sh $(CARGO_TARGET_DIR)/$(HOST)/release/verkstad
