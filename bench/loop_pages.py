"""Benchmark: the learning loop's pages with a large partnership.

Builds a partnership with many learning points, actions and linked records in a throw-away
database, then times the list pages, a learning point's loop and loop health through Django's
test client, and prints the figures (median of several runs) with the number of queries.

    DEBUG=1 .venv/bin/python bench/loop_pages.py [--learning-points 5000] [--runs 5]
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/learnloop_bench .venv/bin/python bench/loop_pages.py

The database named by DATABASE_URL is used as a template: a test database is created beside it
and dropped at the end. Not run by CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def build(n: int) -> None:
    from learnloop.accounts.models import Membership, User
    from learnloop.loop.models import Action, Dissemination, Embedding, Impact, LearningPoint
    from learnloop.partnership.services import partnership_create

    rng = random.Random(42)
    p = partnership_create(slug="bench", name="Bench Child Protection Committee")
    user = User.objects.create_user(email="bench@example.test", password="bench-password-1", full_name="Bench")
    Membership.objects.create(user=user, partnership=p, role="lead_officer")
    agencies = list(p.agencies.all())
    subgroups = list(p.subgroups.all())
    themes = list(p.themes.all())
    today = dt.date.today()
    lps = LearningPoint.objects.bulk_create(
        LearningPoint(
            partnership=p,
            number=i + 1,
            title=f"Learning {i}",
            description="What was learned " * 10,
            kind=rng.choice(["improvement", "good_practice"]),
            source_type=rng.choice(["review", "audit", "voice"]),
            date_identified=today - dt.timedelta(days=rng.randrange(0, 1500)),
            subgroup=rng.choice(subgroups),
        )
        for i in range(n)
    )
    Through = LearningPoint.themes.through
    Through.objects.bulk_create(
        Through(learningpoint_id=lp.pk, theme_id=t.pk) for lp in lps for t in rng.sample(themes, 2)
    )
    actions = Action.objects.bulk_create(
        Action(
            partnership=p,
            learning_point=lps[i % n],
            number=i + 1,
            title=f"Action {i}",
            owner_agency=rng.choice(agencies),
            owner_subgroup=rng.choice(subgroups),
            owner_person=user,
            due_date=today + dt.timedelta(days=rng.randrange(-200, 300)),
            success_measure="Measured",
            status=rng.choice([s.value for s in Action.Status]),
        )
        for i in range(n * 2)
    )
    for i in range(0, n, 4):
        d = Dissemination.objects.create(partnership=p, kind="briefing_event", title=f"Briefing {i}", date=today)
        d.learning_points.set(lps[i : i + 4])
        d.audience_agencies.set(agencies[:3])
        e = Embedding.objects.create(partnership=p, kind="policy", agency=agencies[0], date=today, description="x")
        e.actions.set(actions[i : i + 3])
        imp = Impact.objects.create(
            partnership=p, title=f"Impact {i}", method="feedback", date=today, before="a", after="b", conclusion="c"
        )
        imp.learning_points.set(lps[i : i + 2])


def measure(client, path: str, runs: int) -> tuple[float, int]:
    times = []
    queries = 0
    for _ in range(runs):
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):  # type: ignore[no-untyped-def]
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            start = time.perf_counter()
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(executed)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learning-points", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        start = time.perf_counter()
        build(args.learning_points)
        print(
            f"Built {args.learning_points} learning points and {2 * args.learning_points} actions "
            f"in {time.perf_counter() - start:.1f} s on {connection.vendor}"
        )
        from learnloop.accounts.models import User

        client = Client()
        client.force_login(User.objects.get(email="bench@example.test"))
        pages = [
            "/p/bench/",
            "/p/bench/learning/",
            "/p/bench/learning/?loop=not_embedded",
            "/p/bench/actions/",
            "/p/bench/actions/?rag=red",
            "/p/bench/sharing/",
            "/p/bench/embedding/",
            "/p/bench/impact/",
            "/p/bench/learning/1/",
            "/p/bench/loop-health/?start=2020-01-01&end=2030-12-31",
            "/p/bench/learning/?export=csv",
            "/p/bench/actions/?export=xlsx",
        ]
        print(f"{'page':<58}{'median ms':>10}{'queries':>9}")
        for path in pages:
            seconds, queries = measure(client, path, args.runs)
            print(f"{path:<58}{seconds * 1000:>10.1f}{queries:>9}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
