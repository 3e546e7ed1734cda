"""Benchmark: how good are the theme suggestions?

The labelled sample (learnloop/insights/data/labelled_learning.csv) holds short learning-point
texts of the shape partnerships write, each with the practice themes a lead officer would tag.
The script splits it at random into records to train on and held-out records (30 %), trains
the model exactly as LearnLoop does (learnloop/insights/suggestions.py: TF-IDF and one logistic
regression a theme), suggests themes for each held-out text and compares them with its tags.
It repeats this over several random splits and prints micro-averaged precision (how many
suggestions were right) and recall (how many tags were suggested), and the same figures for
the fallback that matches the theme taxonomy's own words.

    .venv/bin/python bench/theme_suggestions.py [--splits 20] [--held-out 0.3] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")

import django  # noqa: E402

django.setup()

from learnloop.insights import suggestions  # noqa: E402

SAMPLE = ROOT / "learnloop" / "insights" / "data" / "labelled_learning.csv"
THEMES = ROOT / "learnloop" / "themes" / "data" / "themes.csv"


def load() -> tuple[list[tuple[str, set[str]]], list[tuple[str, str, str]]]:
    with SAMPLE.open(encoding="utf-8") as f:
        rows = [(r["text"], set(r["themes"].split(";"))) for r in csv.DictReader(f)]
    with THEMES.open(encoding="utf-8") as f:
        themes = [(r["code"], r["name"], r["description"]) for r in csv.DictReader(f)]
    return rows, themes


def score(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float]:
    right = sum(len(s & t) for s, t in pairs)
    suggested = sum(len(s) for s, _ in pairs)
    tagged = sum(len(t) for _, t in pairs)
    return (right / suggested if suggested else 0.0, right / tagged if tagged else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=20)
    parser.add_argument("--held-out", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows, themes = load()
    rng = random.Random(args.seed)
    model_pairs, fallback_pairs = [], []
    for _ in range(args.splits):
        shuffled = rows[:]
        rng.shuffle(shuffled)
        cut = int(len(shuffled) * args.held_out)
        test, train = shuffled[:cut], shuffled[cut:]
        model = suggestions.fit([t for t, _ in train], [sorted(labels) for _, labels in train])
        for text, labels in test:
            model_pairs.append(({c for c, _ in suggestions.predict(model, text, themes)}, labels))
            fallback_pairs.append(({c for c, _ in suggestions.predict(None, text, themes)}, labels))
    p, r = score(model_pairs)
    fp, fr = score(fallback_pairs)
    print(f"{len(rows)} labelled records; {args.splits} random splits, {args.held_out:.0%} held out each time")
    print(f"model and words (as LearnLoop runs):  precision {p:.1%}, recall {r:.1%}")
    print(f"fallback (the taxonomy's own words):  precision {fp:.1%}, recall {fr:.1%}")


if __name__ == "__main__":
    main()
