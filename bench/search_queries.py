"""Single searches, one at a time, over a set of reader queries grouped by
kind: p50 and p99 per kind and over all, and how many queries find the book
the reader meant among the first three results.

    python3 bench/search_queries.py http://127.0.0.1:18099 [ROUNDS]
"""
import json
import sys
import time
import urllib.parse
import urllib.request

base = sys.argv[1].rstrip("/")
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20

# (kind, query, a title the first three results should hold)
QUERIES = [
    ("typo", "ishiguro nevr let", "Never Let Me Go"),
    ("typo", "tolkien hobit", "The Hobbit"),
    ("typo", "mockinjay", "Mockingjay"),
    ("typo", "the hobit", "The Hobbit"),
    ("typo", "hary poter", "Harry Potter"),
    ("typo", "pride and prejudise", "Pride and Prejudice"),
    ("common words", "hunger games", "The Hunger Games"),
    ("common words", "song of ice and fire", "A Song of Ice and Fire"),
    ("common words", "to kill a mockingbird", "To Kill a Mockingbird"),
    ("common words", "pride and prejudice", "Pride and Prejudice"),
    ("common words", "the name of the wind", "The Name of the Wind"),
    ("common words", "the great gatsby", "The Great Gatsby"),
    ("author + title", "harry potter sorcerer", "Sorcerer's Stone"),
    ("author + title", "dune herbert", "Dune"),
    ("author + title", "márquez cholera", "Love in the Time of Cholera"),
    ("author + title", "austen emma", "Emma"),
    ("prefix", "hung", "The Hunger Games"),
    ("prefix", "brave new wor", "Brave New World"),
    ("prefix", "gatsb", "The Great Gatsby"),
    ("author", "murakami", "Murakami"),
    ("author", "garcia marquez", "García Márquez"),
    ("isbn", "0439023483", "The Hunger Games"),
    ("isbn", "978-0-618-26030-0", "The Hobbit"),
]


def search(q):
    url = f"{base}/api/v1/search?q={urllib.parse.quote(q)}"
    started = time.perf_counter()
    with urllib.request.urlopen(url) as answer:
        body = answer.read()
    return time.perf_counter() - started, json.loads(body)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def names(book):
    return [book["title"]] + [a["name"] for a in book.get("authors", [])]


found = 0
missed = []
for kind, q, meant in QUERIES:
    _, answer = search(q)
    top = answer["books"][:3]
    if any(meant.lower() in n.lower() for b in top for n in names(b)):
        found += 1
    else:
        missed.append(f"{q!r} -> {[b['title'] for b in top]}")

times = {}
for _ in range(rounds):
    for kind, q, _meant in QUERIES:
        took, _ = search(q)
        times.setdefault(kind, []).append(took * 1000)

print(f"\n{'query kind':<26} {'p50':>10} {'p99':>10}")
every = []
for kind, ms in times.items():
    every.extend(ms)
    print(f"{kind:<26} {pct(ms, 50):>7.1f} ms {pct(ms, 99):>7.1f} ms")
print(f"{'all':<26} {pct(every, 50):>7.1f} ms {pct(every, 99):>7.1f} ms")
print(f"top-3 relevance: {found}/{len(QUERIES)} queries find the book meant")
for m in missed:
    print(f"  missed: {m}")
