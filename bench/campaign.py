"""Progress of a province campaign at Son La's scale: 2,300 villages, 1.3 million residents.

For SQLite and for PostgreSQL (when reachable), in a fresh database each: Son La's real units,
2,300 villages spread over today's 75 communes, a year of roll-ups for all 12 catalog
indicators, and a province campaign (three goals: ``vneid_l2`` at least 0.80, ``dvc_account``
at least 0.60, 100,000 people guided on ``scam_aware``; targets raised in five communes) that
started 45 days ago and runs 90 days. Then, timed in process after one warm-up, 20 requests
each of:

- the API, ``GET /api/v1/campaigns/{id}/progress``: the province today (the figure that
  counts), one commune, and the province on the campaign's 20th day (``?on=``);
- the campaign page (``campaigns:detail``, else ``/campaigns/<id>/``) of the province, when
  the project has one: a page that answers 404 is said so and not timed.

It prints a table, and as its last line one JSON object with the medians, the p95s, the ratio
of each median to the 200 ms target (below 1: met), the process's CPU time per request (for
SQLite that is all the work; for PostgreSQL the server's share is not in it) and the machine's
load average, since other work on the machine changes every figure.

What is synthesized, and why it is what 1.3 million residents would give. Progress reads only
roll-ups (``langso/campaigns/progress.py``): for a province its communes' sums
(``CommuneRollup`` today, ``CommuneChange`` by day), for a commune its villages'
(``VillageRollup``, ``RollupMonth`` and ``RollupChange``, the change of each village, indicator
and day on which anything changed). No resident, observation or visit is read (members' gains
are read only for a commune or a village page). So the bench writes the village rows as the
roll-up writers would have booked them for the demo generator's residents
(``langso/demo/residents.py``), without the residents themselves, and counts the communes' sums
from them (``indicators.communes.rebuild``, what ``recount_rollups --repair`` does):

- each village has about 565 residents (Gauss, 15% spread): 2,300 x 565 = 1.3 million; its
  populations are the shares the demo generator's households give (67.7% aged 14 and over,
  66.5% 15+, 63.2% 18+, 0.2225 households per resident, 8% of households in business);
- on the history's first day (a year ago) each population is registered with the share the
  demo starts from (``residents.PROGRESS``: 35% for ``vneid_l2``), as an import books it;
  every later day brings a village new people at the demo's yearly pace (a Poisson draw), so
  a day holds a change as often as the demo's observations would give one; from the campaign's
  start its three indicators go three times as fast (a door-to-door push: most villages change
  every day); on 2% of days a population also moves by one (a birth, a death, a move);
- rows are written in the order of their days, as a database that lived through the year holds
  them; today's ``VillageRollup`` is the sum of each village's changes, as the writers keep it,
  so every day's figures equal ``GET /api/v1/units/{code}/indicators?on=`` (checked before
  timing).

What a request costs depends on the rows it reads, not on the people behind a figure: here
75 communes x 3 goals x 45 days since the start (10,125 ``CommuneChange`` rows) for the
province; read from its villages it would be 2,300 villages x 3 goals x about 28 days with a
change (192,000 ``RollupChange`` rows, out of 1.9 million), plus today's 6,900
``VillageRollup`` rows.

    .venv/bin/python bench/campaign.py [--villages 2300] [--people 565] [--engines sqlite]
        [--db-prefix langso_campaign]   # the scratch PostgreSQL database's name, before _<pid>
        [--explain]   # query plans and a profile of the slowest requests, on stderr

The units, villages and roll-ups are built by ``bench/_sonla.py``, shared with the other
province benches.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import _sonla  # noqa: E402 - beside this script, after the repository is put on the path

TARGET_MS = 200.0
RUNS = 20
CAMPAIGN_DAY = 45  # today is the campaign's 45th day
CAMPAIGN_DAYS = 90
GOALS = (
    ("vneid_l2", "0.80", None),
    ("dvc_account", "0.60", None),
    ("scam_aware", None, 100_000),
)


def child(database_url: str, data_dir: str, args: argparse.Namespace) -> dict[str, object]:
    _sonla.django_setup(database_url, data_dir)
    from decimal import Decimal

    from django.db import transaction
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from langso.accounts import services as accounts
    from langso.accounts.models import Role
    from langso.campaigns import services as campaigns
    from langso.core.dates import today
    from langso.units import national, selectors

    day = today()
    province, communes = _sonla.sonla(day)
    start = day - timedelta(days=CAMPAIGN_DAY - 1)
    # The villages exist since the reform that made today's communes, so every day of the
    # history finds them under their commune.
    first = max(national.REFORM_DAY, day - timedelta(days=365))
    rng = random.Random(14)
    began = time.perf_counter()
    with transaction.atomic():
        villages = _sonla.villages_create(communes, args.villages, valid_from=national.REFORM_DAY)
        written = _sonla.rollups_write(
            villages,
            people=args.people,
            first=first,
            today=day,
            rng=rng,
            push_from=start,
            pushed={code for code, _share, _count in GOALS},
        )
    built = time.perf_counter() - began
    _sonla.analyze()
    counts = {"changes": written.changes, "rollups": written.rollups}
    residents = written.residents

    officer, _ = accounts.user_provision(username="bench", password=None)
    accounts.role_grant(user=officer, role=Role.PROVINCE_OFFICER, unit=province)
    campaign = campaigns.campaign_create(
        actor=officer,
        name="Chiến dịch 90 ngày: định danh điện tử mức 2 toàn tỉnh",
        basis_number="125/KH-UBND",
        basis_date=start - timedelta(days=5),
        unit_code="14",
        starts_on=start,
        ends_on=start + timedelta(days=CAMPAIGN_DAYS - 1),
        goals=[
            campaigns.GoalData(
                indicator=code,
                target_share=Decimal(share) if share else None,
                target_count=count,
            )
            for code, share, count in GOALS
        ],
    )
    campaigns.campaign_activate(actor=officer, campaign=campaign)
    # A few communes raised their targets, as communes do; the page then reads raised targets.
    for commune in communes[:5]:
        code = selectors.version_of(commune, day).code
        campaigns.targets_set(
            actor=officer,
            campaign=campaign,
            unit_code=code,
            goals=[campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.85"))],
        )
    commune_code = selectors.version_of(communes[0], day).code

    client = Client()
    client.force_login(officer)

    cpu: dict[str, float] = {}

    def timed(path: str, name: str) -> list[float]:
        client.get(path)  # Warm the caches once, as a served page would be.
        times, spent = [], []
        for _ in range(args.runs):
            begun, used = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - begun) * 1000)
            spent.append((time.process_time() - used) * 1000)
            assert response.status_code == 200, (path, response.content[:300])
        cpu[name] = round(statistics.median(spent), 1)
        return sorted(times)

    api_path = f"/api/v1/campaigns/{campaign.pk}/progress"
    mid = start + timedelta(days=19)
    _check_against_indicators(client, api_path, mid)
    result: dict[str, object] = {
        "residents": residents,
        "villages": args.villages,
        "rollup_changes": counts["changes"],
        "build_s": round(built, 1),
    }
    for name, path in (
        ("api", api_path),
        ("api_commune", f"{api_path}?unit={commune_code}"),
        ("api_day20", f"{api_path}?on={mid.isoformat()}"),
    ):
        result.update(_figures(name, timed(path, name)))
    try:
        page_path = reverse("campaigns:detail", args=[campaign.pk])
    except NoReverseMatch:
        page_path = f"/campaigns/{campaign.pk}/"
    status = client.get(page_path).status_code
    if status == 200:
        result.update(_figures("page", timed(page_path, "page")))
        result["page_path"] = page_path
    else:
        result["page_note"] = f"{page_path} answered {status}: no campaign page yet, not timed"
    for name, spent in cpu.items():
        result[f"{name}_cpu_ms"] = spent
    result["load"] = round(os.getloadavg()[0], 1)
    if args.explain:
        explained = [api_path, f"{api_path}?unit={commune_code}"]
        _explain(client, explained + ([page_path] if status == 200 else []))
    return result


def _figures(name: str, times: list[float]) -> dict[str, float]:
    return {
        f"{name}_median_ms": round(statistics.median(times), 1),
        f"{name}_p95_ms": round(times[max(0, round(len(times) * 0.95) - 1)], 1),
    }


def _check_against_indicators(client: object, api_path: str, mid: date) -> None:
    """The campaign's figures are the indicators API's, today and on a past day: the rows
    written are roll-ups the product reads as its own."""
    for suffix in ("", f"?on={mid.isoformat()}"):
        progress = client.get(api_path + suffix).json()  # type: ignore[attr-defined]
        figures = client.get(f"/api/v1/units/14/indicators{suffix}").json()  # type: ignore[attr-defined]
        rows = {row["indicator"]: row for row in figures}
        for goal in progress["goals"]:
            row = rows[goal["indicator"]]
            assert (goal["achieved"], goal["population"]) == (
                row["numerator"],
                row["denominator"],
            ), (suffix, goal, row)
            assert goal["gained"] > 0, goal


def _explain(client: object, paths: list[str]) -> None:
    """Where a request's time goes: its queries, each run again alone to the last row (SQLite
    does its work while rows are fetched, after Django's own timer has stopped), the plans of
    the slowest, and a profile of the Python side."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    explain = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else ("EXPLAIN QUERY PLAN ")
    )
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            begun = time.perf_counter()
            client.get(path)  # type: ignore[attr-defined]
            total = (time.perf_counter() - begun) * 1000
        timed = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                begun = time.perf_counter()
                cursor.execute(query["sql"])
                rows = len(cursor.fetchall())
                timed.append(((time.perf_counter() - begun) * 1000, rows, query["sql"]))
        timed.sort(key=lambda item: -item[0])
        print(
            f"=== {connection.vendor} {path}: {len(timed)} queries, {total:.1f} ms in all, "
            f"{sum(t for t, _rows, _sql in timed):.1f} ms of them in the database",
            file=sys.stderr,
        )
        for spent, rows, sql in timed[:4]:
            print(f"--- {spent:.1f} ms, {rows} rows: {sql[:600]}", file=sys.stderr)
            with connection.cursor() as cursor:
                cursor.execute(explain + sql)
                for row in cursor.fetchall():
                    print("    " + " | ".join(str(part) for part in row)[:300], file=sys.stderr)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(path)  # type: ignore[attr-defined]
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue(), file=sys.stderr)


def run_child(url: str, scratch: str, args: argparse.Namespace) -> dict[str, object]:
    arguments = ["--villages", str(args.villages), "--people", str(args.people)]
    arguments += ["--runs", str(args.runs), *(["--explain"] if args.explain else [])]
    return _sonla.run_child(__file__, url, scratch, arguments)


def _table(runs: dict[str, dict[str, object]]) -> None:
    rows = (
        ("api", "API, province, today"),
        ("api_commune", "API, one commune"),
        ("api_day20", "API, province, on day 20"),
        ("page", "page, province, today"),
    )
    print()
    print(f"{'request':<28}{'database':<12}{'median':>11}{'p95':>11}{'/ 200 ms':>10}{'CPU':>11}")
    for key, label in rows:
        for engine, figures in runs.items():
            median = figures.get(f"{key}_median_ms")
            if median is None:
                print(f"{label:<28}{engine:<12}{'-':>11}{'-':>11}{'-':>10}{'-':>11}")
                continue
            p95, cpu = figures[f"{key}_p95_ms"], figures[f"{key}_cpu_ms"]
            ratio = float(median) / TARGET_MS  # type: ignore[arg-type]
            print(f"{label:<28}{engine:<12}{median:>8} ms{p95:>8} ms{ratio:>10.2f}{cpu:>8} ms")
    for engine, figures in runs.items():
        if "page_note" in figures:
            print(f"{engine}: {figures['page_note']}")
    loads = ", ".join(f"{engine} {figures['load']}" for engine, figures in runs.items())
    print(f"CPU: this process's time per request (median); load average during the runs: {loads}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=2300)
    parser.add_argument("--people", type=int, default=565)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument(
        "--explain", action="store_true", help="print query plans and a profile (stderr)"
    )
    _sonla.add_database_arguments(parser, "langso_campaign")
    parser.add_argument(
        "--quick", action="store_true", help="a first look: 40 villages, 5 runs, SQLite only"
    )
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(villages=40, runs=5, engines="sqlite")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data_dir, args)))
        return
    runs: dict[str, dict[str, object]] = {}
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        if "sqlite" in engines:
            runs["SQLite"] = run_child(f"sqlite:///{scratch}/bench.sqlite3", scratch, args)
            print(f"SQLite: {runs['SQLite']}")
        if "postgres" in engines:
            name = f"{args.db_prefix}_{os.getpid()}"
            with _sonla.scratch_postgres(args.postgres, name) as url:
                if url is not None:
                    runs["PostgreSQL"] = run_child(url, scratch, args)
                    print(f"PostgreSQL: {runs['PostgreSQL']}")
    _table(runs)
    first = next(iter(runs.values()))
    result: dict[str, object] = {
        "residents": first["residents"],
        "villages": first["villages"],
        "rollup_changes": first["rollup_changes"],
        "target_ms": TARGET_MS,
    }
    for engine, figures in runs.items():
        prefix = engine.lower()
        for key in ("api", "api_commune", "api_day20", "page"):
            median = figures.get(f"{key}_median_ms")
            if median is None:
                continue
            result[f"{prefix}_{key}_median_ms"] = median
            result[f"{prefix}_{key}_p95_ms"] = figures[f"{key}_p95_ms"]
            result[f"{prefix}_{key}_ratio"] = round(float(median) / TARGET_MS, 3)  # type: ignore[arg-type]
            result[f"{prefix}_{key}_cpu_ms"] = figures[f"{key}_cpu_ms"]
        result[f"{prefix}_build_s"] = figures["build_s"]
        result[f"{prefix}_load"] = figures["load"]
        if "page_note" in figures:
            result[f"{prefix}_page"] = "not timed: no campaign page"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
