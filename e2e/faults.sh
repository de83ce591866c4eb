#!/usr/bin/env bash
# The database failing under a running node:
#  1. PostgreSQL stopped and started again under load (a cluster of its own on
#     port 5499, made here and dropped after, so the machine's server is never
#     touched): requests in the outage answer 503 within a bounded time, none
#     500 or hangs; the pool recovers by itself; no acknowledged write is lost.
#  2. SQLite on a full disk (a small tmpfs made here): writes answer 507 with
#     the reason logged, reads keep working, the database stays whole, and
#     writes succeed again once space is freed.
#
#   e2e/faults.sh            DOGEAR_BIN=target/release/dogear e2e/faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${DOGEAR_BIN:-target/debug/dogear}"
version=$(ls /etc/postgresql | sort -n | tail -n1)
cluster=dogearfaults port=5499 node=18401
work=$(mktemp -d)
mnt="$work/disk"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
  pg_dropcluster --stop "$version" "$cluster" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/node.log" ] && tail -n 20 "$work/node.log" >&2; exit 1; }
pass() { echo "ok - $*"; }

export DOGEAR_COMMENTS_PER_MINUTE=1000000 DOGEAR_NEW_ACCOUNT_COMMENTS_PER_MINUTE=0 \
  DOGEAR_API_CALLS_PER_MINUTE=1000000 DOGEAR_NO_COVER_FETCHING=true
unset DOGEAR_CONFIG

start_node() { # start_node URL
  "$bin" --database "$1" serve --listen "127.0.0.1:$node" >>"$work/node.log" 2>&1 &
  server=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$node/healthz" >/dev/null && return; sleep 0.1; done
  fail "the node did not start"
}
stop_node() { kill "$server"; wait "$server" || true; server=""; }

# --- 1. PostgreSQL restarted under load --------------------------------------
pg_dropcluster --stop "$version" "$cluster" >/dev/null 2>&1 || true
pg_createcluster "$version" "$cluster" -p "$port" -- --auth-host=trust --auth-local=trust >/dev/null
pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
for _ in $(seq 1 50); do pg_isready -h 127.0.0.1 -p "$port" >/dev/null 2>&1 && break; sleep 0.2; done
psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE faults" >/dev/null
url="postgres://postgres@127.0.0.1:$port/faults"
start_node "$url"
read -r token book review < <(python3 e2e/faults.py setup "http://127.0.0.1:$node")

python3 e2e/faults.py load "http://127.0.0.1:$node" "$token" "$book" "$review" 25 "$work/load.json" &
loader=$!
sleep 3
outage_from=$(date +%s.%N)
pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" stop -m fast
sleep 4
pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
outage_to=$(date +%s.%N)
wait "$loader"

python3 - "$work/load.json" "$outage_from" "$outage_to" <<'PY' || fail "PostgreSQL outage"
import json, sys
answers = json.load(open(sys.argv[1]))
start, end = float(sys.argv[2]), float(sys.argv[3])
statuses = sorted({a["status"] for a in answers})
bad = [a for a in answers if a["status"] not in (200, 201, 503)]
if bad:
    sys.exit(f"answers other than 200/201/503: {bad[:3]} (statuses {statuses})")
slowest = max(a["took"] for a in answers)
if slowest > 12:
    sys.exit(f"a request took {slowest:.1f} s: more than the pool's bounded wait")
during = [a for a in answers if start <= a["at"] <= end]
if not any(a["status"] == 503 for a in during):
    sys.exit(f"no 503 during the outage ({len(during)} requests then): was it observed?")
after = [a for a in answers if a["at"] > end + 3]
if not after or any(a["status"] != 200 and a["status"] != 201 for a in after):
    sys.exit(f"the pool did not recover within 3 s: {[a['status'] for a in after][:20]}")
print(f"{len(answers)} requests, {sum(a['status'] == 503 for a in answers)} answered 503 in the outage, "
      f"slowest {slowest:.2f} s; all well 3 s after")
PY
pass "PostgreSQL stopped under load: 503s, bounded, recovered by itself"
acked=$(python3 -c 'import json,sys; print("\n".join(a["acked"] for a in json.load(open(sys.argv[1])) if a["acked"]))' "$work/load.json" | sort)
stored=$(psql "$url" -At -c "SELECT body FROM comments WHERE review_id = $review" | sort)
missing=$(comm -23 <(echo "$acked") <(echo "$stored") | grep -c . || true)
[ "$missing" = 0 ] || fail "$missing acknowledged comments lost in the outage"
pass "every acknowledged comment ($(echo "$acked" | grep -c .)) is stored"
grep -q "database unavailable" "$work/node.log" || fail "the outage was not logged"
stop_node
"$bin" --database "$url" check >"$work/check.txt" 2>&1 || { cat "$work/check.txt"; fail "dogear check after the outage"; }
pass "dogear check passes after the outage"
pg_dropcluster --stop "$version" "$cluster"

# --- 2. SQLite on a full disk --------------------------------------------------
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=8m tmpfs "$mnt" 2>/dev/null; then
  echo "skip - no tmpfs can be mounted here (not root?): the full-disk test did not run"
  exit 0
fi
url="sqlite://$mnt/dogear.db"
start_node "$url"
read -r token book review < <(python3 e2e/faults.py setup "http://127.0.0.1:$node")
# Leave the database a few hundred KB to grow into.
dd if=/dev/zero of="$mnt/filler" bs=64k status=none 2>/dev/null || true
rm -f "$mnt/filler"
free=$(df --output=avail -k "$mnt" | tail -n1)
dd if=/dev/zero of="$mnt/filler" bs=1k count=$((free - 300)) status=none
statuses=$(python3 e2e/faults.py fill "http://127.0.0.1:$node" "$token" "$review")
last=${statuses##* }
case " $statuses " in *" 500 "*) fail "a write on a full disk answered 500: $statuses" ;; esac
[ "$last" = 507 ] || fail "writes on a full disk did not end in 507: ...${statuses: -60}"
pass "a write on a full disk answers 507 (after $(echo "$statuses" | wc -w) writes)"
grep -q "database disk full" "$work/node.log" || fail "the full disk was not logged"
pass "the full disk is logged with its reason"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$node/api/v1/books/$book")" = 200 ] || fail "reads stopped on a full disk"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$node/books/$book")" = 200 ] || fail "pages stopped on a full disk"
pass "reads and pages keep working on a full disk"
rm -f "$mnt/filler"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"body":"room again"}' "http://127.0.0.1:$node/api/v1/reviews/$review/comments")
[ "$code" = 201 ] || fail "a write after space was freed answered $code"
pass "writes succeed again once space is freed"
stop_node
wal="$mnt/dogear.db-wal"
[ ! -s "$wal" ] || fail "a node stopped with SIGTERM left $(stat -c %s "$wal") bytes of write-ahead log"
pass "a node stopped with SIGTERM leaves its write-ahead log folded into the database"
"$bin" --database "$url" check >"$work/check.txt" 2>&1 || { cat "$work/check.txt"; fail "dogear check after the full disk"; }
pass "dogear check (integrity_check, counts, numbers) passes after the full disk"
