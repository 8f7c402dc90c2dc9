# clusterwatch: `make demo` runs the whole job on the bundled sample portal; `make test` runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: setup demo test lint unit browser-deps axe-deps ocr-deps bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## The main job, offline: serve the sample portal on 127.0.0.1, crawl, process, store, serve the UI.
demo: setup
	$(BIN)/clusterwatch --config config/demo demo

## Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium).
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: /usr/bin/chromium missing and no root: browser tests will be skipped"; fi

## axe-core (npm) for the accessibility tests: served to the test browser by the tests only.
AXE := .cache/axe/node_modules/axe-core/axe.min.js
axe-deps:
	@if [ -f $(AXE) ]; then :; \
	elif command -v npm >/dev/null; then npm install --prefix .cache/axe --no-audit --no-fund --silent axe-core@4 >/dev/null || echo "note: npm could not install axe-core: accessibility tests will be skipped"; \
	else echo "note: npm missing: accessibility tests will be skipped"; fi

## Debian's Tesseract with Polish, Czech, German and English data (OCR of scanned PDF pages) and
## DejaVu fonts (the generated test documents); without them OCR tests skip with a message.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-pol tesseract-ocr-ces tesseract-ocr-deu tesseract-ocr-eng fonts-dejavu-core
ocr-deps:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx ces \
	    && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) >/dev/null; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) >/dev/null; \
	else echo "note: Tesseract (pol, ces, deu, eng) missing and no root: OCR tests will be skipped"; fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; rc=0; fi; exit $$rc

## Everything CI runs: lint, type check, the whole test suite (browser and OCR tests included).
test: setup browser-deps axe-deps ocr-deps lint unit

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache data artifacts .cache
