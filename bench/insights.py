"""Benchmark: the insights page for the demo partnership and for one with ten years of records.

Loads the demo partnership and builds a second partnership with ten years of learning points
(texts from the labelled sample, two themes each, from every source), actions, sharing and
embedding, in a throw-away database; then times the insights page and the theme matrix
through Django's test client as the lead officer (median of several runs) with the number of
queries. Target: under a second each, with a fixed number of queries.

    DEBUG=1 .venv/bin/python bench/insights.py [--years 10] [--per-year 250] [--runs 5]
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_bench .venv/bin/python bench/insights.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SOURCES = ["review", "audit", "dataset", "voice", "workforce", "external", "website"]


def labelled_sample() -> list[tuple[str, list[str]]]:
    """(text, theme codes) of the labelled learning-point texts: plausible titles and themes."""
    with (ROOT / "learnloop" / "insights" / "data" / "labelled_learning.csv").open(encoding="utf-8") as f:
        return [(r["text"], r["themes"].split(";")) for r in csv.DictReader(f)]


def build(years: int, per_year: int) -> None:
    from learnloop.accounts.models import Membership, User
    from learnloop.loop.models import Action, Dissemination, Embedding, LearningPoint
    from learnloop.partnership.services import partnership_create
    from learnloop.themes.models import Theme

    rng = random.Random(42)
    sample = labelled_sample()
    p = partnership_create(slug="tenyears", name="Ten Years Child Protection Committee")
    user = User.objects.create_user(email="tenyears@example.test", password="bench-password-1", full_name="Bench")
    Membership.objects.create(user=user, partnership=p, role="lead_officer")
    agencies = list(p.agencies.all())
    themes = {t.code: t for t in Theme.objects.filter(partnership=p)}
    today = dt.date.today()
    n = years * per_year
    lps = LearningPoint.objects.bulk_create(
        LearningPoint(
            partnership=p,
            number=i + 1,
            title=f"{text[:60]} ({i})",
            description=f"{text}. Seen in case {i}.",
            kind=rng.choice(["improvement", "improvement", "good_practice"]),
            source_type=rng.choice(SOURCES),
            date_identified=today - dt.timedelta(days=rng.randrange(0, 365 * years)),
            approval="approved",
        )
        for i, (text, _) in enumerate(rng.choice(sample) for _ in range(n))
    )
    Through = LearningPoint.themes.through
    AgencyThrough = LearningPoint.agencies.through
    rows, agency_rows = [], []
    for lp in lps:
        codes = next(c for t, c in sample if lp.description.startswith(t))
        rows += [Through(learningpoint_id=lp.pk, theme_id=themes[c].pk) for c in codes if c in themes]
        agency_rows += [AgencyThrough(learningpoint_id=lp.pk, agency_id=a.pk) for a in rng.sample(agencies, 2)]
    Through.objects.bulk_create(rows)
    AgencyThrough.objects.bulk_create(agency_rows)
    actions = Action.objects.bulk_create(
        Action(
            partnership=p,
            learning_point=lps[i % n],
            number=i + 1,
            title=f"Action {i}",
            owner_agency=rng.choice(agencies),
            due_date=today + dt.timedelta(days=rng.randrange(-200, 300)),
            success_measure="Measured",
            status=rng.choice([s.value for s in Action.Status]),
        )
        for i in range(int(n * 1.5))
    )
    for i in range(0, n, 3):
        d = Dissemination.objects.create(partnership=p, kind="briefing_event", title=f"Briefing {i}", date=today)
        d.learning_points.set(lps[i : i + 3])
        d.audience_agencies.set(rng.sample(agencies, 3))
    for i in range(0, len(actions), 5):
        e = Embedding.objects.create(
            partnership=p,
            kind="policy",
            agency=agencies[0],
            date=today - dt.timedelta(days=rng.randrange(0, 365 * years)),
            description="x",
        )
        e.actions.set(actions[i : i + 2])


def demo_rates(slug: str) -> None:
    """The demo's themes' records a quarter over the last two and a half years: the rates that
    bench/insight_alarms.py simulates."""
    from collections import Counter

    from learnloop.accounts.models import Membership
    from learnloop.accounts.roles import Role
    from learnloop.insights.selectors import records_for
    from learnloop.partnership.models import Partnership

    reader = Membership(partnership=Partnership.objects.get(slug=slug), role=Role.LEAD_OFFICER)
    today = dt.date.today()
    counts = Counter(t for r in records_for(reader, today - dt.timedelta(days=912), today) for t in r.themes)
    rates = sorted(n / 10 for n in counts.values())
    print(
        f"Demo themes: {len(rates)}; records a quarter from {rates[0]:.1f} to {rates[-1]:.1f} (median {statistics.median(rates):.1f})"
    )


def measure(client, path: str, runs: int) -> tuple[float, int]:
    times, queries = [], 0
    for _ in range(runs):
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):  # type: ignore[no-untyped-def]
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            start = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(executed)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-year", type=int, default=250)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    from learnloop.accounts.models import User
    from learnloop.loop.demo.seeding import DEMO_SLUG, seed_demo

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        start = time.perf_counter()
        seed_demo(None)
        demo = DEMO_SLUG
        print(f"Loaded the demo partnership in {time.perf_counter() - start:.1f} s")
        demo_rates(demo)
        start = time.perf_counter()
        build(args.years, args.per_year)
        print(
            f"Built {args.years * args.per_year} learning points over {args.years} years "
            f"in {time.perf_counter() - start:.1f} s on {connection.vendor}"
        )
        client = Client()
        print(f"{'page':<40} {'median':>8} {'queries':>8}")
        for email, slug in [("lead@demo.learnloop.test", demo), ("tenyears@example.test", "tenyears")]:
            client.force_login(User.objects.get(email=email))
            for path in [
                f"/p/{slug}/insights/",
                f"/p/{slug}/insights/themes/",
                f"/p/{slug}/insights/themes/?by=quarter",
            ]:
                client.get(path)  # warm
                seconds, queries = measure(client, path, args.runs)
                print(f"{path:<40} {seconds:>7.3f}s {queries:>8}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
