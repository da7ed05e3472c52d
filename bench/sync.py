"""Sync speed and safety: one 500-event push on SQLite and PostgreSQL, then 200 phones pushing
at once for 60 seconds against gunicorn on PostgreSQL.

Last line: {"push_500_sqlite_s", "push_500_postgres_s", "clients", "events_per_s", "p50_ms",
"p99_ms", "errors", "lost", "doubled"}. "lost": events the server answered "created" or
"duplicate" that are not in the database; "doubled": events or observations stored more than
once.

    .venv/bin/python bench/sync.py [--clients 200] [--seconds 60]
        [--quick]   # 8 phones for 5 s, the 500-event push on SQLite only: a first look
"""

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(database_url: str, data_dir: str, villages: int, members: int) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["LANGSO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def populate(villages: int, members_per_village: int) -> list[dict[str, Any]]:
    """Villages with 40 households of 3 people, and members with tokens; returns the phones."""
    from django.core.management import call_command
    from django.db import transaction

    from langso.access import SYSTEM
    from langso.accounts import services as accounts
    from langso.accounts.models import Role
    from langso.core.dates import today
    from langso.people.services import ResidentData, household_create, resident_create
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
    phones = []
    with transaction.atomic():
        for number in range(villages):
            village = units.unit_create(
                actor=SYSTEM,
                name=f"Bản Đo {number}",
                kind=Kind.VILLAGE,
                parent=communes[number % 20],
            )
            homes = []
            for index in range(40):
                household = household_create(actor=SYSTEM, village=village, head_name=f"Hộ {index}")
                people = [
                    resident_create(
                        actor=SYSTEM,
                        household=household,
                        data=ResidentData(
                            full_name=f"Người {number}-{index}-{p}",
                            birth_year=1960 + 10 * p,
                            is_head=p == 0,
                        ),
                    ).pk
                    for p in range(3)
                ]
                homes.append((household.pk, people))
            for member in range(members_per_village):
                user, _ = accounts.user_provision(username=f"m{number}-{member}", password=None)
                accounts.role_grant(user=user, role=Role.TEAM_MEMBER, unit=village)
                phones.append({"token": accounts.token_issue(user=user), "homes": homes})
    return phones


INDICATORS = ("smartphone", "vneid_l2", "epayment", "dvc_account", "ehealth")


def events(rng: random.Random, homes: list[Any], count: int) -> list[dict[str, Any]]:
    from django.utils import timezone

    now = timezone.now()
    made = []
    for _ in range(count):
        household, people = rng.choice(homes)
        made.append(
            {
                "id": str(uuid.uuid4()),
                "kind": "visit",
                "household_id": household,
                "occurred_at": (now - timedelta(minutes=rng.randint(1, 20000))).isoformat(),
                "topics": ["vneid", "epayment"],
                "observations": [
                    {
                        "resident_id": rng.choice(people),
                        "indicator": code,
                        "value": rng.random() < 0.8,
                    }
                    for code in rng.sample(INDICATORS, 2)
                ],
                "note": "",
            }
        )
    return made


def push_500(database_url: str, data_dir: str) -> dict[str, float]:
    """Seconds for one push of 500 events, in process through the API; then for a second one
    about the same households, whose events are mostly older than what the first recorded (a
    phone that was offline longer syncing after its colleague)."""
    setup(database_url, data_dir, 5, 1)
    from django.test import Client

    phones = populate(5, 1)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {phones[0]['token']}")
    # A server is warm: the first request of a process imports the URL configuration (0.5 s).
    warm = client.post("/api/v1/sync/push", {"events": []}, content_type="application/json")
    assert warm.status_code == 200, warm.content[:300]
    timings = {}
    for name, seed in (("seconds", 1), ("again", 2)):
        batch = events(random.Random(seed), phones[0]["homes"], 500)
        started = time.perf_counter()
        response = client.post(
            "/api/v1/sync/push",
            {"device_id": "b", "events": batch},
            content_type="application/json",
        )
        timings[name] = time.perf_counter() - started
        statuses = {r["status"] for r in response.json()["results"]}
        assert response.status_code == 200 and statuses == {"created"}, response.content[:300]
    return timings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def load(url: str, data_dir: str, clients: int, seconds: int) -> dict[str, Any]:
    setup(url, data_dir, clients // 4, 4)
    phones = populate(clients // 4, 4)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "LANGSO_DATA_DIR": data_dir, "LANGSO_HTTPS": "0"}
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/field/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        latencies: list[float] = []
        acknowledged: set[str] = set()
        observations: dict[str, int] = {}
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def phone(index: int) -> None:
            rng = random.Random(index)
            info = phones[index]
            while time.monotonic() < stop:
                batch = events(rng, info["homes"], rng.randint(5, 20))
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/sync/push",
                    data=json.dumps({"device_id": str(index), "events": batch}).encode(),
                    headers={
                        "Authorization": f"Bearer {info['token']}",
                        "Content-Type": "application/json",
                    },
                    method="POST",
                )
                begun = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
                        results = json.loads(answer.read())["results"]
                except Exception as error:
                    with lock:
                        errors.append(repr(error))
                    continue
                took = (time.perf_counter() - begun) * 1000
                with lock:
                    latencies.append(took)
                    for event, result in zip(batch, results, strict=True):
                        if result["status"] in ("created", "duplicate"):
                            acknowledged.add(event["id"])
                            observations[event["id"]] = len(event["observations"])
                        else:
                            errors.append(json.dumps(result))

        threads = [threading.Thread(target=phone, args=(i,)) for i in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    from django.db.models import Count

    from langso.indicators.models import Observation
    from langso.visits.models import Visit

    stored = set(str(pk) for pk in Visit.objects.values_list("id", flat=True))
    per_visit = dict(
        Observation.objects.filter(source="visit")
        .values_list("source_ref")
        .annotate(n=Count("id"))
        .values_list("source_ref", "n")
    )
    lost = len(acknowledged - stored)
    doubled = sum(1 for ref, n in per_visit.items() if n > observations.get(ref, n))
    latencies.sort()
    return {
        "clients": clients,
        "events_per_s": round(len(acknowledged) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
        "errors": len(errors),
        "lost": lost,
        "doubled": doubled,
        "requests": len(latencies),
    }


def child(args: argparse.Namespace) -> dict[str, Any]:
    if args.child == "push":
        return push_500(args.url, args.data_dir)
    return load(args.url, args.data_dir, args.clients, args.seconds)


def run(kind: str, url: str, scratch: str, args: argparse.Namespace) -> dict[str, Any]:
    output = subprocess.run(  # noqa: S603 - this script
        [
            sys.executable,
            __file__,
            "--child",
            kind,
            "--url",
            url,
            "--data-dir",
            scratch,
            "--clients",
            str(args.clients),
            "--seconds",
            str(args.seconds),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        raise SystemExit(f"{kind} on {url.split(':')[0]} failed:\n{output.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


def postgres_database(admin_url: str, name: str, create: bool) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
        else:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--child")
    parser.add_argument("--url")
    parser.add_argument("--data-dir")
    parser.add_argument(
        "--quick", action="store_true", help="a first look: 8 phones for 5 s, one push on SQLite"
    )
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(clients=8, seconds=5)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        sqlite = run("push", f"sqlite:///{scratch}/push.sqlite3", scratch, args)
        result["push_500_sqlite_s"] = round(sqlite["seconds"], 3)
        print(
            f"SQLite: a 500-event push in {sqlite['seconds']:.3f} s,"
            f" a second one arriving out of order in {sqlite['again']:.3f} s"
        )
        if args.quick:
            result["push_500_postgres_s"] = None
        for kind in ("load",) if args.quick else ("push", "load"):
            name = f"langso_sync_{kind}_{os.getpid()}"
            url = postgres_database(args.postgres, name, create=True)
            try:
                measured = run(kind, url, scratch, args)
            finally:
                postgres_database(args.postgres, name, create=False)
            if kind == "push":
                result["push_500_postgres_s"] = round(measured["seconds"], 3)
                print(
                    f"PostgreSQL: a 500-event push in {measured['seconds']:.3f} s,"
                    f" a second one arriving out of order in {measured['again']:.3f} s"
                )
            else:
                print(f"PostgreSQL, {args.clients} phones for {args.seconds} s: {measured}")
                result.update({k: v for k, v in measured.items() if k != "requests"})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
