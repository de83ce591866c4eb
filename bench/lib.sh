# Shared by bench/run and bench/compare: the workloads, how each is driven
# with wrk, and the files they need. Source it; it sets nothing of its own
# beyond the functions and the paths below (set "work" before sourcing).

seconds="${BENCH_SECONDS:-5}"
connections="${BENCH_CONNECTIONS:-32}"
port="${BENCH_PORT:-18098}"
catalogue="../shared/fixtures/catalogue/goodbooks-10k-books.csv"
goodreads="../shared/fixtures/imports/mapmyreads-goodreads_library_export.csv"
server=""

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

millis() { date +%s%3N; }
kb() { awk '/'"$1"'/ {print $2}' "/proc/$server/status"; }

# A 10,000-row Goodreads export: the fixture's rows repeated under new titles.
python3 - "$goodreads" "$work/goodreads-10k.csv" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8").read())))
with open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(rows[0])
    n = k = 0
    while n < 10000:
        for r in rows[1:]:
            if n >= 10000:
                break
            r = list(r)
            r[1], r[5], r[6] = f"{r[1]} (volume {k})", '=""', '=""'
            w.writerow(r)
            n += 1
        k += 1
PY

cat >"$work/search.lua" <<'LUA'
local queries = {
  "ishiguro%20nevr%20let", "hunger%20games", "harry%20potter%20sorcerer", "garcia%20marquez",
  "tolkien%20hobit", "pride%20prejudice", "dune%20herbert", "0439023483", "978-0-618-26030-0",
  "mockinjay", "the%20name%20of%20the%20wind", "murakami", "hung", "brave%20new%20world",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1])
end
LUA

# wrk's summary: req/s, p50, p99, and non-2xx/3xx responses plus socket errors.
measure() {
  local out rps p50 p99 bad sock
  out=$(wrk -t"$(( connections < 2 ? connections : 2 ))" -c"$connections" -d"${seconds}s" --latency "$@" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx/ {print $5}' <<<"$out")
  sock=$(awk '/Socket errors/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i} END {print s + 0}' <<<"$out")
  echo "${rps:-0} ${p50:-?} ${p99:-?} $(( ${bad:-0} + ${sock:-0} ))"
}

# Fills the database at $2 with binary $1 and sets the fill's ids
# (review, quiet_review, book, list, topic, reader, password).
fill() {
  "$1" --database "$2" catalogue import "$catalogue" >/dev/null
  eval "$("$1" --database "$2" fill)"
}

# Starts binary $1 on database $2 and waits for it; sets startup (ms).
start_server() {
  local start end
  start=$(millis)
  # Posting is measured too: lift the per-reader comment limit and the per-token
  # call limit for this server only (one token is driven far past a reader's pace),
  # the sign-in limit (fifty readers get their tokens from one address), and the
  # hourly limits on adding books, asking friends and flagging.
  DOGEAR_COMMENTS_PER_MINUTE=100000000 DOGEAR_API_CALLS_PER_MINUTE=1000000000 DOGEAR_SIGN_INS_PER_MINUTE=1000000 \
  DOGEAR_BOOKS_PER_HOUR=100000000 DOGEAR_FRIEND_REQUESTS_PER_HOUR=100000000 DOGEAR_FLAGS_PER_HOUR=100000000 \
    "$1" --database "$2" serve --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.005; done
  end=$(millis)
  startup=$(( end - start ))
}

stop_server() {
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

# Every workload against the running server, one line each:
# name|req/s|p50|p99|errors|peak MB|ratio to /healthz. Sets idle (kB).
workloads() {
  local base="http://127.0.0.1:$port"
  curl -sf "$base/" >/dev/null; curl -sf "$base/reviews/$review" >/dev/null
  idle=$(kb VmRSS)
  # A signed-in reader: a session cookie for the feed, a token for the API.
  # The sign-in form's token belongs to the CSRF cookie the page sets: read both.
  local csrf
  csrf=$(curl -s -c "$work/jar" "$base/signin" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | tail -n1)
  curl -s -o /dev/null -b "$work/jar" -c "$work/jar" \
    --data "csrf=$csrf&username=$reader&password=$password" "$base/signin"
  local session
  session=$(awk '$6 == "dogear_session" {print $7}' "$work/jar")
  # Fifty readers post in turn, each with their own token.
  local tokens=""
  for n in $(seq 1 50); do
    tokens+="\"$(curl -s -H 'content-type: application/json' \
      -d "{\"username\":\"bench$n\",\"password\":\"$password\"}" "$base/api/v1/tokens" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')\","
  done
  cat >"$work/post.lua" <<LUA
local tokens = { $tokens }
local body = '{"body": "A thought about the ending, posted under load."}'
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1],
  }, body)
end
LUA
  local base_rps=""
  row() {
    local name=$1; shift
    local rps p50 p99 errors
    read -r rps p50 p99 errors < <(measure "$@")
    [ -z "$base_rps" ] && base_rps=$rps
    echo "$name|$rps|$p50|$p99|$errors|$(awk -v k="$(kb VmHWM)" 'BEGIN {printf "%.1f", k / 1024}')|$(awk -v a="$rps" -v b="$base_rps" 'BEGIN {printf "%.3f", a / b}')"
  }
  row "healthz (ceiling)" "$base/healthz"
  row "review page 1 (151 comments)" "$base/reviews/$review"
  row "review page 4" "$base/reviews/$review?page=4"
  row "book page" "$base/books/$book"
  row "list page (500 books)" "$base/lists/$list"
  row "list page 10 (500 books)" "$base/lists/$list?page=10"
  row "topic page 1 (500 messages)" "$base/topics/$topic"
  row "topic page 10 (500 messages)" "$base/topics/$topic?page=10"
  row "stats (2,000 books read)" "$base/users/$reader/stats"
  row "a year in books" "$base/users/$reader/years/$(( $(date +%Y) - 1 ))"
  row "search" -s "$work/search.lua" "$base/"
  row "feed (500 friends)" -H "Cookie: dogear_session=$session" "$base/"
  row "JSON API: a review" "$base/api/v1/reviews/$review"
  local first_token=${tokens%%\",*}
  row "JSON API, with a token" -H "Authorization: Bearer ${first_token#\"}" "$base/api/v1/reviews/$review"
  row "posting comments" -s "$work/post.lua" "$base/api/v1/reviews/$quiet_review/comments"
}

# Seconds a command takes, to the millisecond.
timed() {
  local start end
  start=$(millis); "$@" >/dev/null; end=$(millis)
  awk -v ms=$(( end - start )) 'BEGIN {printf "%.2f", ms / 1000}'
}
