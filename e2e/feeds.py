"""The site's RSS and Atom feeds, read by a real feed parser (feedparser).

Starts the server on a fresh SQLite file with the demo library, fetches every
kind of feed in both formats, and checks each parses cleanly (no "bozo"
error), in the format it claims, with entries that have titles and links.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

import feedparser

BIN = os.environ.get("DOGEAR_BIN", "target/debug/dogear")
PORT = 18231


def fetch(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}") as response:
        return response.headers.get("content-type"), response.read()


def main():
    work = tempfile.mkdtemp()
    database = f"sqlite://{work}/feeds.db"
    demo = subprocess.run([BIN, "--database", database, "demo"], capture_output=True, text=True, check=True)
    review = re.search(r"/reviews/(\d+)", demo.stdout).group(1)
    list_id = re.search(r"/lists/(\d+)", demo.stdout).group(1)
    server = subprocess.Popen([BIN, "--database", database, "serve", "--listen", f"127.0.0.1:{PORT}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                fetch("/healthz")
                break
            except OSError:
                time.sleep(0.1)
        _, page = fetch(f"/reviews/{review}")
        book_id = re.search(rb'href="/books/(\d+)"', page).group(1).decode()
        feeds = [
            "/feeds/users/helen/reviews",
            "/feeds/users/helen/shelves/read",
            f"/feeds/reviews/{review}",
            f"/feeds/books/{book_id}",
            f"/feeds/lists/{list_id}",
        ]
        failures = 0
        for path in feeds:
            for ext, version in (("rss", "rss20"), ("atom", "atom10")):
                kind, body = fetch(f"{path}.{ext}")
                parsed = feedparser.parse(body)
                problems = []
                if parsed.bozo:
                    problems.append(f"does not parse: {parsed.bozo_exception}")
                if parsed.version != version:
                    problems.append(f"is {parsed.version!r}, not {version}")
                if not parsed.entries:
                    problems.append("has no entries")
                if any(not e.get("title") or not e.get("link") for e in parsed.entries):
                    problems.append("has an entry without title or link")
                if not parsed.feed.get("title"):
                    problems.append("has no title")
                status = "ok" if not problems else "not ok"
                print(f"{status} - {path}.{ext} ({kind}, {len(parsed.entries)} entries) {'; '.join(problems)}")
                failures += bool(problems)
        sys.exit(1 if failures else 0)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
