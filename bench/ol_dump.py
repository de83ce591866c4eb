#!/usr/bin/env python3
"""Writes a made-up Open Library dump (authors, then works, then editions) of
a given size, shaped like the real records, for timing
`dogear catalogue import --format openlibrary-dump`.

    python3 bench/ol_dump.py 300000 /tmp/ol_dump_bench.txt.gz
"""
import gzip
import json
import random
import sys

WORDS = ("river night garden stone winter light house shadow glass silver "
         "city north song fire sea letters road orchard lantern harbour "
         "crown forest mirror salt iron moon bridge summer island wolf").split()
# Subjects as libraries write them: kinds (most name a genre), and topics.
KINDS = ["Fiction", "Fantasy fiction", "Detective and mystery stories", "Love stories",
         "Juvenile fiction", "Science Fiction & Fantasy", "History", "Biography",
         "Poetry", "Fiction, general", "Historical fiction", "Short stories"]
NAMES = ("Ada Ben Cora Dev Elif Femi Gus Hana Ivo Jun Kemal Lea Mio Nour "
         "Oren Pia Quin Rosa Sami Tove Uma Vik Wen Xia Yara Zeno").split()


def isbn13(n):
    digits = f"978{n % 10**9:09d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def line(kind, key, record):
    record["key"] = key
    return f"/type/{kind}\t{key}\t1\t2026-11-30T00:00:00\t{json.dumps(record)}\n"


def main():
    total, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(19)
    authors, works = total // 6, total // 3
    editions = total - authors - works
    with gzip.open(path, "wt", compresslevel=6) as out:
        for a in range(authors):
            name = f"{rng.choice(NAMES)} {rng.choice(NAMES)}son {a}"
            out.write(line("author", f"/authors/OL{a + 1}A", {"name": name}))
        for w in range(works):
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).title()
            out.write(line("work", f"/works/OL{w + 1}W", {
                "title": title,
                "authors": [{"author": {"key": f"/authors/OL{rng.randrange(authors) + 1}A"}}],
                "subjects": [rng.choice(KINDS), rng.choice(WORDS).title(), rng.choice(KINDS)],
                "first_publish_date": str(rng.randint(1850, 2025)),
                "description": {"type": "/type/text", "value": f"A novel of {rng.choice(WORDS)}."},
            }))
        for e in range(editions):
            out.write(line("edition", f"/books/OL{e + 1}M", {
                "title": "x",
                "works": [{"key": f"/works/OL{rng.randrange(works) + 1}W"}],
                "isbn_13": [isbn13(e + 1)],
                "publishers": ["Harbour Press"],
                "physical_format": rng.choice(["Paperback", "Hardcover"]),
                "number_of_pages": rng.randint(90, 900),
                "publish_date": str(rng.randint(1950, 2025)),
            }))


main()
