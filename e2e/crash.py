#!/usr/bin/env python3
"""Kill the server with SIGKILL at random moments while writers post as fast
as they can; after each restart every acknowledged write must be there.

Writers post comments on one review thread, ratings and likes (each a
different pair, so an acknowledged one must be found as it was sent), and
one reader's library import runs throughout. After the last restart the
import must end with each row once (the same rows as an uninterrupted import
of the same file into a fresh database) and `dogear check` must pass.

    e2e/crash.py BIN DATABASE_URL [KILLS]

Exit status 0 when every promise held; the first broken one is printed.
"""

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

BIN, URL = sys.argv[1], sys.argv[2]
KILLS = int(sys.argv[3]) if len(sys.argv) > 3 else 12
PORT = 18300 + os.getpid() % 500
BASE = f"http://127.0.0.1:{PORT}"
FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "fixtures", "imports",
                       "mapmyreads-goodreads_library_export.csv")
READERS = 6
ENV = dict(os.environ,
           DOGEAR_COMMENTS_PER_MINUTE="1000000",
           DOGEAR_NEW_ACCOUNT_COMMENTS_PER_MINUTE="0",
           DOGEAR_BOOKS_PER_HOUR="100000",
           DOGEAR_API_CALLS_PER_MINUTE="1000000",
           DOGEAR_SIGN_INS_PER_MINUTE="100000",
           DOGEAR_NO_COVER_FETCHING="true")
ENV.pop("DOGEAR_CONFIG", None)
rng = random.Random(int(os.environ.get("CRASH_SEED", "0")) or None)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def call(method, path, token=None, body=None, raw=None, timeout=10):
    """(status, parsed body); status 0 when the server did not answer."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            try:
                return response.status, (json.loads(text) if text else None)
            except ValueError:
                return response.status, text
    except urllib.error.HTTPError as e:
        return e.code, None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, None


class Server:
    def __init__(self):
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="dogear-crash-", suffix=".log", delete=False)

    def start(self):
        self.process = subprocess.Popen(
            [BIN, "--database", URL, "serve", "--listen", f"127.0.0.1:{PORT}"],
            stdout=self.log, stderr=self.log, env=ENV)
        for _ in range(300):
            if call("GET", "/healthz", timeout=1)[0] == 200:
                return
            if self.process.poll() is not None:
                fail(f"the server exited on start; see {self.log.name}")
            time.sleep(0.1)
        fail(f"the server did not come up; see {self.log.name}")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def dogear(*args, url=URL, given=None):
    return subprocess.run([BIN, "--database", url, *args], env=ENV, capture_output=True, text=True,
                          input=given)


def query(sql, url=URL):
    """Rows of a query run straight on the database."""
    if url.startswith("postgres"):
        out = subprocess.run(["psql", url, "-At", "-F", "\t", "-c", sql],
                             capture_output=True, text=True, check=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]
    path = url.removeprefix("sqlite://")
    with sqlite3.connect(path) as conn:
        return [tuple(str(v) for v in row) for row in conn.execute(sql)]


server = Server()
server.start()

tokens = []
for i in range(READERS + 1):
    # The last one only imports, so its library is the import's alone.
    name = f"crash{i}"
    status, _ = call("POST", "/api/v1/accounts", body={"username": name, "password": "correct horse battery"})
    if status != 201:
        fail(f"make reader {name}: {status}")
    status, body = call("POST", "/api/v1/tokens", body={"username": name, "password": "correct horse battery"})
    tokens.append(body["token"])
books = []
for i in range(60):
    status, body = call("POST", "/api/v1/books", tokens[0], {"title": f"Crash Book {i}", "authors": ["A. Writer"]})
    if status != 201:
        fail(f"add a book: {status}")
    books.append(body["id"])
reviews = []
for i, token in enumerate(tokens[:READERS]):
    status, body = call("PUT", f"/api/v1/books/{books[0]}/review", token, {"body": f"review by crash{i}"})
    if status != 200:
        fail(f"write a review: {status}")
    reviews.append(body["id"])
thread = reviews[0]
# The real export eight times over, each copy's titles its own and without
# ISBNs, so the import runs across several kills.
with open(FIXTURE, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
title, isbn, isbn13 = header.index("Title"), header.index("ISBN"), header.index("ISBN13")
out = io.StringIO()
writer_csv = csv.writer(out)
writer_csv.writerow(header)
for copy in range(8):
    for row in body:
        row = list(row)
        row[title] = f"{row[title]} (copy {copy})"
        row[isbn] = row[isbn13] = ""
        writer_csv.writerow(row)
export = out.getvalue().encode()
big_export = tempfile.NamedTemporaryFile(prefix="dogear-crash-", suffix=".csv", delete=False)
big_export.write(export)
big_export.close()
status, body = call("POST", "/api/v1/imports?format=goodreads", tokens[READERS], raw=export, timeout=30)
if status != 202:
    fail(f"start the import: {status}")
import_id = body["id"]

# What the writers were told: written, and how.
acked_comments = {}     # body -> number
acked_ratings = {}      # (reader, book) -> quarters
acked_likes = set()     # (reader, review)
lock = threading.Lock()
problems = []
pairs = [(r, b) for r in range(READERS) for b in books[1:]]
rng.shuffle(pairs)
likes = [(r, v) for r in range(READERS) for v in range(READERS) if r != v]
rng.shuffle(likes)


def writer(n, stop):
    count = 0
    while not stop.is_set():
        count += 1
        kind = rng.random()
        reader = rng.randrange(READERS)
        if kind < 0.6:
            text = f"comment {n}-{count}-{rng.random()}"
            status, body = call("POST", f"/api/v1/reviews/{thread}/comments", tokens[reader], {"body": text})
            if status == 201:
                with lock:
                    acked_comments[text] = body["number"]
        elif kind < 0.85:
            with lock:
                if not pairs:
                    continue
                reader, book = pairs.pop()
            halves = rng.randrange(1, 11)
            status, _ = call("PUT", f"/api/v1/books/{book}/rating", tokens[reader], {"stars": halves / 2})
            if status == 200:
                with lock:
                    acked_ratings[(reader, book)] = halves * 2
        else:
            with lock:
                if not likes:
                    continue
                reader, review = likes.pop()
            status, _ = call("PUT", f"/api/v1/reviews/{reviews[review]}/like", tokens[reader])
            if status in (200, 204):
                with lock:
                    acked_likes.add((reader, reviews[review]))
        if status not in (0, 200, 201, 204):
            problems.append(f"a write answered {status} while the server was up")
            return


def user_ids():
    rows = query("SELECT username, id FROM users WHERE username LIKE 'crash%'")
    return {name: int(uid) for name, uid in rows}


def verify(round_no):
    ids = user_ids()
    numbers = dict(query(f"SELECT body, number FROM comments WHERE review_id = {thread}"))
    for text, number in acked_comments.items():
        if numbers.get(text) != str(number):
            fail(f"after kill {round_no}: acknowledged comment #{number} is {numbers.get(text)!r}")
    stars = {(int(u), int(b)): int(s) for u, b, s in query("SELECT user_id, book_id, stars FROM ratings")}
    for (reader, book), quarters in acked_ratings.items():
        if stars.get((ids[f"crash{reader}"], book)) != quarters:
            fail(f"after kill {round_no}: acknowledged rating of book {book} by crash{reader} is lost")
    liked = {(int(u), int(r)) for u, r in query("SELECT user_id, review_id FROM review_likes")}
    for reader, review in acked_likes:
        if (ids[f"crash{reader}"], review) not in liked:
            fail(f"after kill {round_no}: acknowledged like of review {review} by crash{reader} is lost")


for round_no in range(1, KILLS + 1):
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(n, stop), daemon=True) for n in range(4)]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.3, 1.5))
    server.kill()
    stop.set()
    for t in threads:
        t.join()
    if problems:
        fail(problems[0])
    server.start()
    verify(round_no)
    _, job = call("GET", f"/api/v1/imports/{import_id}", tokens[READERS])
    print(f"ok - kill {round_no}: {len(acked_comments)} comments, {len(acked_ratings)} ratings, "
          f"{len(acked_likes)} likes acknowledged and present; import {job['state']} at row {job.get('done')} of {job['total']}",
          flush=True)

# Once more in the middle of the import, when the live node has taken it up
# again (a dead worker's job waits out its heartbeat first) and saved rows:
# rows done beyond what the killed nodes left show that it holds the job.
_, job = call("GET", f"/api/v1/imports/{import_id}", tokens[READERS])
left_at = job["done"] if job else 0
deadline = time.time() + 150
while time.time() < deadline:
    _, job = call("GET", f"/api/v1/imports/{import_id}", tokens[READERS])
    if job and job["state"] == "done":
        print("note - the import finished before it could be stopped mid-way", flush=True)
        break
    if job and left_at < job["done"] < job["total"]:
        # SIGTERM this time: the node hands the job back as it stops, so a
        # restarted node takes it at once instead of after the heartbeat.
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)
        state = query(f"SELECT state FROM import_jobs WHERE id = {import_id}")[0][0]
        if state not in ("queued", "done"):
            fail(f"a node stopped with SIGTERM left its import {state!r}, not back in the queue")
        # (Its log is folded in only as far as the import, still writing as
        # the node stops, lets it: e2e/faults.sh checks a quiet node's.)
        print(f"ok - stopped with SIGTERM at row {job['done']} of {job['total']}: the import is {state}", flush=True)
        server.start()
        break
    time.sleep(0.05)

# The import finishes, resumed across the kills, with each row once.
for _ in range(600):
    status, body = call("GET", f"/api/v1/imports/{import_id}", tokens[READERS])
    if status == 200 and body["state"] == "done":
        break
    time.sleep(0.5)
else:
    fail(f"the import did not finish: {body}")
server.kill()

check = dogear("check")
if check.returncode != 0:
    fail(f"dogear check after the kills:\n{check.stdout}{check.stderr}")
print("ok - dogear check passes after the kills")

counted = ("SELECT (SELECT count(*) FROM shelf_books s JOIN shelves h ON h.id = s.shelf_id WHERE h.user_id = {u}),"
           " (SELECT count(*) FROM reading_events WHERE user_id = {u}),"
           " (SELECT count(*) FROM reviews WHERE user_id = {u}),"
           " (SELECT count(*) FROM ratings WHERE user_id = {u})")
killed = query(counted.format(u=user_ids()[f"crash{READERS}"]))[0]
with tempfile.TemporaryDirectory() as scratch:
    fresh = f"sqlite://{scratch}/fresh.db"
    dogear("user", "add", "control", "--password-stdin", url=fresh, given="correct horse battery\n")
    done = dogear("import", big_export.name, "--user", "control", "--format", "goodreads", url=fresh)
    if done.returncode != 0:
        fail(f"the uninterrupted import: {done.stderr}")
    uid = query("SELECT id FROM users WHERE username = 'control'", url=fresh)[0][0]
    control = query(counted.format(u=uid), url=fresh)[0]
if killed != control:
    fail(f"the import, killed along the way, left (shelved, reads, reviews, ratings) = {killed}; "
         f"uninterrupted it leaves {control}")
print(f"ok - the import, killed along the way, left each row once (shelved, reads, reviews, ratings) = {killed}")
