#!/usr/bin/env bash
# The server SIGKILLed at random moments under a stream of writes, on SQLite
# and on PostgreSQL: every acknowledged write survives, the import resumes to
# each row once, and `dogear check` passes (e2e/crash.py does the work).
#
#   e2e/crash.sh                        # 12 kills on each database
#   CRASH_KILLS=20 CRASH_SEED=7 DOGEAR_BIN=target/release/dogear e2e/crash.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${DOGEAR_BIN:-target/debug/dogear}"
pg="${DOGEAR_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
kills="${CRASH_KILLS:-12}"
db="dogear_crash_$$"
work=$(mktemp -d)
cleanup() {
  psql "$pg" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# A killed node's import is taken over once its heartbeat is this old: 10 s
# instead of the usual minute keeps the run short without changing the path.
export DOGEAR_IMPORT_STALE_SECONDS=10

echo "== SQLite"
python3 e2e/crash.py "$bin" "sqlite://$work/crash.db" "$kills"

echo "== PostgreSQL"
psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
python3 e2e/crash.py "$bin" "${pg%/*}/$db" "$kills"
