"""Benchmark: LearnLoop's pages under load, served as production serves them.

    .venv/bin/python bench/load.py [--database-url postgres://postgres@127.0.0.1:5432/ll_perf]
                                   [--sizes 1,10] [--seconds 8] [--users 50] [--roles lead,viewer]
                                   [--pages home,dataset] [--workers 2] [--keep]

For each size it builds a PostgreSQL database (`<name>_x1`, `<name>_x10`): the demo
partnership (`seed_demo`) and, for size N above 1, N - 1 times more learning points, actions and
child-journey events in the same partnership (the extra extract goes through the importer, as an
upload would). With `--keep` an existing database of that name is used as it is.

It then serves the database with gunicorn as docs/operators.md says production does (DEBUG off,
collectstatic, a random SECRET_KEY; plain HTTP on 127.0.0.1, so SECURE_COOKIES=0, and
TWO_FACTOR_REQUIRED=0 because the demo's accounts have no second factor), signs in one demo user
per role over HTTP, and drives `--users` concurrent users at each page for `--seconds` with
`hey` (Debian package `hey`). Each page's requests a second, p95 and cost (the bare view's
requests a second divided by the page's) are printed beside `/healthz`, measured in the same run.
Without REDIS_URL in the environment the cache is the database cache, as in the embedded default.
Pages are kept rendered per member (ADR 0025), so after its first request each page is read
again as its member would; with PAGE_CACHE_SECONDS=0 in the environment every request draws it.
Not run by CI.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / ".ci"))
sys.path.insert(0, str(ROOT))

from production_check import BIN, Browser, free_port, wait_until_serving  # noqa: E402

ROLES = {
    "lead": "lead@demo.learnloop.test",
    "committee": "committee@demo.learnloop.test",
    "agency": "agency-lead@demo.learnloop.test",
    "viewer": "viewer@demo.learnloop.test",
}
PASSWORD = "learnloop-demo"  # noqa: S105 (the demo's published password)
# Page name -> path; {lp} and {audit} are filled from the database.
PAGES = {
    "home": "/p/demo/",
    "learning points": "/p/demo/learning/",
    "actions": "/p/demo/actions/",
    "loop health": "/p/demo/loop-health/",
    "one learning point's loop": "/p/demo/learning/{lp}/",
    "reviews": "/p/demo/reviews/",
    "audit results": "/p/demo/audits/{audit}/results/",
    "minimum dataset": "/p/demo/dataset/",
    "dataset trends": "/p/demo/dataset/trends/",
    "voice": "/p/demo/voice/",
    "website reach": "/p/demo/reach/",
}


def say(message: str) -> None:
    print(message, flush=True)


def admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


def exists(server: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


BUILD_MORE = """
import datetime as dt, io, random, sys
from learnloop.accounts.models import User
from learnloop.core.audit import acting_as
from learnloop.dataset import synthetic
from learnloop.dataset.importer import journey_import_create, journey_import_run
from learnloop.loop.models import Action, LearningPoint
from learnloop.partnership.models import Partnership

times = int(sys.argv[-1]) - 1
p = Partnership.objects.get(slug="demo")
rng = random.Random(42)
lead = User.objects.get(email="lead@demo.learnloop.test")
agencies, subgroups, themes = list(p.agencies.all()), list(p.subgroups.all()), list(p.themes.all())
lp_count = LearningPoint.objects.filter(partnership=p).count()
action_count = Action.objects.filter(partnership=p).count()
start_lp = LearningPoint.objects.filter(partnership=p).order_by("-number").first().number
start_action = Action.objects.filter(partnership=p).order_by("-number").first().number
today = dt.date.today()
lps = LearningPoint.objects.bulk_create(
    LearningPoint(
        partnership=p, number=start_lp + i + 1, title=f"Bench learning {i}", description="What was learned " * 10,
        kind=rng.choice(["improvement", "good_practice"]), source_type=rng.choice(["review", "audit", "voice"]),
        date_identified=today - dt.timedelta(days=rng.randrange(0, 1500)), subgroup=rng.choice(subgroups),
    )
    for i in range(lp_count * times)
)
Through = LearningPoint.themes.through
Through.objects.bulk_create(Through(learningpoint_id=lp.pk, theme_id=t.pk) for lp in lps for t in rng.sample(themes, 2))
Action.objects.bulk_create(
    Action(
        partnership=p, learning_point=lps[i % len(lps)], number=start_action + i + 1, title=f"Bench action {i}",
        owner_agency=rng.choice(agencies), owner_subgroup=rng.choice(subgroups), owner_person=lead,
        due_date=today + dt.timedelta(days=rng.randrange(-200, 300)), success_measure="Measured",
        status=rng.choice([s.value for s in Action.Status]),
    )
    for i in range(action_count * times)
)
data = synthetic.extract_csv(
    prefix="BENCH", start=dt.date(2021, 1, 1), end=dt.date(2025, 12, 31), children_per_year=420 * times, seed=7
)
with acting_as(lead):
    ji = journey_import_create(partnership=p, stream=io.BytesIO(data), filename="bench-extract.csv")
    ji = journey_import_run(journey_import=ji, today=dt.date(2026, 1, 1))
print(f"added {len(lps)} learning points, {action_count * times} actions, {ji.rows_loaded} events")
"""


def build(env: dict[str, str], size: int) -> None:
    say("  migrate, seed_demo")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_demo")
    if size > 1:
        say("  " + manage(env, "shell", "-v0", "-c", BUILD_MORE.replace("sys.argv[-1]", repr(str(size)))).strip())


def lookups(env: dict[str, str]) -> dict[str, str]:
    code = (
        "from learnloop.loop.models import LearningPoint as L; from learnloop.audits.models import Audit as A;"
        "p=dict(partnership__slug='demo');"
        "print(L.objects.filter(**p).order_by('number').first().number);"
        "a=A.objects.filter(**p, cases__isnull=False).order_by('number').first();"
        "print(a.number if a else A.objects.filter(**p).order_by('number').first().number)"
    )
    lp, audit = manage(env, "shell", "-v0", "-c", code).split()[-2:]
    return {"lp": lp, "audit": audit}


def sign_in(base: str, email: str) -> str:
    browser = Browser(base)
    page = browser.request("/account/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    assert token, page.body[:500]
    done = browser.request(
        "/account/sign-in/",
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": PASSWORD, "next": ""},
    )
    assert "Signed in as" in done.body, f"could not sign in as {email}"
    jar = browser.opener.handlers  # the cookie processor's jar
    for handler in jar:
        cookies = getattr(handler, "cookiejar", None)
        if cookies is not None:
            return "; ".join(f"{c.name}={c.value}" for c in cookies)
    raise AssertionError("no cookies")


def hey(url: str, cookie: str, seconds: int, users: int) -> tuple[float, float, int, int]:
    """Requests a second, p95 in seconds, responses that were not 200, errors (timeouts)."""
    command = ["hey", "-z", f"{seconds}s", "-c", str(users), "-t", "20", "-H", f"Cookie: {cookie}", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p95_match = re.search(r"95%+ in ([\d.]+) secs", out)
    p95 = float(p95_match.group(1)) if p95_match else float("nan")
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)}
    not_ok = sum(n for c, n in codes.items() if c != 200)
    errors_block = out.split("Error distribution:")[1] if "Error distribution:" in out else ""
    errors = sum(int(n) for n in re.findall(r"\[(\d+)\]", errors_block))
    return rps, p95, not_ok, errors


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path, workers: int) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn as in docs/operators.md, with `workers` workers, bound to 127.0.0.1; always stopped."""
    command = [str(BIN / "gunicorn"), "learnloop.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--control-socket", str(log.with_name("gunicorn.ctl"))]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def drain(base: str, seconds: int = 120) -> None:
    """Wait until the bare view answers at once: requests a slow page left queued (after the
    load tool gave up on them) would otherwise be counted against the next page."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.monotonic()
        Browser(base).request("/healthz")
        if time.monotonic() - start < 0.2:
            return
        time.sleep(1)


def serve_and_measure(env: dict[str, str], args: argparse.Namespace, folder: Path, size: int) -> list[str]:
    found = lookups(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = folder / f"gunicorn-{size}.log"
    lines = [
        "| page | role | requests/s | p95 | not 200 / errors | cost against the bare view |",
        "|---|---|---:|---:|---:|---:|",
    ]
    wanted = [p for p in PAGES if not args.pages or any(w in p for w in args.pages.split(","))]
    with gunicorn(env, port, log, args.workers) as process:
        wait_until_serving(Browser(base), process)
        cookies = {role: sign_in(base, ROLES[role]) for role in args.roles.split(",")}
        for role in cookies:
            for name in wanted:
                path = PAGES[name].format(**found)
                # Warm: a few requests first, so a first render is not what is measured.
                warm = ["hey", "-n", "4", "-c", "2", "-H", f"Cookie: {cookies[role]}", base + path]
                subprocess.run(warm, capture_output=True)  # noqa: S603
                drain(base)
                bare, _, _, _ = hey(base + "/healthz", "", args.seconds, args.users)
                rps, p95, not_ok, errors = hey(base + path, cookies[role], args.seconds, args.users)
                cost = bare / rps if rps else float("inf")
                line = f"| {name} | {role} | {rps:.0f} | {p95:.2f} s | {not_ok} / {errors} | {cost:.0f} x (bare {bare:.0f}/s) |"
                say(line)
                lines.append(line)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ll_perf")
    parser.add_argument("--sizes", default="1,10")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--roles", default="lead,viewer")
    parser.add_argument("--pages", default="", help="comma-separated parts of page names (default: all)")
    parser.add_argument("--keep", action="store_true", help="use an existing database as it is")
    args = parser.parse_args()
    if shutil.which("hey") is None:
        say("Install hey first: apt-get install hey")
        return 1
    parts = urllib.parse.urlsplit(args.database_url)
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    folder = Path(tempfile.mkdtemp(prefix="learnloop-load-"))
    report = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            name = f"{parts.path.lstrip('/')}_x{size}"
            url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
            env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "TESTING"}}
            env |= {
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": url,
                "STATIC_ROOT": str(folder / "staticfiles"),
                "MEDIA_ROOT": str(folder / "media"),
                "PSEUDONYMISATION_KEY": "bench-key-not-secret",
                "SECURE_COOKIES": "0",
                "TWO_FACTOR_REQUIRED": "0",
                "TASKS_IMMEDIATE": "1",
            }
            say(f"size {size}: database {name}")
            if not (args.keep and exists(server, name)):
                admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                admin(server, f"CREATE DATABASE {name}")
                start = time.monotonic()
                build(env, size)
                say(f"  built in {time.monotonic() - start:.0f} s")
            else:
                manage(env, "migrate", "--no-input", "-v0")
            manage(env, "collectstatic", "--no-input", "-v0")
            report.append(f"\nsize {size} ({args.users} users, {args.seconds} s a page, {args.workers} workers)\n")
            report += serve_and_measure(env, args, folder, size)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    say("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
