"""Benchmark: the national view for 32 partnerships with ten years of data.

Builds, on the database in DATABASE_URL (PostgreSQL), 32 fictional partnerships, each with ten
years of minimum dataset events (the generator of bench/dataset_import.py, loaded through the
real importer), a population figure for every year, and a few hundred approved learning points
with themes plus published summaries, 7-minute briefings and themes; every partnership shares
its figures, publications, briefings, themes and each learning point nationally. Then times
every national page through Django's test client as the national role and as one
partnership's lead officer: the first request with an empty cache (cold), then the median of
several warm runs, with the number of queries. Not run by CI.

    createdb -h 127.0.0.1 -U postgres ll_natperf
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_natperf .venv/bin/python bench/national.py
    DATABASE_URL=... .venv/bin/python bench/national.py --keep   # reuse what an earlier run built

The target: every page under a second, with a number of queries that does not grow with the data.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PARTNERSHIPS = 32
YEARS = 10
START = dt.date(2016, 1, 1)
CHILDREN_PER_YEAR = 1150  # as dataset_import.py at --scale 1: about 33,000 events a partnership
PREFIX = "natbench"
LEAD = "lead.natbench-01@example.test"
READER = "reader.natbench@example.test"
PASSWORD = "bench-password-1"  # noqa: S105 (fictional users of a throw-away database)


def _partnership(n: int):  # type: ignore[no-untyped-def]
    from learnloop.partnership.models import Partnership
    from learnloop.partnership.services import partnership_create

    slug = f"{PREFIX}-{n:02d}"
    return Partnership.objects.filter(slug=slug).first() or partnership_create(
        slug=slug, name=f"Benchmark {n:02d} Child Protection Committee"
    )


def build(per_partnership: int, scale: float) -> list:  # type: ignore[type-arg]
    from learnloop.accounts.models import Membership, User
    from learnloop.accounts.roles import Role
    from learnloop.dataset import synthetic
    from learnloop.dataset.importer import journey_import_create, journey_import_run
    from learnloop.dataset.models import Population
    from learnloop.dataset.versions import data_changed
    from learnloop.loop.models import Dissemination, LearningPoint, SevenMinuteBriefing
    from learnloop.national import services
    from learnloop.national.models import NationalMembership, NationalShare, ShareKind
    from learnloop.partnership.models import Subgroup
    from learnloop.reviews.models import Kind, Publication, Review
    from learnloop.reviews.services import review_create
    from learnloop.themes.models import Theme

    rng = random.Random(7)
    with (ROOT / "learnloop" / "insights" / "data" / "labelled_learning.csv").open(encoding="utf-8") as f:
        sample = [(r["text"], r["themes"].split(";")) for r in csv.DictReader(f)]
    reader = User.objects.create_user(email=READER, password=PASSWORD, full_name="Nat Reader")
    NationalMembership.objects.create(user=reader, body="Care Inspectorate (benchmark)")
    end = dt.date(START.year + YEARS - 1, 12, 31)
    workdir = Path(tempfile.mkdtemp(prefix="ll-natbench-"))
    partnerships = []
    events = 0
    for n in range(1, PARTNERSHIPS + 1):
        started = time.perf_counter()
        p = _partnership(n)
        lead = User.objects.create_user(
            email=f"lead.{PREFIX}-{n:02d}@example.test", password=PASSWORD, full_name=f"Lead {n:02d}"
        )
        Membership.objects.create(user=lead, partnership=p, role=Role.LEAD_OFFICER)
        # Minimum dataset: ten years of events through the importer, and the population.
        per_year = max(1, round(CHILDREN_PER_YEAR * scale * rng.uniform(0.4, 1.6)))
        path = workdir / f"{p.slug}.csv"
        path.write_bytes(
            synthetic.extract_csv(
                prefix=f"N{n:02d}", start=START, end=end, children_per_year=per_year, seed=n, late_from=None
            )
        )
        with path.open("rb") as handle:
            item = journey_import_create(partnership=p, stream=handle, filename=path.name, by=lead)
        item = journey_import_run(journey_import=item, today=dt.date(2026, 1, 1))
        assert item.status == "loaded", item.problems[:5]
        events += item.rows_loaded
        path.unlink()
        children = round(per_year * rng.uniform(18, 30))  # registrations of about 3 to 6 per 1,000
        Population.objects.bulk_create(
            Population(partnership=p, year=year, children_0_15=children + 40 * (year - START.year), source="bench")
            for year in range(START.year, end.year + 1)
        )
        data_changed(p.pk, warm=False)
        # Learning: approved learning points with themes over ten years, each shared.
        themes = {t.code: t for t in Theme.objects.filter(partnership=p)}
        picks = [rng.choice(sample) for _ in range(per_partnership)]
        lps = LearningPoint.objects.bulk_create(
            LearningPoint(
                partnership=p,
                number=i + 1,
                title=f"{text[:60]} ({n}.{i})",
                description=f"{text}. Seen across agencies in {START.year + i % YEARS}.",
                kind=rng.choice(["improvement", "improvement", "good_practice"]),
                source_type=rng.choice(["review", "audit", "dataset", "voice", "workforce"]),
                date_identified=START + dt.timedelta(days=rng.randrange(0, 365 * YEARS)),
                approval="approved",
            )
            for i, (text, _) in enumerate(picks)
        )
        Through = LearningPoint.themes.through
        Through.objects.bulk_create(
            Through(learningpoint_id=lp.pk, theme_id=themes[c].pk)
            for lp, (_, codes) in zip(lps, picks, strict=True)
            for c in codes
            if c in themes
        )
        NationalShare.objects.bulk_create(
            NationalShare(
                partnership=p, kind=ShareKind.LEARNING_POINT, object_id=lp.pk, label=lp.title[:300], created_by=lead
            )
            for lp in lps
        )
        # Published summaries of reviews, and 7-minute briefings.
        review = review_create(
            review=Review(
                partnership=p,
                kind=Kind.LEARNING,
                title="Learning review (benchmark)",
                subgroup=Subgroup.objects.filter(partnership=p, short_name="LRS").first(),
                lead=lead,
                notified_on=dt.date(2024, 1, 1),
                notified_by="Health visitor",
                circumstances="A child was harmed.",
            ),
            by=lead,
            today=dt.date(2024, 1, 1),
        )
        Publication.objects.bulk_create(
            Publication(
                partnership=p,
                review=review,
                kind="summary",
                title=f"Published summary {i}: {text[:60]}",
                body=f"{text}. What the partnership learned and changed.",
                status=Publication.Status.PUBLISHED,
                published_on=START + dt.timedelta(days=rng.randrange(0, 365 * YEARS)),
            )
            for i, (text, _) in enumerate(rng.choice(sample) for _ in range(per_partnership // 10))
        )
        for i in range(5):
            d = Dissemination.objects.create(
                partnership=p,
                kind=Dissemination.Kind.SEVEN_MINUTE,
                title=f"7-minute briefing {i} on neglect",
                date=START + dt.timedelta(days=rng.randrange(0, 365 * YEARS)),
            )
            d.learning_points.set(lps[i * 3 : i * 3 + 3])
            SevenMinuteBriefing.objects.create(
                dissemination=d,
                background="Agencies saw the signs at different times.",
                why_it_matters="Neglect harms development.",
                information_1="Share concerns early.",
                things_to_remember="Chronologies help.",
                what_to_do="Call an inter-agency referral discussion.",
            )
        for kind in (ShareKind.PUBLICATION, ShareKind.SEVEN_MINUTE, ShareKind.THEME, ShareKind.INDICATOR):
            services.share_kind(partnership=p, kind=kind, by=lead)
        partnerships.append(p)
        print(
            f"  {p.slug}: {item.rows_loaded:,} events, {len(lps)} learning points in {time.perf_counter() - started:.1f} s"
        )
    workdir.rmdir()
    print(f"Built {PARTNERSHIPS} partnerships: {events:,} events")
    return partnerships


def measure(client, path: str, runs: int) -> tuple[float, int, list[float]]:  # type: ignore[no-untyped-def]
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
    return statistics.median(times), queries, times


def pages() -> list[str]:
    from learnloop.national import selectors
    from learnloop.national.models import ShareKind

    lp = selectors.shared_learning_points().order_by("pk").first()
    pub = selectors.shared_publications().order_by("pk").first()
    seven = selectors.shared_seven_minute().order_by("pk").first()
    return [
        "/national/",
        "/national/learning/",
        "/national/learning/?q=neglect",
        "/national/learning/?theme=neglect",
        f"/national/learning/{ShareKind.LEARNING_POINT}/{lp.pk}/",
        f"/national/learning/{ShareKind.PUBLICATION}/{pub.pk}/",
        f"/national/learning/{ShareKind.SEVEN_MINUTE}/{seven.pk}/",
        "/national/benchmarks/",
        "/national/benchmarks/cppm_initial_within_28d_pct/",
        "/national/benchmarks/cppm_initial_within_28d_pct/?year=2018",
        "/national/benchmarks/registrations_per_1000/",
        "/national/benchmarks/reregistration_18m_pct/",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="Reuse the partnerships an earlier run built.")
    parser.add_argument("--learning", type=int, default=250, help="Learning points a partnership (default 250).")
    parser.add_argument("--scale", type=float, default=1.0, help="Events: 1 = about 33,000 a partnership.")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from django.test import Client

    from learnloop.accounts.models import User
    from learnloop.national import selectors
    from learnloop.partnership.models import Partnership

    setup_test_environment()
    call_command("migrate", verbosity=0)
    built = Partnership.objects.filter(slug__startswith=f"{PREFIX}-").count()
    if built and not args.keep:
        raise SystemExit(f"{built} benchmark partnerships exist: drop and create the database, or pass --keep.")
    if not built:
        start = time.perf_counter()
        build(args.learning, args.scale)
        print(f"Built in {time.perf_counter() - start:.0f} s on {connection.vendor}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a load: the planner's statistics
    print(f"{len(selectors.shared_indicators())} shared indicators; load average: {os.getloadavg()}")
    paths = pages()
    sweep = [f"/national/benchmarks/{i.code}/" for i in selectors.shared_indicators()]
    print(f"{'who':<9} {'page':<56} {'cold':>7} {'median':>7} {'max':>7} {'queries':>7}")
    for who, email in [("national", READER), ("lead", LEAD)]:
        client = Client()
        client.force_login(User.objects.get(email=email))
        # A process that has served a request (modules imported, the chart engine started), then
        # an empty cache: "cold" is the first request with nothing computed or drawn.
        client.get(sweep[0])
        cache.clear()
        client.force_login(User.objects.get(email=email))
        for path in paths:
            start = time.perf_counter()
            client.get(path)
            cold = time.perf_counter() - start
            seconds, queries, times = measure(client, path, args.runs)
            print(f"{who:<9} {path:<56} {cold:>6.2f}s {seconds:>6.3f}s {max(times):>6.3f}s {queries:>7}")
        if who == "lead":
            slug = f"{PREFIX}-01"
            path = f"/p/{slug}/national-sharing/"
            start = time.perf_counter()
            client.get(path)
            cold = time.perf_counter() - start
            seconds, queries, times = measure(client, path, args.runs)
            print(f"{who:<9} {path:<56} {cold:>6.2f}s {seconds:>6.3f}s {max(times):>6.3f}s {queries:>7}")
        # Every benchmark page, every indicator: the slowest warm request and its queries.
        worst = (0.0, "", 0)
        for path in sweep:
            client.get(path)
            seconds, queries, _ = measure(client, path, 1)
            worst = max(worst, (seconds, path, queries))
        print(
            f"{who:<9} slowest of all {len(sweep)} benchmark pages (warm): {worst[1]} {worst[0]:.3f}s, {worst[2]} queries"
        )
    # After one partnership's data changes: its facts and counts are worked out again, the
    # others' are kept. First as the first reader finds it, then after the background warming
    # that follows an import (warm_charts counts the partnership's monthly facts).
    from learnloop.dataset.computation import cached_facts
    from learnloop.dataset.versions import data_changed

    client = Client()
    client.force_login(User.objects.get(email=READER))
    path = "/national/benchmarks/cppm_initial_within_28d_pct/"
    changed = Partnership.objects.get(slug=f"{PREFIX}-05").pk
    for warmed in (False, True):
        client.get(path)
        data_changed(changed, warm=False)
        if warmed:
            cached_facts([changed])
        start = time.perf_counter()
        client.get(path)
        seconds = time.perf_counter() - start
        what = "after the background warming" if warmed else "first reader"
        print(f"national  {path} after one partnership's data changed, {what}: {seconds:.2f}s")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
