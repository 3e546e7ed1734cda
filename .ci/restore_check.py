"""Back LearnLoop up the way docs/operators.md says, throw the originals away, restore, compare.

    .venv/bin/python .ci/restore_check.py \
        [--database-url postgres://postgres@127.0.0.1:5432/learnloop_ci_backup_src] \
        [--restore-database-url postgres://postgres@127.0.0.1:5432/learnloop_ci_backup_restored]

In a new PostgreSQL database and a temporary MEDIA_ROOT it migrates and loads the demo
(seed_demo, which stores a review's report file), then prints `manage.py backup_fingerprint`: the
rows of every table, each partnership's indicators and loop health, and the sha256 of every file.
It backs up as the guide says: `pg_dump --format=custom` of the database and a tar of MEDIA_ROOT.
It then drops the database and deletes the media folder, restores the dump with `pg_restore` into
a second new database and unpacks the tar into a new folder, checks `manage.py migrate --check`
finds nothing to apply, and prints the fingerprint again: it must be identical.

Both databases are dropped if they exist, created, and dropped again at the end; the temporary
folder is removed. Needs psql, pg_dump, pg_restore and tar on the PATH. Exits non-zero, naming
what differs, if anything fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"  # as in docs/operators.md
SOURCE_URL = "postgres://postgres@127.0.0.1:5432/learnloop_ci_backup_src"
RESTORED_URL = "postgres://postgres@127.0.0.1:5432/learnloop_ci_backup_restored"
# Settings this check decides; anything else set in the caller's environment is left alone.
OWN_SETTINGS = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "MEDIA_ROOT", "PSEUDONYMISATION_KEY", "DJANGO_SETTINGS_MODULE"}


class CheckFailed(Exception):
    pass


def say(message: str) -> None:
    print(message, flush=True)


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    say(f"$ {' '.join(command)}")
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CheckFailed(f"{command[0]} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)
    say(f"ok  {what}")


def database_name(url: str) -> str:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise CheckFailed(f"Use a plain database name, not {name!r}")
    return name


def admin(url: str, sql: str) -> None:
    """Run SQL on the server's `postgres` database, as the URL's user."""
    server = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    run(["psql", "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1", f"--dbname={server}", "--command", sql])


def recreate(url: str) -> None:
    name = database_name(url)
    admin(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(url, f"CREATE DATABASE {name}")


def drop(url: str) -> None:
    try:
        admin(url, f"DROP DATABASE IF EXISTS {database_name(url)} WITH (FORCE)")
    except CheckFailed as failure:
        say(f"could not drop the database: {failure}")


def flatten(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out |= flatten(item, f"{path}.{key}" if path else str(key))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            out |= flatten(item, f"{path}[{index}]")
        return out or {path: []}
    return {path: value}


def differences(before: dict[str, Any], after: dict[str, Any], limit: int = 40) -> list[str]:
    old, new = flatten(before), flatten(after)
    lines = [
        f"{key}: {old.get(key, '(absent)')!r} before the backup, {new.get(key, '(absent)')!r} after the restore"
        for key in sorted(old.keys() | new.keys())
        if old.get(key, "(absent)") != new.get(key, "(absent)")
    ]
    return lines[:limit] + ([f"... and {len(lines) - limit} more"] if len(lines) > limit else [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=SOURCE_URL, help="the PostgreSQL database to back up (made anew)")
    parser.add_argument("--restore-database-url", default=RESTORED_URL, help="the database to restore into")
    args = parser.parse_args()
    if database_name(args.database_url) == database_name(args.restore_database_url):
        say("FAILED: restore into a database other than the one backed up")
        return 1

    folder = Path(tempfile.mkdtemp(prefix="learnloop-restore-check-"))
    media, restored_media, backup = folder / "media", folder / "restored-media", folder / "backup"
    backup.mkdir()
    dump, media_tar = backup / "learnloop.dump", backup / "media.tar.gz"
    manage = [str(BIN / "python"), "manage.py"]
    base = {key: value for key, value in os.environ.items() if key not in OWN_SETTINGS}
    # The same keys before and after, as production restores with the secrets from the secret store.
    base |= {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "PSEUDONYMISATION_KEY": secrets.token_urlsafe(32)}
    source_env = base | {"DATABASE_URL": args.database_url, "MEDIA_ROOT": str(media)}
    restored_env = base | {"DATABASE_URL": args.restore_database_url, "MEDIA_ROOT": str(restored_media)}
    try:
        recreate(args.database_url)
        run([*manage, "migrate", "--no-input", "-v0"], source_env)
        run([*manage, "seed_demo"], source_env)
        before = json.loads(run([*manage, "backup_fingerprint"], source_env))
        files = before["files"]
        expect(len(files) > 0, f"the demo stored {len(files)} file(s) in MEDIA_ROOT")
        expect(all(f["sha256"] != "missing" for f in files.values()), "every file the database names is there")
        expect(bool(before["figures"].get("demo", {}).get("indicators")), "the demo has minimum dataset figures")

        # The backup, as docs/operators.md says: the database with pg_dump, the media folder with tar.
        run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={args.database_url}"])
        run(["tar", "--create", "--gzip", f"--file={media_tar}", f"--directory={media}", "."])
        # The originals are lost.
        drop(args.database_url)
        shutil.rmtree(media)

        # The restore, as the guide says: a new database, pg_restore, the media unpacked into place.
        recreate(args.restore_database_url)
        run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={args.restore_database_url}",
                str(dump),
            ]
        )
        restored_media.mkdir()
        run(["tar", "--extract", "--gzip", f"--file={media_tar}", f"--directory={restored_media}"])
        run([*manage, "migrate", "--check", "--no-input"], restored_env)
        say("ok  the restored database has no migration left to apply")
        after = json.loads(run([*manage, "backup_fingerprint"], restored_env))
        found = differences(before, after)
        if found:
            raise CheckFailed("the restore differs from what was backed up:\n  " + "\n  ".join(found))
        rows = sum(before["rows"].values())
        say(
            f"ok  the restore has the same {rows} rows in {len(before['rows'])} tables, the same figures for "
            f"{len(before['figures'])} partnerships and the same {len(files)} file(s), byte for byte"
        )
    except CheckFailed as failure:
        say(f"FAILED: {failure}")
        return 1
    finally:
        drop(args.database_url)
        drop(args.restore_database_url)
        shutil.rmtree(folder, ignore_errors=True)
    say("Restore check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
