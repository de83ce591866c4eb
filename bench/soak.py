#!/usr/bin/env python3
"""The soak's load: simulated readers on a running node for a bounded time.

80% page reads, 15% API reads, 5% writes (comments and ratings), two imports
running at the start. Each interval prints requests per second, p99, the
server's resident memory and the 5xx seen; the end says whether memory grew
after warm-up, and the imports' states. Exit status 1 on any 5xx, on an
import that did not finish, or on memory that kept growing.

    bench/soak.py BASE SERVER_PID SECONDS READERS INTERVAL FIXTURE_A FIXTURE_B
"""

import json
import random
import sys
import threading
import time
import urllib.error
import urllib.request

base, pid = sys.argv[1], int(sys.argv[2])
seconds, readers, interval = float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
fixtures = sys.argv[6:8]
rng = random.Random(1)


def call(method, path, token=None, body=None, raw=None, timeout=30):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return response.status, text
    except urllib.error.HTTPError as e:
        return e.code, b""
    except OSError:
        return 0, b""


def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def account(name):
    password = "correct horse battery"
    call("POST", "/api/v1/accounts", body={"username": name, "password": password})
    _, text = call("POST", "/api/v1/tokens", body={"username": name, "password": password})
    return json.loads(text)["token"]


# A small library to read: writers' tokens, books, reviews.
tokens = [account(f"soak{i}") for i in range(8)]
books = []
for i in range(40):
    _, text = call("POST", "/api/v1/books", tokens[i % 8], {"title": f"Soak Book {i}", "authors": [f"Writer {i % 7}"]})
    books.append(json.loads(text)["id"])
reviews = []
for i, token in enumerate(tokens):
    _, text = call("PUT", f"/api/v1/books/{books[i]}/review", token, {"body": f"A review, number {i}."})
    reviews.append(json.loads(text)["id"])
imports = []
for n, fixture in enumerate(fixtures):
    owner = account(f"importer{n}")
    with open(fixture, "rb") as f:
        status, text = call("POST", "/api/v1/imports", owner, raw=f.read(), timeout=60)
    if status != 202:
        sys.exit(f"the import of {fixture} answered {status}")
    imports.append((json.loads(text)["id"], owner))

lock = threading.Lock()
samples = []  # (at, seconds, status)
end = time.time() + seconds
PAGES = ["/", "/books/{b}", "/reviews/{r}", "/search?q=soak", "/lists", "/groups"]
API = ["/api/v1/books/{b}", "/api/v1/reviews/{r}/comments", "/api/v1/search?q=writer"]


def reader(n):
    local = random.Random(n)
    token = tokens[n % len(tokens)]
    while time.time() < end:
        roll = local.random()
        b, r = local.choice(books), local.choice(reviews)
        started = time.time()
        if roll < 0.80:
            status, _ = call("GET", local.choice(PAGES).format(b=b, r=r))
        elif roll < 0.95:
            status, _ = call("GET", local.choice(API).format(b=b, r=r), token)
        elif roll < 0.98:
            status, _ = call("POST", f"/api/v1/reviews/{r}/comments", token, {"body": f"soak {n} {started}"})
        else:
            status, _ = call("PUT", f"/api/v1/books/{b}/rating", token, {"stars": local.randrange(1, 11) / 2})
        with lock:
            samples.append((started, time.time() - started, status))
        # A reader reads what came before clicking on: a second or two.
        time.sleep(local.uniform(0.2, 2.0))


threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(readers)]
for t in threads:
    t.start()
began = time.time()
memory = []
print(f"{'at':>6} {'req/s':>8} {'p99 ms':>8} {'5xx':>5} {'RSS MB':>8}", flush=True)
while time.time() < end:
    time.sleep(interval)
    now = time.time()
    with lock:
        window = [s for s in samples if now - interval <= s[0] < now]
    took = sorted(s[1] for s in window)
    p99 = took[int(len(took) * 0.99)] * 1000 if took else 0
    errors = sum(1 for s in window if s[2] >= 500 or s[2] == 0)
    rss = rss_mb()
    memory.append(rss)
    print(f"{now - began:6.0f} {len(window) / interval:8.1f} {p99:8.1f} {errors:5d} {rss:8.1f}", flush=True)
for t in threads:
    t.join(timeout=35)

failures = []
total = len(samples)
server_errors = [s for s in samples if s[2] >= 500 or s[2] == 0]
statuses = sorted({s[2] for s in samples})
print(f"{total} requests in {seconds:.0f} s from {readers} readers; statuses {statuses}")
if server_errors:
    failures.append(f"{len(server_errors)} answers were 5xx or none")
# After warm-up (the first third), memory may wobble but not climb all along.
settled = memory[len(memory) // 3:]
if len(settled) >= 3:
    half = len(settled) // 2
    first, last = sum(settled[:half]) / half, sum(settled[half:]) / (len(settled) - half)
    growth = (last - first) / first if first else 0
    print(f"memory after warm-up: {first:.1f} MB then {last:.1f} MB ({growth * 100:+.1f}%)")
    if growth > 0.25:
        failures.append(f"memory grew {growth * 100:.0f}% after warm-up")
for job, owner in imports:
    for _ in range(120):
        status, text = call("GET", f"/api/v1/imports/{job}", owner)
        state = json.loads(text)["state"] if status == 200 else f"answer {status}"
        if state == "done":
            break
        time.sleep(0.5)
    print(f"import {job}: {state}")
    if state != "done":
        failures.append(f"import {job} did not finish ({state})")
if failures:
    sys.exit("; ".join(failures))
