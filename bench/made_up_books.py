"""Writes a goodbooks-10k style catalogue of N books: the real 10,000 first,
then made-up ones drawn deterministically from the real catalogue's words
(titles as long as real titles, words as frequent as in real titles, authors
from real first names and surnames, popularity falling off like the real).

    python3 bench/made_up_books.py REAL.csv N OUT.csv
"""
import csv
import random
import sys

real_path, total, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(real_path, encoding="utf-8", newline="") as f:
    reader = csv.DictReader(f)
    fields = reader.fieldnames
    real = list(reader)

title_words, lengths, firsts, lasts, counts = [], [], [], [], []
for row in real:
    words = row["title"].split(" (")[0].split()
    title_words.extend(words)
    lengths.append(len(words))
    name = row["authors"].split(",")[0].split()
    if len(name) >= 2:
        firsts.append(" ".join(name[:-1]))
        lasts.append(name[-1])
    counts.append(int(row["ratings_count"] or 0))

rng = random.Random(19)
with open(out_path, "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields)
    w.writeheader()
    for row in real[:total]:
        w.writerow(row)
    for n in range(len(real), total):
        title = " ".join(rng.choice(title_words) for _ in range(rng.choice(lengths)))
        author = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        # Below the real books, as a grown catalogue's long tail is.
        ratings = int(rng.choice(counts) * rng.random() * 0.1)
        w.writerow({
            "book_id": n + 1,
            "authors": author,
            "original_publication_year": f"{rng.randint(1800, 2024)}.0",
            "title": title,
            "language_code": "eng",
            "ratings_count": ratings,
        })
