#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL.
# CI=true: the PostgreSQL and browser parts are mandatory and fail loudly when their server/browser is missing.
set -u
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/pytest"
PG_URL="${CCHC_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/cchc}"
CI_MODE=false
case "${CI:-}" in 1|true|TRUE|yes) CI_MODE=true ;; esac

run() {  # pytest exit 5 = no tests collected: not a failure of the suite itself
  "$@"; rc=$?
  if [ $rc -eq 5 ]; then echo "(không có kiểm thử nào được thu thập)"; rc=0; fi
  return $rc
}

echo "== Kiểm thử trên SQLite =="
run env -u DATABASE_URL $PYTEST -p no:cacheprovider -n "${CCHC_TEST_WORKERS:-2}" --dist loadfile
sqlite_rc=$?

pg_ok=false
if .venv/bin/python - "$PG_URL" <<'PY' 2>/dev/null; then pg_ok=true; fi
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
psycopg.connect(url, connect_timeout=3).close()
PY
if $pg_ok; then
  echo "== Kiểm thử trên PostgreSQL ($PG_URL) =="
  run env DATABASE_URL="$PG_URL" $PYTEST -p no:cacheprovider -m "not browser" -n "${CCHC_TEST_WORKERS:-2}" --dist loadfile
  pg_rc=$?
elif $CI_MODE; then
  echo "LỖI: CI=true nhưng không kết nối được PostgreSQL tại $PG_URL — phần kiểm thử PostgreSQL là bắt buộc trong CI." >&2
  pg_rc=1
else
  echo "Bỏ qua kiểm thử PostgreSQL: không kết nối được $PG_URL (chạy PostgreSQL hoặc đặt CCHC_TEST_PG_URL để bật)."
  pg_rc=0
fi
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
