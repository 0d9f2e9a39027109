# cchc — two commands: `make run` (app with demo data, SQLite) and `make test` (whole suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CCHC := $(VENV)/bin/cchc
PG_URL ?= postgres://postgres@127.0.0.1:5432/cchc
export PYTHONUNBUFFERED=1

.PHONY: run install install-test test test-sqlite test-postgres lint chromium libreoffice bench-import bench-qa bench-exams bench-plans bench-surveys bench-index bench-dossiers messages clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(CCHC) migrate --noinput -v0
	$(CCHC) load_demo
	@echo "cchc chạy tại http://127.0.0.1:8000  (Ctrl+C để dừng)"
	$(CCHC) runserver 127.0.0.1:8000

chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then echo "Cài Debian chromium cho kiểm thử trình duyệt..."; \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) \
	  || echo "Không cài được chromium"; \
	else echo "Không có chromium và không chạy bằng root: kiểm thử trình duyệt sẽ bị bỏ qua (cài: sudo apt-get install chromium)."; fi

# LibreOffice (Writer, headless) + poppler: PDF of the periodic reports and their PNG rendering test
# (tests/reports/test_render.py; skipped with a reason without them). Measured: 25 s on Debian 12.
libreoffice:
	@if command -v libreoffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then echo "Cài LibreOffice Writer (không giao diện) và poppler-utils..."; \
	  (apt-get install -y -q libreoffice-writer-nogui poppler-utils >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q libreoffice-writer-nogui poppler-utils >/dev/null)) \
	  || echo "Không cài được LibreOffice"; \
	else echo "Không có LibreOffice và không chạy bằng root: PDF báo cáo và kiểm thử dựng trang sẽ bị bỏ qua (cài: sudo apt-get install libreoffice-writer-nogui poppler-utils)."; fi

test: install-test chromium libreoffice
	@bash scripts/run-tests.sh

test-sqlite: install-test
	$(VENV)/bin/pytest -p no:cacheprovider

lint: install-test
	$(VENV)/bin/ruff check cchc tests bench
	DJANGO_SETTINGS_MODULE=cchc.settings.test $(CCHC) makemigrations --check --dry-run

messages: install-test
	cd cchc && ../$(CCHC) makemessages -l vi -l en --ignore '*/data/*' && ../$(CCHC) compilemessages

bench-import: install
	$(VENV)/bin/python bench/import_bench.py

bench-qa: install
	$(VENV)/bin/python bench/qa_bench.py

bench-plans: install
	$(VENV)/bin/python bench/plans_bench.py
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL:/cchc=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
	  BENCH_DATABASE_URL=$(PG_URL)_bench $(VENV)/bin/python bench/plans_bench.py; \
	else echo "PostgreSQL không chạy tại $(PG_URL): bỏ qua phần đo trên PostgreSQL"; fi

bench-exams: install
	BENCH_DATABASE_URL=$(PG_URL)_bench_exams $(VENV)/bin/python bench/exams_bench.py

bench-surveys: install
	BENCH_DATABASE_URL=$(PG_URL)_bench_surveys $(VENV)/bin/python bench/surveys_bench.py

bench-index: install
	$(VENV)/bin/python bench/index_bench.py
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL:/cchc=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
	  BENCH_DATABASE_URL=$(PG_URL)_bench_index $(VENV)/bin/python bench/index_bench.py; \
	else echo "PostgreSQL không chạy tại $(PG_URL): bỏ qua phần đo trên PostgreSQL"; fi

clean:
	rm -rf var/static .pytest_cache

# 766 dossier indicators: BENCH_ROWS=1000000 make bench-dossiers for a quick run (default 10 million)
bench-dossiers: install
	$(VENV)/bin/python bench/dossiers_bench.py
