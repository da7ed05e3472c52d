"""The province dashboard at Sơn La's scale: 1.3 million residents in about 2,300 villages.

For SQLite and for PostgreSQL (when reachable), in a fresh database each: Sơn La's real units,
2,300 demo villages spread over today's 75 communes, about 1.3 million residents with a year of
indicator history (the demo generator), then 20 requests of the province's indicator API
(`GET /api/v1/units/14/indicators`) and 20 of the dashboard page, timed in-process. Last line:
{"residents", "villages", "sqlite_median_ms", "sqlite_p95_ms", "postgres_median_ms",
"postgres_p95_ms", ...page figures}.

    .venv/bin/python bench/dashboard.py [--villages 2300] [--people 565] [--engines sqlite]
        [--db-prefix langso_dash]   # the scratch PostgreSQL database's name, before _<pid>
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import _sonla  # noqa: E402 - beside this script, after the repository is put on the path


def child(database_url: str, data_dir: str, villages: int, people: int) -> dict[str, object]:
    _sonla.django_setup(database_url, data_dir)
    import random

    from django.db import transaction
    from django.test import Client

    from langso.accounts import services as accounts
    from langso.accounts.models import Role
    from langso.core.dates import today
    from langso.demo import residents
    from langso.people.models import Resident

    province, communes = _sonla.sonla(today())
    started = time.perf_counter()
    rng = random.Random(14)
    with transaction.atomic():
        made = _sonla.villages_create(communes, villages)
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
    arguments = ["--villages", str(args.villages), "--people", str(args.people)]
    return _sonla.run_child(__file__, url, scratch, arguments)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=2300)
    parser.add_argument("--people", type=int, default=565)
    _sonla.add_database_arguments(parser, "langso_dash")
    parser.add_argument(
        "--quick", action="store_true", help="a first look: 40 villages × 100, SQLite only"
    )
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(villages=40, people=100, engines="sqlite")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data_dir, args.villages, args.people)))
        return
    result: dict[str, object] = {}
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        if "sqlite" in engines:
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
        result.update(postgres_median_ms=None, postgres_p95_ms=None)
        if "postgres" in engines:
            name = f"{args.db_prefix}_{os.getpid()}"
            with _sonla.scratch_postgres(args.postgres, name) as url:
                if url is not None:
                    postgres = run_child(url, scratch, args)
                    print(f"PostgreSQL: {postgres}")
                    result.update(
                        residents=postgres["residents"],
                        villages=postgres["villages"],
                        postgres_median_ms=postgres["api_median_ms"],
                        postgres_p95_ms=postgres["api_p95_ms"],
                        postgres_page_median_ms=postgres["page_median_ms"],
                        postgres_page_p95_ms=postgres["page_p95_ms"],
                    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
