"""The province dashboard at Sơn La's scale: 1.3 million residents in about 2,300 villages.

For SQLite and for PostgreSQL (when reachable), in a fresh database each: Sơn La's real units,
2,300 demo villages spread over today's 75 communes, about 1.3 million residents with a year of
indicator history (the demo generator), then 20 requests of the province's indicator API
(`GET /api/v1/units/14/indicators`) and 20 of the dashboard page, timed in-process. Last line:
{"residents", "villages", "sqlite_median_ms", "sqlite_p95_ms", "postgres_median_ms",
"postgres_p95_ms", ...page figures}.

    .venv/bin/python bench/dashboard.py [--villages 2300] [--people 565]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(database_url: str, data_dir: str, villages: int, people: int) -> dict[str, object]:
    os.environ["DATABASE_URL"] = database_url
    os.environ["LANGSO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from langso.access import SYSTEM
    from langso.accounts import services as accounts
    from langso.accounts.models import Role
    from langso.core.dates import today
    from langso.demo import residents
    from langso.people.models import Resident
    from langso.units import national, selectors
    from langso.units import services as units
    from langso.units.models import Kind, Level

    call_command("migrate", verbosity=0)
    national.load(province="14")
    province = selectors.unit_get(actor=SYSTEM, code="14").unit
    communes = [
        v.unit
        for v in selectors.children(actor=SYSTEM, unit=province, on=today())
        if v.unit.level == Level.COMMUNE
    ]
    started = time.perf_counter()
    rng = random.Random(14)
    with transaction.atomic():
        made = [
            units.unit_create(
                actor=SYSTEM,
                name=f"Bản {number:04d}",
                kind=Kind.VILLAGE,
                parent=communes[number % len(communes)],
            ).pk
            for number in range(villages)
        ]
        residents.build(made, rng=rng, people_per_village=people)
    built = time.perf_counter() - started
    user, _ = accounts.user_provision(username="bench", password=None)
    accounts.role_grant(user=user, role=Role.PROVINCE_OFFICER, unit=province)
    client = Client()
    client.force_login(user)

    def timed(path: str) -> list[float]:
        client.get(path)  # Warm the caches once, as a served page would be.
        times = []
        for _ in range(20):
            begun = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, response.content[:300]
        return sorted(times)

    api = timed("/api/v1/units/14/indicators")
    page = timed("/units/14/dashboard/")
    return {
        "residents": Resident.objects.count(),
        "villages": villages,
        "build_s": round(built, 1),
        "api_median_ms": round(statistics.median(api), 1),
        "api_p95_ms": round(api[18], 1),
        "page_median_ms": round(statistics.median(page), 1),
        "page_p95_ms": round(page[18], 1),
    }


def run_child(url: str, scratch: str, args: argparse.Namespace) -> dict[str, object]:
    output = subprocess.run(  # noqa: S603 - this script, with our own arguments
        [
            sys.executable,
            __file__,
            "--child",
            url,
            "--data-dir",
            scratch,
            "--villages",
            str(args.villages),
            "--people",
            str(args.people),
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    if output.returncode != 0:
        raise SystemExit(f"the {url.split(':')[0]} run failed:\n{output.stderr[-3000:]}")
    result: dict[str, object] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=2300)
    parser.add_argument("--people", type=int, default=565)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--child")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data_dir, args.villages, args.people)))
        return
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as scratch:
        sqlite = run_child(f"sqlite:///{scratch}/bench.sqlite3", scratch, args)
        print(f"SQLite: {sqlite}")
        result.update(
            residents=sqlite["residents"],
            villages=sqlite["villages"],
            sqlite_median_ms=sqlite["api_median_ms"],
            sqlite_p95_ms=sqlite["api_p95_ms"],
            sqlite_page_median_ms=sqlite["page_median_ms"],
            sqlite_page_p95_ms=sqlite["page_p95_ms"],
        )
        import psycopg

        name = f"langso_dash_{os.getpid()}"
        try:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error as exc:
            print(f"PostgreSQL not reachable ({exc}); skipped.")
            result.update(postgres_median_ms=None, postgres_p95_ms=None)
        else:
            try:
                url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
                postgres = run_child(url, scratch, args)
                print(f"PostgreSQL: {postgres}")
                result.update(
                    postgres_median_ms=postgres["api_median_ms"],
                    postgres_p95_ms=postgres["api_p95_ms"],
                    postgres_page_median_ms=postgres["page_median_ms"],
                    postgres_page_p95_ms=postgres["page_p95_ms"],
                )
            finally:
                with psycopg.connect(args.postgres, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    print(json.dumps(result))


if __name__ == "__main__":
    main()
