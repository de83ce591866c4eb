#!/usr/bin/env python3
"""Load on a running node while its database fails underneath, and what the
readers see of it. Used by e2e/faults.sh, which makes the faults.

    e2e/faults.py setup BASE                 # a reader, a book, a review: prints TOKEN BOOK REVIEW
    e2e/faults.py load BASE TOKEN BOOK REVIEW SECONDS OUT.json
        # reads and comments for SECONDS; every answer's status and time into OUT.json
    e2e/faults.py fill BASE TOKEN REVIEW     # big comments until the disk refuses: prints the statuses
"""

import json
import sys
import threading
import time
import urllib.error
import urllib.request


def call(base, method, path, token=None, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            try:
                parsed = json.loads(text) if text else None
            except ValueError:
                parsed = text
            return response.status, parsed, dict(response.headers)
    except urllib.error.HTTPError as e:
        return e.code, None, dict(e.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
        return 0, str(e), {}


def setup(base):
    password = "correct horse battery"
    call(base, "POST", "/api/v1/accounts", body={"username": "faults", "password": password})
    _, body, _ = call(base, "POST", "/api/v1/tokens", body={"username": "faults", "password": password})
    token = body["token"]
    _, book, _ = call(base, "POST", "/api/v1/books", token, {"title": "The Faults", "authors": ["A. Writer"]})
    _, review, _ = call(base, "PUT", f"/api/v1/books/{book['id']}/review", token, {"body": "a review"})
    print(token, book["id"], review["id"])


def load(base, token, book, review, seconds, out):
    answers = []
    lock = threading.Lock()
    end = time.time() + seconds

    def worker(n):
        count = 0
        while time.time() < end:
            count += 1
            started = time.time()
            if count % 3 == 0:
                text = f"load {n}-{count}"
                status, body, _ = call(base, "POST", f"/api/v1/reviews/{review}/comments", token, {"body": text})
                acked = text if status == 201 else None
            else:
                status, body, _ = call(base, "GET", f"/api/v1/books/{book}", token)
                acked = None
            with lock:
                answers.append({"at": started, "took": time.time() - started, "status": status, "acked": acked,
                                "error": body if status == 0 else None})
            if status != 200 and status != 201:
                time.sleep(0.05)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(out, "w") as f:
        json.dump(answers, f)


def fill(base, token, review):
    statuses = []
    body = "words " * 800
    for n in range(400):
        status, _, _ = call(base, "POST", f"/api/v1/reviews/{review}/comments", token, {"body": f"{n} {body}"})
        statuses.append(status)
        if status not in (200, 201):
            break
    print(" ".join(str(s) for s in statuses))


if __name__ == "__main__":
    what, base, *rest = sys.argv[1:]
    if what == "setup":
        setup(base)
    elif what == "load":
        token, book, review, seconds, out = rest
        load(base, token, book, review, float(seconds), out)
    elif what == "fill":
        fill(base, *rest)
