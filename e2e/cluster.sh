#!/usr/bin/env bash
# Two app nodes on one PostgreSQL database behind nginx (Debian's package):
# a session, a post, a rate limit and an import job all cross from one node
# to the other. Node A runs no background jobs, so its import is done by B.
#
#   e2e/cluster.sh                     # uses $DOGEAR_TEST_POSTGRES_URL's server
#   DOGEAR_BIN=target/release/dogear e2e/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${DOGEAR_BIN:-target/debug/dogear}"
pg="${DOGEAR_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
db="dogear_cluster_$$"
proxy=18200 a=18201 b=18202

if ! command -v nginx >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$pg" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${CLUSTER_DEBUG:-}" ] && set -x

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
url="${pg%/*}/$db"
"$bin" --database "$url" migrate >/dev/null

export DOGEAR_COMMENTS_PER_MINUTE=3 DOGEAR_BOOKS_PER_HOUR=3
"$bin" --database "$url" serve --listen "127.0.0.1:$a" --no-jobs >"$work/a.log" 2>&1 &
pids+=($!)
"$bin" --database "$url" serve --listen "127.0.0.1:$b" >"$work/b.log" 2>&1 &
pids+=($!)

mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  # A node that refuses a connection is passed over for that request only, so a
  # node restarting never leaves nginx thinking both are down.
  upstream dogear { server 127.0.0.1:$a max_fails=0; server 127.0.0.1:$b max_fails=0; }
  server {
    listen 127.0.0.1:$proxy;
    client_max_body_size 25m;
    location / {
      proxy_pass http://dogear;
      proxy_set_header Host \$host;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
CONF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)

for port in $a $b $proxy; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || fail "nothing answers on port $port"
done

page() { curl -s -b "$work/jar" -c "$work/jar" "http://127.0.0.1:$1$2"; }
token_of() { # token_of PORT PATH: the CSRF token the page's forms carry, for the jar's cookies
  page "$1" "$2" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | tail -n1
}
# Each reader of a page reads all of it: one that stopped early (grep -q) would
# leave curl writing into a closed pipe, which pipefail reports as a failure.
has() { grep -F -- "$1" >/dev/null; }
form() { # form PORT PATH DATA: a browser's form post from that page, keeping cookies in the jar
  local csrf
  csrf=$(token_of "$1" "$2")
  curl -s -o "$work/out" -w '%{http_code}' -b "$work/jar" -c "$work/jar" \
    --data "csrf=$csrf&$3" "http://127.0.0.1:$1$2"
}
api() { # api PORT METHOD PATH [JSON]: prints the status, body in $work/out
  curl -s -o "$work/out" -w '%{http_code}' -X "$2" -H "Authorization: Bearer ${token:-}" \
    -H 'content-type: application/json' ${4:+-d "$4"} "http://127.0.0.1:$1$3"
}

# A CSRF cookie the client chose is no token: tokens are signed with the site's key.
forged=c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "dogear_csrf=$forged" \
  --data "csrf=$forged&username=mallory&password=correct+horse+battery" "http://127.0.0.1:$a/signup")" = 403 ] ||
  fail "a form with a self-chosen CSRF cookie was taken"
pass "a self-chosen CSRF cookie is refused"

# A session made on A is good on B and through the proxy, whichever node answers.
[ "$(form $a /signup 'username=nadia&password=correct+horse+battery&display_name=Nadia')" = 303 ] || fail "sign up on A"
page $b /settings | has 'Nadia' || fail "the session from A is not known on B"
upstreams=""
for _ in 1 2 3 4; do
  headers=$(curl -s -D - -o "$work/page" -b "$work/jar" "http://127.0.0.1:$proxy/settings")
  grep -q 'Nadia' "$work/page" || fail "signed out behind the proxy"
  upstreams+="$(grep -i '^x-upstream' <<<"$headers" | tr -d '\r' | awk '{print $2}') "
done
[ "$(tr ' ' '\n' <<<"$upstreams" | sort -u | grep -c .)" = 2 ] || fail "the proxy did not use both nodes: $upstreams"
pass "a session crosses nodes (served by $upstreams)"

# A post made through A is read on B; a token made on B works on A.
token=$(curl -s -H 'content-type: application/json' \
  -d '{"username":"nadia","password":"correct horse battery"}' "http://127.0.0.1:$b/api/v1/tokens" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
[ "$(api $a POST /api/v1/books '{"title":"The Dispossessed","authors":["Ursula K. Le Guin"]}')" = 201 ] || fail "add a book on A: $(cat "$work/out")"
book=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/out")
[[ "$(api $a PUT "/api/v1/books/$book/review" '{"body":"Anarres, honestly."}')" == 2* ]] || fail "review on A: $(cat "$work/out")"
review=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/out")
[[ "$(api $b POST "/api/v1/reviews/$review/comments" '{"body":"Posted on B."}')" == 2* ]] || fail "comment on B: $(cat "$work/out")"
page $a "/reviews/$review" | has 'Posted on B.' || fail "B's comment is not on A's page"
pass "a post crosses nodes"

# The comment limit (3 a minute here) is counted in the database, not per node.
api $a POST "/api/v1/reviews/$review/comments" '{"body":"Two, on A."}' >/dev/null
api $b POST "/api/v1/reviews/$review/comments" '{"body":"Three, on B."}' >/dev/null
[ "$(api $a POST "/api/v1/reviews/$review/comments" '{"body":"Four, on A."}')" = 429 ] || fail "the fourth comment was not limited"
pass "a rate limit crosses nodes"

# So is the hourly book limit (3 here): one book came on A above, two more come, the fourth is refused.
[ "$(api $b POST /api/v1/books '{"title":"The Lathe of Heaven","authors":["Ursula K. Le Guin"]}')" = 201 ] || fail "a second book on B: $(cat "$work/out")"
[ "$(api $a POST /api/v1/books '{"title":"The Word for World Is Forest","authors":["Ursula K. Le Guin"]}')" = 201 ] || fail "a third book on A: $(cat "$work/out")"
[ "$(api $b POST /api/v1/books '{"title":"Always Coming Home","authors":["Ursula K. Le Guin"]}')" = 429 ] || fail "the fourth book was not limited"
pass "an hourly limit crosses nodes"

# An import queued on A (which runs no jobs) is done by B's worker.
export_file=../shared/fixtures/imports/mapmyreads-goodreads_library_export.csv
# The form comes from B's page and is posted to A: every node signs with the site's one key.
csrf=$(token_of $b /import)
[ -n "$csrf" ] || fail "B's import page carries no CSRF token"
read -r code job < <(curl -s -o "$work/out" -w '%{http_code} %{redirect_url}\n' -b "$work/jar" -c "$work/jar" \
  -F "csrf=$csrf" -F "file=@$export_file;type=text/csv" "http://127.0.0.1:$a/import")
[ "$code" = 303 ] || fail "queue the import on A with B's form token: $code $(head -c 300 "$work/out")"
job="/${job#*://*/}"
done_text='358 of 358 rows from your'
for _ in $(seq 1 150); do
  page $a "$job" | has "$done_text" && break
  sleep 0.2
done
page $a "$job" | has "$done_text" || fail "the job queued on A was not done: $(page $a "$job" | grep -o '[0-9]* of [0-9]* rows' | head -1)"
pass "an import job crosses nodes (queued on A, done by B)"

# A rolling restart behind the proxy drops no request: each node in turn gets
# SIGTERM (it stops taking connections, so nginx sends the next ones to the
# other node, and finishes those it has), then starts again.
python3 - "$proxy" "$book" "$work/rolling.json" 10 <<'PY' &
import json, sys, threading, time, urllib.error, urllib.request
port, book, out, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
answers, end = [], time.time() + seconds
def reader(n):
    while time.time() < end:
        path = f"/api/v1/books/{book}" if n % 2 else f"/books/{book}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=15) as r:
                r.read()
                answers.append(r.status)
        except urllib.error.HTTPError as e:
            answers.append(e.code)
        except OSError as e:
            answers.append(str(e))
threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
json.dump(answers, open(out, "w"))
PY
loader=$!
restart() { # restart INDEX PORT [ARGS]: SIGTERM, wait for the node to stop, start it again
  local i=$1 port=$2
  shift 2
  kill -TERM "${pids[$i]}"
  wait "${pids[$i]}" 2>/dev/null || true
  "$bin" --database "$url" serve --listen "127.0.0.1:$port" "$@" >>"$work/restarted.log" 2>&1 &
  pids[i]=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  fail "node on $port did not come back"
}
sleep 2
restart 0 $a --no-jobs
sleep 2
restart 1 $b
wait "$loader"
python3 - "$work/rolling.json" <<'PY' || fail "requests dropped in the rolling restart"
import json, sys
answers = json.load(open(sys.argv[1]))
bad = [a for a in answers if a != 200]
if bad or len(answers) < 20:
    sys.exit(f"{len(bad)} of {len(answers)} requests failed: {bad[:5]}")
print(f"{len(answers)} requests, every one answered 200")
PY
for log in a b; do
  grep -q "stopping: no new connections" "$work/$log.log" || fail "node $log did not stop gracefully"
done
pass "a rolling restart of both nodes behind nginx drops no request"
