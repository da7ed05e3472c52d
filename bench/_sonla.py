"""What the province benches share: Sơn La's real units, its 2,300 villages, the roll-ups its
1.3 million residents would give, and a fresh database for each engine.

The benches (``campaign.py``, ``dashboard.py``, ``reports.py``) run each engine in a child
process of their own (Django is set up once per process, for one database); these helpers set
the child up and run it, and make and drop the scratch PostgreSQL database around it.

Roll-ups are synthesized without the residents behind them (see ``rollups_write``): each
village has about 565 residents (Gauss, 15% spread), 2,300 x 565 = 1.3 million, in the shares
of the demo generator's households (67.7% aged 14 and over, 66.5% 15+, 63.2% 18+, 0.2225
households per resident, 8% of households in business). On the history's first day each
population is registered with the share the demo starts from (``residents.PROGRESS``), as an
import books it; every later day brings a village new people at the demo's yearly pace (a
Poisson draw); from ``push_from`` the pushed indicators go three times as fast (a door-to-door
campaign); on 2% of days a population also moves by one (a birth, a death, a move). Rows are
written in the order of their days, as a database that lived through the year holds them, and
today's ``VillageRollup`` is the sum of each village's changes, as the writers keep it.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langso.indicators.models import Indicator
    from langso.units.models import Unit

# Shares of a village's residents in each population, measured on 200,000 people of the demo
# generator's households (``residents.household_members``).
AGE_SHARE = {None: 1.0, 14: 0.6774, 15: 0.6653, 18: 0.6318}
HOUSEHOLDS_PER_RESIDENT = 0.2225
BUSINESS_SHARE = 0.08


def django_setup(database_url: str, data_dir: str) -> None:
    """Django for ``database_url``, its schema migrated (call once, first, in a child)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["LANGSO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sonla(day: date) -> tuple["Unit", list["Unit"]]:
    """Sơn La's real units loaded; the province and its communes on ``day``."""
    from langso.access import SYSTEM
    from langso.units import national, selectors
    from langso.units.models import Level

    national.load(province="14")
    province = selectors.unit_get(actor=SYSTEM, code="14").unit
    communes = [
        v.unit
        for v in selectors.children(actor=SYSTEM, unit=province, on=day)
        if v.unit.level == Level.COMMUNE
    ]
    return province, communes


def villages_create(
    communes: list["Unit"], count: int, *, valid_from: date | None = None
) -> list[int]:
    """``count`` villages named "Bản 0000"…, dealt over the communes in turn (unit ids)."""
    from langso.access import SYSTEM
    from langso.units import services as units
    from langso.units.models import Kind

    extra = {"valid_from": valid_from} if valid_from is not None else {}
    return [
        units.unit_create(
            actor=SYSTEM,
            name=f"Bản {number:04d}",
            kind=Kind.VILLAGE,
            parent=communes[number % len(communes)],
            **extra,  # type: ignore[arg-type]
        ).pk
        for number in range(count)
    ]


def _populations(indicators: list["Indicator"], people: int, rng: random.Random) -> dict[str, int]:
    from langso.indicators.models import Population

    households = round(people * HOUSEHOLDS_PER_RESIDENT)
    businesses = sum(rng.random() < BUSINESS_SHARE for _ in range(households))
    sizes = {}
    for indicator in indicators:
        if indicator.population == Population.RESIDENTS:
            sizes[indicator.code] = round(people * AGE_SHARE[indicator.min_age])
        elif indicator.population == Population.HOUSEHOLDS:
            sizes[indicator.code] = households
        else:
            sizes[indicator.code] = businesses
    return sizes


def _village_history(
    *,
    indicators: list["Indicator"],
    people: int,
    first: date,
    push_from: date,
    pushed: Collection[str],
    today: date,
    rng: random.Random,
) -> dict[tuple[str, date], list[int]]:
    """The changes the roll-up writers would book for one village: (indicator, day) → [n, d]."""
    from langso.demo.residents import PROGRESS

    changes: dict[tuple[str, date], list[int]] = {}
    days = (today - first).days
    for code, population in _populations(indicators, people, rng).items():
        # An indicator the demo's residents make no progress on (the learning framework's
        # basic skills, counted from skill observations) has its population and nobody in it.
        before, after = PROGRESS.get(code, (0.0, 0.0))
        achieved = round(population * before)
        changes[(code, first)] = [achieved, population]
        # The demo's pace: (after - before) of the population over the year.
        pace = population * (after - before) / 365
        for offset in range(1, days + 1):
            day = first + timedelta(days=offset)
            rate = pace * (3 if code in pushed and day >= push_from else 1)
            gained = _poisson(rate, rng)
            moved = 0
            if rng.random() < 0.02:
                # A birth, a death, a move: one person in or out of the population that day.
                moved = rng.choice((1, -1)) if population > 0 else 1
                population += moved
            gained = max(-achieved, min(gained, population - achieved))
            achieved += gained
            if gained or moved:
                changes[(code, day)] = [gained, moved]
    return changes


def _poisson(rate: float, rng: random.Random) -> int:
    """How many events a day brings at ``rate`` a day (Knuth's method; rates here are small)."""
    limit, count, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


@dataclass
class Rollups:
    residents: int = 0
    changes: int = 0
    rollups: int = 0
    # Village id → its residents (the Gauss draw), for what else a bench builds per village.
    people: dict[int, int] = field(default_factory=dict)


def rollups_write(
    villages: list[int],
    *,
    people: int,
    first: date,
    today: date,
    rng: random.Random,
    push_from: date | None = None,
    pushed: Collection[str] = (),
) -> Rollups:
    """``RollupChange``, ``RollupMonth`` and ``VillageRollup`` rows for ``villages`` from
    ``first`` to ``today``, as the module's docstring says (inside a transaction), and the
    communes' sums of them (``CommuneRollup``, ``CommuneChange``)."""
    from langso.core import bulk
    from langso.indicators.models import Indicator, RollupChange, RollupMonth, VillageRollup

    indicators = list(Indicator.objects.order_by("position"))
    found = Rollups()
    change_rows: list[tuple[int, str, date, int, int]] = []
    rollup_rows: list[tuple[int, str, int, int]] = []
    months: dict[tuple[int, str, date], list[int]] = {}
    for village in villages:
        size = max(1, int(rng.gauss(people, people * 0.15)))
        found.people[village] = size
        found.residents += size
        history = _village_history(
            indicators=indicators,
            people=size,
            first=first,
            push_from=push_from or today + timedelta(days=1),
            pushed=pushed,
            today=today,
            rng=rng,
        )
        totals: dict[str, list[int]] = {}
        for (code, when), (n, d) in history.items():
            change_rows.append((village, code, when, n, d))
            total = totals.setdefault(code, [0, 0])
            total[0] += n
            total[1] += d
            month = months.setdefault((village, code, when.replace(day=1)), [0, 0])
            month[0] += n
            month[1] += d
        rollup_rows.extend((village, code, n, d) for code, (n, d) in totals.items())
    # In the order the days came, as the writers add them: a day's rows lie together in the
    # table, as they would in a database that lived through that year.
    change_rows.sort(key=lambda row: (row[2], row[0], row[1]))
    fields = ["village_id", "indicator_id", "day", "numerator_delta", "denominator_delta"]
    found.changes = bulk.insert_rows(RollupChange, fields, change_rows)
    bulk.insert_rows(
        RollupMonth,
        ["village_id", "indicator_id", "month", "numerator_delta", "denominator_delta"],
        sorted(((v, c, m, n, d) for (v, c, m), (n, d) in months.items()), key=lambda r: r[2]),
    )
    found.rollups = bulk.insert_rows(
        VillageRollup, ["village_id", "indicator_id", "numerator", "denominator"], rollup_rows
    )
    # The communes' sums, which ``rollups.apply`` would have kept beside every one of those rows:
    # counted once from them, as ``recount_rollups --repair`` does.
    from langso.indicators import communes

    communes.rebuild()
    return found


def analyze() -> None:
    """What autovacuum does within a minute of a big load, on PostgreSQL; SQLite is left as
    the product leaves it (no ANALYZE is ever run there)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run_child(script: str, url: str, scratch: str, arguments: list[str]) -> dict[str, object]:
    """Run ``script --child url --data-dir scratch *arguments``: its last line, as JSON."""
    command = [sys.executable, script, "--child", url, "--data-dir", scratch, *arguments]
    output = subprocess.run(  # noqa: S603 - a bench script, with our own arguments
        command, check=False, capture_output=True, text=True
    )
    if output.stderr and {"--explain", "--profile"} & set(arguments):
        print(output.stderr, file=sys.stderr)
    if output.returncode != 0:
        raise SystemExit(f"the {url.split(':')[0]} run failed:\n{output.stderr[-3000:]}")
    result: dict[str, object] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


@contextmanager
def scratch_postgres(admin_url: str, name: str) -> Iterator[str | None]:
    """A fresh PostgreSQL database ``name`` for the run (its URL), dropped after; None, said
    so, when PostgreSQL cannot be reached."""
    import psycopg

    try:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"PostgreSQL skipped ({exc}).")
        yield None
        return
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def add_database_arguments(parser: argparse.ArgumentParser, prefix: str) -> None:
    """The options every province bench takes to choose and reach its databases."""
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--engines", default="sqlite,postgres", help="which databases, comma-separated"
    )
    parser.add_argument(
        "--db-prefix",
        default=prefix,
        help="the scratch PostgreSQL database is named <prefix>_<pid>",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
