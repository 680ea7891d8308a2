# The two commands of the README:
#   make serve   install what is missing, serve the app on http://127.0.0.1:8080 with live reload
#   make test    install what is missing, run every test, the format check and clippy
# Trunk and wasm-opt come from cargo and npm (see .ci/setup); node_modules/.bin must be on PATH.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# The browser build: the app and the core it links (ingest is native only).
WASM := --target wasm32-unknown-unknown -p ecei-atlas -p atlas-core

.PHONY: serve test setup setup-test dist data map pictures bench bench-browser bench-phone wasm-sizes lighthouse boundaries

serve: setup
	trunk serve --offline

setup:
	@.ci/setup

setup-test:
	@.ci/setup --test

# The release build that the end-to-end tests and the size budget test run against, and the same
# build for a deploy under /atlas/ (one e2e test serves it there; cargo's build is reused).
dist:
	trunk build --release --offline
	trunk build --release --offline --public-url /atlas/ --dist dist-atlas

test: setup-test
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo clippy --locked $(WASM) --lib --bins --test web -- -D warnings
	cargo clippy --locked -p ecei-atlas --no-default-features --features ssr --bin prerender -- -D warnings
	$(MAKE) boundaries
	$(MAKE) dist
	# One test at a time: each end-to-end test drives a browser of its own (Chromium, Firefox or
	# WebKit), and two at once on a 2-core machine time out waiting for a page.
	RUST_TEST_THREADS=1 cargo test --locked
	cargo test --locked $(WASM) --test web

# The core stays pure: none of the browser crates in its dependency tree.
boundaries:
	@if cargo tree --locked -p atlas-core -e normal --prefix none | grep -E '^(leptos|web-sys|js-sys|gloo|wasm-bindgen)'; then \
		echo "atlas-core depends on a browser crate (above)"; exit 1; \
	else echo "atlas-core: no browser crate in its dependencies"; fi

# Regenerate the committed files (tests fail when these would change a byte).
data:
	cargo run --release --bin ingest
map:
	cargo run --release --bin ingest -- map

bench:
	cargo bench --bench core

# 100,000 synthetic records in headless Chromium against the release build.
bench-browser: setup-test dist
	cargo bench --bench browser

# How soon an emulated mid-range phone can use the atlas (Lighthouse's mobile conditions through
# DevTools: 150 ms round trip, 1.6 Mbit/s, the CPU 4x slower) against the release build served
# gzipped: five cold loads, each one's first paint, ready and a tap answered, and the medians.
bench-phone: setup-test dist
	npm ci --prefix benches/lighthouse --no-audit --no-fund --loglevel=error
	node benches/lighthouse/phone.mjs dist 5

# Where the wasm's bytes go, by crate and by the app's own modules: the release wasm linked again
# with its names kept (only the app's crate is rebuilt), through wasm-bindgen and wasm-opt as
# Trunk runs them (index.html's flags, plus -g), then read by benches/wasm-sizes.mjs.
WASM_OPT_FLAGS := $(shell sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
wasm-sizes: setup dist
	cargo rustc --release --locked --target wasm32-unknown-unknown --bin ecei-atlas -- -C strip=none
	wasm-bindgen --target web --no-typescript --out-dir target/wasm-sizes target/wasm32-unknown-unknown/release/ecei-atlas.wasm
	wasm-opt -Os -g $(WASM_OPT_FLAGS) target/wasm-sizes/ecei-atlas_bg.wasm -o target/wasm-sizes/named.wasm
	node benches/wasm-sizes.mjs target/wasm-sizes/named.wasm $(wildcard dist/*.wasm)

# Lighthouse 12 (npm, pinned in benches/lighthouse) against the release build served gzipped on
# 127.0.0.1: desktop and mobile, three runs each, the four scores, LCP, CLS and TBT.
lighthouse: setup-test dist
	npm ci --prefix benches/lighthouse --no-audit --no-fund --loglevel=error
	node benches/lighthouse/run.mjs dist 3

# The committed images made from the built app by headless Chromium: the link preview
# (public/preview.png) and the manifest's icons (public/icons/). Rebuild after changing the map
# or public/favicon.svg, then `make dist` again to ship them.
pictures: setup-test dist
	npm ci --prefix benches/lighthouse --no-audit --no-fund --loglevel=error
	node benches/lighthouse/pictures.mjs dist public
