# briefkit: on a fresh machine, `make build` then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SYS_STAMP := $(VENV)/.sysdeps
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: build test test-word test-web check lint fuzz bench clean

build: $(STAMP) $(SYS_STAMP)
	$(BIN)/briefkit build content -o output

check: $(STAMP)
	$(BIN)/briefkit check content

test: $(TEST_STAMP) $(SYS_STAMP)
	$(BIN)/python -m pytest

# The linters CI runs before the tests: ruff, ruff's formatter, mypy --strict and the import
# contracts that keep the stages apart (pyproject.toml, [tool.importlinter]).
LINTED := src tests bench tools
lint: $(TEST_STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/lint-imports

# System packages pip cannot bring (Pango, HarfBuzz subsetting, Noto CJK fonts): installed with
# apt-get when missing and possible, otherwise named in one error message.
$(SYS_STAMP): tools/sysdeps.sh | $(STAMP)
	@tools/sysdeps.sh
	@touch $@

# The test suite with LibreOffice installed, so the Word files are also printed and read back
# (those tests are skipped without it; LibreOffice is large, so plain `make test` does not
# install it). Its Math module reads the OMML equations of the Word files.
test-word: $(TEST_STAMP) $(SYS_STAMP)
	@tools/sysdeps.sh libreoffice-writer-nogui libreoffice-math-nogui
	$(BIN)/python -m pytest

# The web pages in a real browser: Debian's Chromium (installed here; plain `make test` skips
# these tests without it) driven by puppeteer-core, which downloads no browser, with axe-core
# (tools/web/package.json, exact versions in its lock file).
test-web: $(TEST_STAMP) $(SYS_STAMP)
	@tools/sysdeps.sh chromium
	cd tools/web && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m pytest tests/web -q

# Longer property-based fuzzing of the loader, resolver and HTML renderer.
fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py tests/cite/test_positions.py -q

# Timings against pandoc and WeasyPrint's floor (never pass/fail); see docs/performance.md.
# Stage timings (load, resolve, each renderer) first, then whole processes and the ratios.
bench: $(BENCH_STAMP) $(SYS_STAMP)
	@command -v hyperfine >/dev/null || tools/sysdeps.sh hyperfine
	$(BIN)/python -m pytest bench/test_stages.py --benchmark-only -q -p no:cacheprovider \
		--benchmark-columns=min,median,max,rounds --benchmark-sort=name
	$(BIN)/python bench/run.py

# The virtual environment and the project in it (editable); redone when pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "briefkit needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint]'
	@touch $@

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $@

clean:
	rm -rf output .pytest_cache .hypothesis
