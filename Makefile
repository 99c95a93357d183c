# Closer — the commands the README gives.
#   make run    build everything and serve http://127.0.0.1:8080 with the demo tenant
#   make test   the Rust tests (SQLite; PostgreSQL too when CLOSER_TEST_PG_URL is set) and the UI checks
#   make build  target/release/closer with the UI embedded
#   make e2e    browser tests in Debian's Chromium against a real server
#   make bench  scale and load figures (see bench/README.md)

SHELL := /bin/bash
CARGO ?= cargo
NPM ?= npm

.PHONY: run build ui ui-deps test test-rust test-web lint openapi e2e bench clean

run: build
	./target/release/closer serve --demo

build: ui
	$(CARGO) build --release -p closer

# The UI is embedded by the server's build script; touching it makes cargo embed the new build.
ui: ui-deps
	cd web && $(NPM) run build
	touch crates/server/build.rs

ui-deps:
	@if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then \
		cd web && $(NPM) ci --no-audit --no-fund --loglevel=error; fi

test: test-rust test-web

test-rust:
	@if command -v cargo-nextest >/dev/null 2>&1; then \
		$(CARGO) nextest run --workspace --no-fail-fast; \
	else \
		$(CARGO) test --workspace; \
	fi

# Lint, types, component tests, and a check that the UI's API types match docs/openapi.json.
test-web: ui-deps
	cd web && $(NPM) run lint && $(NPM) run typecheck && $(NPM) test
	cd web && npx openapi-typescript ../docs/openapi.json -o /tmp/closer-schema.d.ts >/dev/null 2>&1 \
		&& diff -q /tmp/closer-schema.d.ts src/api/schema.d.ts \
		|| (echo "web/src/api/schema.d.ts is stale: run 'make openapi' and commit it" && exit 1)

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	cd web && $(NPM) run lint

# Regenerates the committed OpenAPI document and the UI types made from it.
openapi: ui-deps
	CLOSER_UPDATE_OPENAPI=1 $(CARGO) test -p closer-server --test api openapi::the_committed_document_is_current
	cd web && $(NPM) run gen:api

e2e: ui
	$(CARGO) build -p closer
	CLOSER_BIN="$${CARGO_TARGET_DIR:-$(CURDIR)/target}/debug/closer" bash e2e/run.sh

bench:
	bash bench/run.sh

clean:
	$(CARGO) clean
	rm -rf web/dist closer-data
