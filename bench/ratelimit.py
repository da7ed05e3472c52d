"""Cost of one rate-limit hit (core.ratelimit: one upsert, autocommit), on a fresh SQLite file or
(with --postgres) a new PostgreSQL database: one key hit again and again (a busy address), a new
key each time (a row inserted per hit), and two threads on one key with their own connections
(the count must come out exact). Last line, one JSON object:
{"database", "same_key_hits_per_s", "new_key_hits_per_s", "two_threads_hits_per_s", "exact"}.

    .venv/bin/python bench/ratelimit.py [--hits 5000] [--postgres postgres://postgres@127.0.0.1:5432]
"""

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def fresh_postgres(server: str) -> str:
    """A new, empty database on the PostgreSQL server at ``server`` (dropped by drop_postgres)."""
    import psycopg

    name = f"langso_bench_ratelimit_{os.getpid()}"
    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server.rstrip('/')}/{name}"


def drop_postgres(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(data_dir: str, database_url: str | None) -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ["LANGSO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def rate(hits: int, seconds: float) -> float:
    return round(hits / seconds)


def measure(hits: int) -> dict[str, object]:
    from django.db import connection

    from langso.core import ratelimit
    from langso.core.models import RateCounter

    limit = ratelimit.Limit("bench", 10**9, 3600)
    for _ in range(100):  # warm up: connection, statement cache
        ratelimit.hit(limit, "warm-up")

    started = time.perf_counter()
    for _ in range(hits):
        ratelimit.hit(limit, "203.0.113.7")
    same_key = rate(hits, time.perf_counter() - started)

    started = time.perf_counter()
    for n in range(hits):
        ratelimit.hit(limit, f"198.51.100.{n}")
    new_key = rate(hits, time.perf_counter() - started)

    def hammer() -> None:
        from django.db import connection as own

        for _ in range(hits // 2):
            ratelimit.hit(limit, "shared")
        own.close()

    threads = [threading.Thread(target=hammer) for _ in range(2)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    two_threads = rate(hits // 2 * 2, time.perf_counter() - started)
    counted = RateCounter.objects.get(name="bench", key=ratelimit._key(("shared",))).count
    return {
        "database": connection.vendor,
        "same_key_hits_per_s": same_key,
        "new_key_hits_per_s": new_key,
        "two_threads_hits_per_s": two_threads,
        "exact": counted == hits // 2 * 2,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hits", type=int, default=5000)
    parser.add_argument(
        "--postgres",
        metavar="SERVER",
        help="run on a new database on this PostgreSQL server (postgres://user@host:port)",
    )
    parser.add_argument("--quick", action="store_true", help="a first look: 500 hits")
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(hits=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        database_url = fresh_postgres(args.postgres) if args.postgres else None
        setup_django(scratch, database_url)
        try:
            result = measure(args.hits)
        finally:
            if database_url:
                drop_postgres(database_url)
    for name, value in result.items():
        if name.endswith("per_s"):
            print(f"{name}: {value} ({1e6 / float(str(value)):.0f} µs per hit)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
