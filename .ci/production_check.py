"""Build and serve LearnLoop the way docs/operators.md says production does, then use it.

    .venv/bin/python .ci/production_check.py [--database-url postgres://USER@HOST:PORT/NAME]

It builds the front end (npm run build), then, with DEBUG off and a random SECRET_KEY, migrates
a new database, loads the demo (seed_demo), runs collectstatic into a temporary folder and
starts gunicorn on 127.0.0.1 on a free port. Over plain HTTP it then checks: the sign-in page,
the stylesheet and scripts it links to and every file the stylesheet refers to; signing in as
the demo lead officer; their partnership's home page; and the 404 page, for a missing page and
for another partnership. It always stops gunicorn and removes what it made.

Without --database-url the database is an SQLite file in the temporary folder. With one, that
PostgreSQL database is dropped if it exists, created, and dropped again at the end.
Exits non-zero, with gunicorn's log, if anything fails.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"  # as in docs/operators.md
DEMO_LEAD = ("lead@demo.learnloop.test", "learnloop-demo")
DEMO_NAME = "Glenmoray"
OTHER_NAME = "Ardnish"
# Settings this check decides; anything else set in the caller's environment is left alone.
OWN_SETTINGS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "PSEUDONYMISATION_KEY",
    "SECURE_COOKIES",
    "BEHIND_HTTPS_PROXY",
    "CSRF_TRUSTED_ORIGINS",
    "TASKS_IMMEDIATE",
    "TWO_FACTOR_REQUIRED",
    "DJANGO_SETTINGS_MODULE",
}


class CheckFailed(Exception):
    pass


def say(message: str) -> None:
    print(message, flush=True)


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    say(f"$ {' '.join(command)}")
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CheckFailed(f"{command[0]} failed ({result.returncode}):\n{result.stdout}{result.stderr}")


@contextmanager
def database(url: str | None, folder: Path) -> Iterator[str]:
    """An empty database for the check, removed afterwards."""
    if not url:
        yield f"sqlite:///{folder / 'learnloop.sqlite3'}"
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise CheckFailed(f"Use a plain database name, not {name!r}")
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))

    def admin(sql: str) -> None:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(f"CREATE DATABASE {name}")
    try:
        yield url
    finally:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn as in docs/operators.md step 4, bound to 127.0.0.1; always stopped."""
    command = [str(BIN / "gunicorn"), "learnloop.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3"]
    # Its control socket beside its log, not in ~/.gunicorn where another gunicorn may have one.
    command += ["--control-socket", str(log.with_name("gunicorn.ctl"))]
    say(f"$ {' '.join(command)}")
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: gunicorn and its workers
                process.wait()
        say("gunicorn stopped")


@dataclass
class Response:
    status: int
    url: str
    content_type: str
    body: str


class Browser:
    """Plain HTTP with cookies, following redirects as a browser would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, form: dict[str, str] | None = None) -> Response:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as r:
                return Response(r.status, r.url, r.headers.get("Content-Type", ""), r.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as e:
            return Response(e.code, e.url, e.headers.get("Content-Type", ""), e.read().decode("utf-8", "replace"))


def expect(condition: bool, what: str, response: Response | None = None) -> None:
    if not condition:
        detail = f" (HTTP {response.status} at {response.url}):\n{response.body[:2000]}" if response else ""
        raise CheckFailed(f"{what}{detail}")
    say(f"ok  {what}")


def wait_until_serving(browser: Browser, process: subprocess.Popen[bytes], seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"gunicorn exited ({process.returncode}) before serving")
        try:
            if browser.request("/healthz").body == "ok":
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise CheckFailed(f"gunicorn did not answer /healthz within {seconds} seconds")


def check_site(browser: Browser) -> None:
    sign_in = browser.request("/account/sign-in/")
    expect(sign_in.status == 200 and "Sign in" in sign_in.body, "the sign-in page is served", sign_in)

    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', sign_in.body)
    expect(stylesheet is not None, "the sign-in page links to a stylesheet", sign_in)
    assert stylesheet is not None
    href = stylesheet.group(1)
    expect(
        re.fullmatch(r"/static/frontend/app\.[0-9a-f]{12}\.css", href) is not None,
        f"the stylesheet has a versioned name from collectstatic's manifest ({href})",
    )
    css = browser.request(href)
    expect(css.status == 200 and css.content_type.startswith("text/css"), f"{href} is served as text/css", css)
    for url in sorted(set(re.findall(r"url\(\s*[\"']?(/static/[^\"')]+)", css.body))):
        expect(browser.request(url).status == 200, f"{url}, from the stylesheet, is served")
    for src in re.findall(r'<script[^>]* src="([^"]+)"', sign_in.body):
        script = browser.request(src)
        expect(script.status == 200, f"{src}, a script, is served", script)
        # A module's own imports are not renamed by collectstatic: they must be served as named.
        for module in re.findall(r"""\bfrom\s*["'](\./[^"']+)["']""", script.body):
            url = urllib.parse.urljoin(src, module)
            expect(browser.request(url).status == 200, f"{url}, imported by {src}, is served")

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_in.body)
    expect(token is not None, "the sign-in form carries a CSRF token", sign_in)
    assert token is not None
    email, password = DEMO_LEAD
    signed_in = browser.request(
        "/account/sign-in/",
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password, "next": ""},
    )
    expect(
        signed_in.status == 200 and "Signed in as" in signed_in.body,
        f"signing in as {email} over plain HTTP works",
        signed_in,
    )

    home = browser.request("/p/demo/")
    expect(
        home.status == 200 and DEMO_NAME in home.body and "Signed in as" in home.body,
        "the demo partnership's home page is served to its lead officer",
        home,
    )

    missing = browser.request("/p/demo/no-such-page/")
    expect(
        missing.status == 404 and "Page not found" in missing.body and href in missing.body,
        "a missing page is a 404 in the service's layout",
        missing,
    )
    foreign = browser.request("/p/other/")
    expect(
        foreign.status == 404 and "Page not found" in foreign.body and OTHER_NAME not in foreign.body,
        "another partnership's page is a 404 that does not name it",
        foreign,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="a PostgreSQL database to create, use and drop (default: SQLite)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="learnloop-production-check-"))
    log = folder / "gunicorn.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        run(["npm", "run", "--silent", "build"])
        with database(args.database_url, folder) as database_url:
            env = {key: value for key, value in os.environ.items() if key not in OWN_SETTINGS}
            env |= {
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": database_url,
                "STATIC_ROOT": str(folder / "staticfiles"),
                "MEDIA_ROOT": str(folder / "media"),
                "PSEUDONYMISATION_KEY": secrets.token_urlsafe(32),
                # Plain HTTP on 127.0.0.1: cookies must be allowed without HTTPS to sign in.
                "SECURE_COOKIES": "0",
                # The demo's accounts have no second factor; two-factor sign-in has its own browser test.
                "TWO_FACTOR_REQUIRED": "0",
            }
            manage = [str(BIN / "python"), "manage.py"]
            run([*manage, "migrate", "--no-input", "-v0"], env)
            run([*manage, "collectstatic", "--no-input", "-v0"], env)
            run([*manage, "seed_demo"], env)
            port = free_port()
            browser = Browser(f"http://127.0.0.1:{port}")
            with gunicorn(env, port, log) as process:
                wait_until_serving(browser, process)
                check_site(browser)
    except CheckFailed as failure:
        say(f"FAILED: {failure}")
        if process is not None and log.exists():
            say("gunicorn's log:\n" + log.read_text(errors="replace")[-5000:])
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    say("Production check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
