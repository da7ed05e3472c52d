"""How long `load_units` takes for all of Vietnam, on SQLite and (when reachable) PostgreSQL.

Each run starts from an empty, migrated database, the way an operator meets it. The last line
is one JSON object: {"units", "sqlite_s", "sqlite_rerun_s", "postgres_s", "postgres_rerun_s"}.

    .venv/bin/python bench/load_units.py [--postgres postgres://postgres@127.0.0.1:5432/test]
        [--quick]   # SQLite only: a first look
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def measure(database_url: str, data_dir: str) -> tuple[float, float, int]:
    env = {**os.environ, "DATABASE_URL": database_url, "LANGSO_DATA_DIR": data_dir}
    manage(env, "migrate", "--noinput")
    first = manage(env, "load_units")
    again = manage(env, "load_units")
    count = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from langso.units.models import Unit; print(Unit.objects.count())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    return first, again, int(count)


def postgres(server: str, scratch: str) -> dict[str, float | None]:
    """The same run on a new database of ``server``, dropped after (no figures when unreachable)."""
    import psycopg

    name = f"langso_bench_{os.getpid()}"
    try:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"PostgreSQL not reachable ({exc}); skipped.")
        return {"postgres_s": None, "postgres_rerun_s": None}
    url = server.rsplit("/", 1)[0] + f"/{name}"
    try:
        first, again, _ = measure(url, scratch)
        print(f"PostgreSQL: {first:.2f} s, rerun {again:.2f} s")
        return {"postgres_s": round(first, 2), "postgres_rerun_s": round(again, 2)}
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="a first look: SQLite only")
    args = parser.parse_args()
    result: dict[str, float | int | None] = {}
    with tempfile.TemporaryDirectory() as scratch:
        first, again, units = measure(f"sqlite:///{scratch}/bench.sqlite3", scratch)
        result.update(units=units, sqlite_s=round(first, 2), sqlite_rerun_s=round(again, 2))
        print(f"SQLite: {first:.2f} s for {units} units, rerun {again:.2f} s")
        if args.quick:
            print("PostgreSQL skipped (--quick).")
            result.update(postgres_s=None, postgres_rerun_s=None)
        else:
            result.update(postgres(args.postgres, scratch))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
