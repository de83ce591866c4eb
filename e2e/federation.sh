#!/usr/bin/env bash
# Two Dogear sites on loopback, each on its own SQLite file, federating over
# plain http: a reader on B follows a reader on A and is accepted; what A's
# reader writes reaches B (reviews, a reply, likes, an edit, a deletion,
# friends-only reach); a domain block stops delivery both ways; and a
# delivery to a site that was down for a minute is retried and arrives.
#
#   e2e/federation.sh                       # uses target/debug/dogear (built beforehand)
#   DOGEAR_BIN=target/release/dogear e2e/federation.sh
#
# Steps that need the incoming side of federation (reviews, replies and likes
# taken in from another server) say "not yet" until INCOMING is 1; with it
# set they pass or fail like every other step.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${DOGEAR_BIN:-target/debug/dogear}"
[ -x "$bin" ] || { echo "FAIL: $bin is not built" >&2; exit 1; }
INCOMING="${FEDERATION_INCOMING:-1}"
# How long a step that needs the incoming side waits for it.
arrive=$([ "$INCOMING" = 1 ] && echo 20 || echo 4)
a_port=18301 b_port=18302
A="http://127.0.0.2:$a_port" B="http://127.0.0.3:$b_port"
password="correct horse battery"

work=$(mktemp -d)
declare -A pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${FEDERATION_DEBUG:-}" ] && set -x

fail() {
  echo "FAIL: $*" >&2
  for site in a b; do echo "--- site $site, last lines" >&2; tail -n 15 "$work/$site.log" >&2 || true; done
  exit 1
}
pass() { echo "ok - $*"; }
not_yet=0
# A step that needs the incoming side: a failure is reported, not fatal, until INCOMING=1.
incoming() { # incoming DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then
    pass "$what"
  elif [ "$INCOMING" = 1 ]; then
    fail "$what"
  else
    echo "not yet - $what (needs incoming activities)"
    not_yet=$((not_yet + 1))
  fi
}

start() { # start a|b: serves the site on its own address and SQLite file
  local site=$1 url port
  if [ "$site" = a ]; then url=$A port=$a_port; else url=$B port=$b_port; fi
  "$bin" --database "sqlite://$work/$site.db" serve --listen "${url#http://}" \
    --public-url "$url" --federation-allow-private --delivery-first-retry-seconds 10 \
    >>"$work/$site.log" 2>&1 &
  pids[$site]=$!
  for _ in $(seq 1 150); do curl -sf "$url/healthz" >/dev/null && return; sleep 0.1; done
  fail "site $site does not answer on $url"
}
stop() { # stop a|b
  kill -TERM "${pids[$1]}"
  wait "${pids[$1]}" 2>/dev/null || true
  unset "pids[$1]"
}

json() { # json EXPR: reads $work/out as `j` and prints the Python expression
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); v=$1; print(json.dumps(v) if isinstance(v,(dict,list)) else v)" "$work/out"
}
api() { # api SITE-URL TOKEN METHOD PATH [JSON]: prints the status, the body in $work/out
  curl -s -o "$work/out" -w '%{http_code}' -X "$3" -H "Authorization: Bearer $2" \
    -H 'content-type: application/json' ${5:+-d "$5"} "$1/api/v1$4"
}
reader() { # reader SITE-URL NAME: signs a reader up and prints an API token
  local code
  code=$(curl -s -o "$work/out" -w '%{http_code}' -H 'content-type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$password\"}" "$1/api/v1/accounts")
  [ "$code" = 201 ] || fail "sign $2 up at $1: $code $(cat "$work/out")"
  curl -s -o "$work/out" -H 'content-type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$password\"}" "$1/api/v1/tokens"
  json 'j["token"]'
}
eventually() { # eventually SECONDS COMMAND...: true once the command is, polling
  local tries=$(($1 * 4))
  shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.25; done
  return 1
}
has() { grep -F -- "$1" >/dev/null; }

start a
start b

ann=$(reader "$A" ann)
dee=$(reader "$A" dee)
bo=$(reader "$B" bo)
cat=$(reader "$B" cat)

# --- Finding and following -------------------------------------------------
[ "$(api "$B" "$bo" GET "/people/remote?handle=nobody@127.0.0.2:$a_port")" = 404 ] ||
  fail "an unknown handle: $(cat "$work/out")"
[ "$(api "$B" "$bo" GET "/people/remote?handle=not-a-handle")" = 422 ] || fail "a bad handle"
pass "unknown and broken handles are told apart"

remote_id() { # remote_id SITE TOKEN HANDLE: the site's id for the reader elsewhere
  local code
  code=$(api "$1" "$2" GET "/people/remote?handle=$3")
  [ "$code" = 200 ] || fail "look $3 up at $1: $code $(cat "$work/out")"
  json 'j["id"]'
}
following() { # following SITE TOKEN ID WANT: whether the follow stands as WANT
  api "$1" "$2" GET "/people/remote/$3" >/dev/null
  [ "$(json 'j["following"]')" = "$4" ]
}
ann_at_b=$(remote_id "$B" "$bo" "@ann@127.0.0.2:$a_port")
[ "$(api "$B" "$bo" PUT "/people/remote/$ann_at_b/follow")" = 200 ] || fail "bo follows ann: $(cat "$work/out")"
[ "$(json 'j["following"]')" = requested ] || fail "the follow is not pending at first: $(cat "$work/out")"
eventually 20 following "$B" "$bo" "$ann_at_b" following || fail "A did not accept bo's follow of ann"
pass "bo@B follows ann@A: requested, then accepted by A"

dee_at_b=$(remote_id "$B" "$bo" "dee@127.0.0.2:$a_port")
api "$B" "$bo" PUT "/people/remote/$dee_at_b/follow" >/dev/null
eventually 20 following "$B" "$bo" "$dee_at_b" following || fail "A did not accept bo's follow of dee"
bo_at_a=$(remote_id "$A" "$ann" "@bo@127.0.0.3:$b_port")
api "$A" "$ann" PUT "/people/remote/$bo_at_a/follow" >/dev/null
eventually 20 following "$A" "$ann" "$bo_at_a" following || fail "B did not accept ann's follow of bo"
pass "dee@A and ann@A's follows both ways are accepted"

# --- What A's readers write reaches B ----------------------------------------
[ "$(api "$A" "$ann" POST /books '{"title":"The Left Hand of Darkness","authors":["Ursula K. Le Guin"]}')" = 201 ] ||
  fail "a book on A: $(cat "$work/out")"
book=$(json 'j["id"]')
[[ "$(api "$A" "$ann" PUT "/books/$book/review" '{"body":"Winter on Gethen, and a friendship across it."}')" == 2* ]] ||
  fail "ann reviews on A: $(cat "$work/out")"
review=$(json 'j["id"]')
feed_review() { # feed_review SITE TOKEN TEXT: prints the id of the review in the feed saying TEXT
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys, urllib.request
site, token, text = sys.argv[1:]
def get(path):
    req = urllib.request.Request(site + "/api/v1" + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)
for item in get("/feed")["items"]:
    if item.get("review_id") and text in json.dumps(get(f"/reviews/{item['review_id']}")):
        print(item["review_id"])
        sys.exit(0)
sys.exit(1)
PY
}
in_feed() { feed_review "$@" >/dev/null 2>&1; }
first_arrived=0
first_review_arrives() { eventually "$arrive" in_feed "$B" "$bo" "Winter on Gethen" && first_arrived=1; }
incoming "ann's review reaches bo's feed on B" first_review_arrives

[[ "$(api "$A" "$dee" PUT "/books/$book/review" '{"body":"Estraven, above all."}')" == 2* ]] ||
  fail "dee reviews on A: $(cat "$work/out")"
copies() { # copies SITE TOKEN TITLE N: the site holds the book N times
  api "$1" "$2" GET "/search?q=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$3")" >/dev/null
  [ "$(json "sum(1 for b in j['books'] if b.get('title') == '$3')")" = "$4" ]
}
estraven_arrived=0
copied_once() {
  eventually "$arrive" in_feed "$B" "$bo" "Estraven, above all" || return 1
  estraven_arrived=1
  copies "$B" "$bo" "The Left Hand of Darkness" 1
}
incoming "a second review of the same book arrives without copying the book again" copied_once

# A reply on B, numbered in the thread on both sides.
reply_on_both() {
  local at_b
  at_b=$(feed_review "$B" "$bo" "Winter on Gethen") || return 1
  [[ "$(api "$B" "$bo" POST "/reviews/$at_b/comments" '{"body":"Kemmer, though."}')" == 2* ]] || return 1
  [ "$(json 'j["number"]')" = 1 ] || return 1
  thread_has() { api "$A" "$ann" GET "/reviews/$review/comments" >/dev/null && [ "$(json "[c['number'] for c in j['comments'] if 'Kemmer' in c['body']]")" = "[1]" ]; }
  eventually "$arrive" thread_has
}
incoming "bo's reply on B is message 1 in the thread on B and on A" reply_on_both

likes() { api "$A" "$ann" GET "/reviews/$review" >/dev/null && [ "$(json 'j["likes_count"]')" = "$1" ]; }
like_and_unlike() {
  local at_b
  at_b=$(feed_review "$B" "$bo" "Winter on Gethen") || return 1
  api "$B" "$bo" PUT "/reviews/$at_b/like" >/dev/null
  eventually "$arrive" likes 1 || return 1
  api "$B" "$bo" DELETE "/reviews/$at_b/like" >/dev/null
  eventually "$arrive" likes 0
}
incoming "bo likes and unlikes ann's review from B; A counts it" like_and_unlike

sleep 1.1 # an edit a second later is an Update, not the same write
[[ "$(api "$A" "$ann" PUT "/books/$book/review" '{"body":"Winter on Gethen, read again in summer."}')" == 2* ]] ||
  fail "ann edits her review: $(cat "$work/out")"
incoming "ann's edit reaches B" eventually "$arrive" in_feed "$B" "$bo" "read again in summer"
api "$A" "$dee" GET "/books/$book/reviews" >/dev/null
dee_review=$(json "next(r['id'] for r in j['reviews'] if r['reviewer']['username'] == 'dee')")
[ "$(api "$A" "$dee" DELETE "/reviews/$dee_review")" = 204 ] || fail "dee deletes her review: $(cat "$work/out")"
# Only a deletion of something that had arrived says anything.
gone_from_b() { ! in_feed "$B" "$bo" "Estraven, above all"; }
deleted_on_b() { [ "$estraven_arrived" = 1 ] && eventually "$arrive" gone_from_b; }
incoming "dee's deletion reaches B" deleted_on_b

# A friends-only review goes to followers alone: cat on B follows nobody.
[ "$(api "$A" "$ann" POST /books '{"title":"The Lathe of Heaven","authors":["Ursula K. Le Guin"]}')" = 201 ] ||
  fail "a second book on A"
book2=$(json 'j["id"]')
api "$A" "$ann" PUT "/books/$book2/review" '{"body":"Dreams that change Portland.","visibility":"friends"}' >/dev/null
reach_is_kept() { eventually "$arrive" in_feed "$B" "$bo" "Dreams that change Portland" && ! in_feed "$B" "$cat" "Dreams that change Portland"; }
incoming "a friends-only review reaches follower bo on B, never cat" reach_is_kept

# --- A domain block stops delivery both ways ---------------------------------
# A retry of a delivery to a site that was down: ann@A follows cat@B while B
# is stopped; A tries (and fails) every 10, 20, 40 s; B comes back after a
# minute and the Follow arrives and is accepted.
cat_at_a=$(remote_id "$A" "$ann" "@cat@127.0.0.3:$b_port")
stop b
[ "$(api "$A" "$ann" PUT "/people/remote/$cat_at_a/follow")" = 200 ] || fail "ann follows cat while B is down"
sleep 60
start b
eventually 60 following "$A" "$ann" "$cat_at_a" following ||
  fail "the Follow sent while B was down was not retried and accepted"
pass "a delivery to a site down for a minute is retried and arrives"

printf '%s\n' "$password" | "$bin" --database "sqlite://$work/a.db" user add warden --admin --password-stdin >/dev/null ||
  fail "an admin on A"
jar="$work/jar"
csrf_of() { curl -s -b "$jar" -c "$jar" "$A$1" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | tail -n1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
  --data-urlencode "csrf=$(csrf_of /signin)" --data-urlencode "username=warden" \
  --data-urlencode "password=$password" "$A/signin")
[ "$code" = 303 ] || fail "the admin signs in on A: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
  --data-urlencode "csrf=$(csrf_of /moderation/federation)" --data-urlencode "host=127.0.0.3" \
  "$A/moderation/federation/blocks")
[ "$code" = 303 ] || fail "A blocks B's domain: $code"
# A to B: a new review of ann's is queued for nobody at B.
[ "$(api "$A" "$ann" POST /books '{"title":"The Telling","authors":["Ursula K. Le Guin"]}')" = 201 ] || fail "a third book"
book3=$(json 'j["id"]')
api "$A" "$ann" PUT "/books/$book3/review" '{"body":"Aka, and the Telling."}' >/dev/null
sleep 3
curl -s -b "$jar" "$A/moderation/federation" | has "Deliveries waiting: <strong>0</strong>" ||
  fail "A queued deliveries for a blocked domain"
[ "$(api "$A" "$ann" GET "/people/remote?handle=@bo@127.0.0.3:$b_port")" = 403 ] ||
  fail "a blocked domain is still looked up: $(cat "$work/out")"
# B to A: bo's next Follow is refused by A, so it stays requested.
api "$B" "$bo" DELETE "/people/remote/$dee_at_b/follow" >/dev/null
api "$B" "$bo" PUT "/people/remote/$dee_at_b/follow" >/dev/null
sleep 5
following "$B" "$bo" "$dee_at_b" requested || fail "A took a Follow from a blocked domain"
pass "a domain block on A stops delivery both ways"
# Only when reviews from A arrive at all does one staying away say anything.
stays_home() { [ "$first_arrived" = 1 ] && ! in_feed "$B" "$bo" "Aka, and the Telling"; }
incoming "nothing of ann's after the block reaches B" stays_home

if [ "$not_yet" -gt 0 ]; then
  echo "federation: every step run; $not_yet not yet possible (incoming activities are not taken in yet)"
else
  echo "federation: every step passed"
fi
