"""Federation's throughput on loopback: signed activities taken in by the
inbox per second, and deliveries per second to a local sink, each beside
/healthz answered by the same client in the same run.

    python3 bench/federation.py BASE_URL ACTIVITIES FOLLOWERS REVIEWS

A small server here plays another instance: FOLLOWERS actors (one RSA key
between them), each with an inbox of its own (no shared inbox, so every
follower is one delivery), counting what it is sent.
"""

import base64
import hashlib
import http.client
import json
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

BASE = sys.argv[1].rstrip("/")
ACTIVITIES = int(sys.argv[2])
FOLLOWERS = int(sys.argv[3])
REVIEWS = int(sys.argv[4])
WORKERS = 8
TARGET = urllib.parse.urlsplit(BASE)

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
public_pem = key.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
).decode()

received = 0
received_lock = threading.Lock()


class Peer(BaseHTTPRequestHandler):
    """The other instance: actors to fetch, inboxes that count."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        name = self.path.rstrip("/").split("/")[-1]
        actor = f"{peer_url}/users/{name}"
        doc = {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": actor,
            "type": "Person",
            "preferredUsername": name,
            "name": name,
            "inbox": f"{actor}/inbox",
            "outbox": f"{actor}/outbox",
            "publicKey": {"id": f"{actor}#main-key", "owner": actor, "publicKeyPem": public_pem},
        }
        body = json.dumps(doc).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/activity+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        global received
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with received_lock:
            received += 1
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()


peer = ThreadingHTTPServer(("127.0.0.1", 0), Peer)
peer_url = f"http://127.0.0.1:{peer.server_address[1]}"
threading.Thread(target=peer.serve_forever, daemon=True).start()


def connection():
    return http.client.HTTPConnection(TARGET.hostname, TARGET.port, timeout=30)


def call(method, path, token=None, body=None):
    c = connection()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, (json.loads(data) if data and data[:1] in b"{[" else None)


def signed(activity, actor):
    """A POST to the shared inbox, signed as BookWyrm and Mastodon sign."""
    body = json.dumps(activity).encode()
    digest = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
    date = formatdate(usegmt=True)
    host = TARGET.netloc
    text = f"(request-target): post /inbox\nhost: {host}\ndate: {date}\ndigest: {digest}"
    signature = base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    headers = {
        "Host": host,
        "Date": date,
        "Digest": digest,
        "Content-Type": "application/activity+json",
        "Signature": f'keyId="{actor}#main-key",algorithm="rsa-sha256",'
        f'headers="(request-target) host date digest",signature="{signature}"',
    }
    return body, headers


def blast(requests):
    """Sends each (method, path, body, headers) on WORKERS keep-alive
    connections; gives requests per second and how many were not 2xx."""
    chunks = [requests[i::WORKERS] for i in range(WORKERS)]
    bad = [0] * WORKERS

    def run(n):
        c = connection()
        for method, path, body, headers in chunks[n]:
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse()
            r.read()
            if not 200 <= r.status < 300:
                bad[n] += 1
        c.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(run, range(WORKERS)))
    return len(requests) / (time.perf_counter() - start), sum(bad)


def fail(why):
    print(f"federation bench: {why}", file=sys.stderr)
    sys.exit(1)


status, _ = call("POST", "/api/v1/accounts", body={"username": "ann", "password": "correct horse battery"})
status, body = call("POST", "/api/v1/tokens", body={"username": "ann", "password": "correct horse battery"})
if status != 201:
    fail(f"no token for ann: {status}")
token = body["token"]
books = []
for i in range(REVIEWS + 1):
    status, body = call("POST", "/api/v1/books", token, {"title": f"Far Shore {i}", "authors": ["P. Writer"]})
    if status != 201:
        fail(f"add a book: {status}")
    books.append(body["id"])
status, body = call("PUT", f"/api/v1/books/{books[0]}/review", token, {"body": "A review to like."})
if status not in (200, 201):
    fail(f"write the review: {status}")
review = f"{BASE}/reviews/{body['id']}"
ann = f"{BASE}/users/ann"

# Taken in: likes of one review from twenty actors (each fetched once, then
# known), every activity a new id, all signed before the clock starts.
actors = [f"{peer_url}/users/liker{i}" for i in range(20)]
for a in actors:
    b, h = signed({"@context": "https://www.w3.org/ns/activitystreams", "id": f"{a}#warm",
                   "type": "Like", "actor": a, "object": review}, a)
    c = connection()
    c.request("POST", "/inbox", body=b, headers=h)
    r = c.getresponse()
    r.read()
    if r.status not in (200, 202):
        fail(f"a signed Like was answered {r.status}")
likes = []
for n in range(ACTIVITIES):
    a = actors[n % len(actors)]
    activity = {"@context": "https://www.w3.org/ns/activitystreams", "id": f"{a}#likes/{n}",
                "type": "Like", "actor": a, "object": review}
    b, h = signed(activity, a)
    likes.append(("POST", "/inbox", b, h))
health = [("GET", "/healthz", None, {})] * ACTIVITIES
healthz_rate, _ = blast(health)
inbox_rate, inbox_bad = blast(likes)
if inbox_bad:
    fail(f"{inbox_bad} of {ACTIVITIES} signed activities were refused")

# Sent: FOLLOWERS actors follow ann (her profile is public: each is accepted
# at once), then she writes REVIEWS reviews; every review is one delivery per
# follower, counted as the peer takes them.
for i in range(FOLLOWERS):
    a = f"{peer_url}/users/follower{i}"
    b, h = signed({"@context": "https://www.w3.org/ns/activitystreams", "id": f"{a}#follow",
                   "type": "Follow", "actor": a, "object": ann}, a)
    c = connection()
    c.request("POST", "/inbox", body=b, headers=h)
    r = c.getresponse()
    r.read()
    if r.status not in (200, 202):
        fail(f"a Follow was answered {r.status}")
deadline = time.time() + 120
while received < FOLLOWERS and time.time() < deadline:
    time.sleep(0.05)
if received < FOLLOWERS:
    fail(f"only {received} of {FOLLOWERS} Accepts arrived")
before = received
expected = FOLLOWERS * REVIEWS
start = time.perf_counter()
for i in range(REVIEWS):
    status, _ = call("PUT", f"/api/v1/books/{books[i + 1]}/review", token, {"body": f"Review {i}."})
    if status not in (200, 201):
        fail(f"write review {i}: {status}")
deadline = time.time() + 300
while received - before < expected and time.time() < deadline:
    time.sleep(0.02)
took = time.perf_counter() - start
sent = received - before
if sent < expected:
    fail(f"only {sent} of {expected} deliveries arrived in {took:.0f} s")

print(f"| workload | per second | /healthz per second (same client) | ratio |")
print(f"|---|---|---|---|")
print(f"| signed activities taken in ({ACTIVITIES}, {WORKERS} connections) | {inbox_rate:,.0f} | {healthz_rate:,.0f} | {inbox_rate / healthz_rate:.3f} |")
print(f"| deliveries to a local sink ({REVIEWS} reviews x {FOLLOWERS} followers) | {sent / took:,.0f} | | |")
