"""Commune roll-ups: every village's figures summed into its commune, kept in the same transaction.

A province's campaign page asks for its 2,300 villages' figures on several days; read from the
village tables that is about 200,000 rows of ``RollupChange``, from these tables about 10,000.
They are to the village tables what DHIS2's analytics tables by organisation-unit level are to
its data values, but kept live: ``rollups.apply`` books each change into the village's commune
too, so they are exact whenever the village tables are.

- ``CommuneRollup`` (today), ``CommuneChange`` (each day) and ``CommuneMonth`` (each month) are
  ``VillageRollup``, ``RollupChange`` and ``RollupMonth`` summed by commune.
- ``VillageCommune`` says which commune a village's figures are summed into: the parent of its
  latest version (a reform recorded ahead of its date moves the sums when it is recorded).
- A unit event that moves a village (a merge, a split, a new parent) calls ``refresh`` through
  ``units.tree_hooks``; the village's sums leave its old commune and join the new one, so the
  commune tables are always the village tables grouped by the latest tree.
- Readers use them only where the tree of the day they ask equals the latest tree for the unit
  asked (``matches_latest``); elsewhere (a day before a reform that moved villages) they read
  the village tables, which are kept by day of tree.

Locking on PostgreSQL: every writer takes ``ROW EXCLUSIVE`` on ``CommuneRollup`` before it
reads a village's commune, and ``refresh`` takes ``EXCLUSIVE``, which waits for the writers in
flight and holds new ones until the move is committed: a writer never books into a commune its
village has just left. Writers lock commune rows before village rows (``rollups.apply``), so two
writers in one commune queue on the commune's rows instead of deadlocking on its villages'.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection

from langso.core.idlist import id_list
from langso.indicators.models import (
    CommuneChange,
    CommuneMonth,
    CommuneRollup,
    RollupChange,
    RollupMonth,
    VillageCommune,
    VillageRollup,
)

if TYPE_CHECKING:
    from langso.units.models import Unit

Pairs = Mapping[tuple[int, str], list[int]]  # (village or commune, indicator) → [n, d]
Days = Mapping[tuple[int, str, date], list[int]]  # (village or commune, indicator, day) → [n, d]


def writers_lock() -> None:
    """Taken by every writer before it reads a village's commune (PostgreSQL; SQLite has one
    writer at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {CommuneRollup._meta.db_table} IN ROW EXCLUSIVE MODE")


def _mover_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {CommuneRollup._meta.db_table} IN EXCLUSIVE MODE")


def _latest_parents(villages: list[int]) -> dict[int, int | None]:
    """The parent of each unit's latest version (the one that starts last)."""
    from langso.units.models import UnitVersion

    parents: dict[int, int | None] = {}
    for unit, parent in (
        UnitVersion.objects.filter(unit_id__in=id_list(villages))
        .order_by("unit_id", "-valid_from")
        .values_list("unit_id", "parent_id")
    ):
        parents.setdefault(unit, parent)
    return parents


def communes_of(villages: Iterable[int]) -> dict[int, int]:
    """Each village's commune; a village seen for the first time is given its latest parent."""
    ids = sorted(set(villages))
    if not ids:
        return {}
    found = dict(
        VillageCommune.objects.filter(village_id__in=id_list(ids)).values_list(
            "village_id", "commune_id"
        )
    )
    missing = [village for village in ids if village not in found]
    if missing:
        parents = _latest_parents(missing)
        VillageCommune.objects.bulk_create(
            [
                VillageCommune(village_id=village, commune_id=parent)
                for village, parent in parents.items()
                if parent is not None
            ],
            ignore_conflicts=True,
        )
        found.update(
            VillageCommune.objects.filter(village_id__in=id_list(missing)).values_list(
                "village_id", "commune_id"
            )
        )
    return found


def book(pairs: Pairs, days: Days) -> None:
    """Add village deltas (today's ``pairs`` and the ``days``) to their communes' rows.

    Called by ``rollups.apply`` after ``writers_lock``, before the village rows are written."""
    communes = communes_of(village for village, _code in pairs)
    commune_pairs: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for (village, code), (numerator, denominator) in pairs.items():
        commune = communes.get(village)
        if commune is not None:
            cell = commune_pairs[(commune, code)]
            cell[0] += numerator
            cell[1] += denominator
    commune_days: dict[tuple[int, str, date], list[int]] = defaultdict(lambda: [0, 0])
    for (village, code, day), (numerator, denominator) in days.items():
        commune = communes.get(village)
        if commune is not None:
            cell = commune_days[(commune, code, day)]
            cell[0] += numerator
            cell[1] += denominator
    _upsert(commune_pairs, commune_days)


def _upsert(pairs: Pairs, days: Days) -> None:
    """Add to today's rows, the days' rows and the months' rows (summed from the days)."""
    months: dict[tuple[int, str, date], list[int]] = defaultdict(lambda: [0, 0])
    for (commune, code, day), (numerator, denominator) in days.items():
        cell = months[(commune, code, day.replace(day=1))]
        cell[0] += numerator
        cell[1] += denominator
    rollup = CommuneRollup._meta.db_table
    day_value = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {rollup} (commune_id, indicator_id, numerator, denominator) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (commune_id, indicator_id) DO UPDATE SET "
            f"numerator = {rollup}.numerator + excluded.numerator, "
            f"denominator = {rollup}.denominator + excluded.denominator",
            # In key order, as the village rows: writers lock rows in the same order.
            [(c, code, n, d) for (c, code), (n, d) in sorted(pairs.items()) if n or d],
        )
        for table, column, cells in (
            (CommuneChange._meta.db_table, "day", days),
            (CommuneMonth._meta.db_table, "month", months),
        ):
            cursor.executemany(
                f"INSERT INTO {table} (commune_id, indicator_id, {column}, "  # noqa: S608
                "numerator_delta, denominator_delta) VALUES (%s, %s, %s, %s, %s) "
                f"ON CONFLICT (commune_id, indicator_id, {column}) DO UPDATE SET "
                f"numerator_delta = {table}.numerator_delta + excluded.numerator_delta, "
                f"denominator_delta = {table}.denominator_delta + excluded.denominator_delta",
                [
                    (c, code, day_value(when), n, d)
                    for (c, code, when), (n, d) in sorted(cells.items())
                    if n or d
                ],
            )


def refresh() -> int:
    """Move the sums of every village whose latest parent is not the commune its figures are
    summed into (a unit event moved it). Returns how many villages moved."""
    _mover_lock()
    mapping = VillageCommune._meta.db_table
    sql = (
        "SELECT m.village_id, m.commune_id, v.parent_id "  # noqa: S608
        f"FROM {mapping} m JOIN units_unitversion v ON v.unit_id = m.village_id "
        "WHERE v.valid_from = (SELECT MAX(w.valid_from) FROM units_unitversion w "
        "WHERE w.unit_id = m.village_id) AND (v.parent_id IS NULL OR v.parent_id <> m.commune_id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        moved = {village: (old, new) for village, old, new in cursor.fetchall()}
    if not moved:
        return 0
    pairs: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for village, code, numerator, denominator in VillageRollup.objects.filter(
        village_id__in=id_list(moved)
    ).values_list("village_id", "indicator_id", "numerator", "denominator"):
        old, new = moved[village]
        _shift(pairs, (old, code), (new, code), numerator, denominator)
    days: dict[tuple[int, str, date], list[int]] = defaultdict(lambda: [0, 0])
    for village, code, day, numerator, denominator in RollupChange.objects.filter(
        village_id__in=id_list(moved)
    ).values_list("village_id", "indicator_id", "day", "numerator_delta", "denominator_delta"):
        old, new = moved[village]
        _shift(days, (old, code, day), (new, code, day), numerator, denominator)
    _upsert(pairs, days)
    for village, (_old, new) in moved.items():
        if new is None:
            VillageCommune.objects.filter(village_id=village).delete()
        else:
            VillageCommune.objects.filter(village_id=village).update(commune_id=new)
    return len(moved)


def _shift(
    cells: dict[Any, list[int]],
    old: tuple[Any, ...],
    new: tuple[Any, ...],
    numerator: int,
    denominator: int,
) -> None:
    cells[old][0] -= numerator
    cells[old][1] -= denominator
    if new[0] is not None:
        cells[new][0] += numerator
        cells[new][1] += denominator


def rebuild() -> None:
    """Count the commune tables again from the village tables (``recount_rollups --repair``,
    and a bench that writes village rows directly)."""
    _mover_lock()
    CommuneRollup.objects.all().delete()
    CommuneChange.objects.all().delete()
    CommuneMonth.objects.all().delete()
    village_ids = set(VillageRollup.objects.values_list("village_id", flat=True).distinct())
    village_ids |= set(RollupChange.objects.values_list("village_id", flat=True).distinct())
    # The latest tree, for villages seen before as for new ones.
    VillageCommune.objects.filter(village_id__in=id_list(village_ids)).delete()
    communes_of(village_ids)
    mapping, rollup = VillageCommune._meta.db_table, CommuneRollup._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {rollup} (commune_id, indicator_id, numerator, denominator) "  # noqa: S608
            "SELECT m.commune_id, r.indicator_id, SUM(r.numerator), SUM(r.denominator) "
            f"FROM {VillageRollup._meta.db_table} r "
            f"JOIN {mapping} m ON m.village_id = r.village_id "
            "GROUP BY m.commune_id, r.indicator_id"
        )
        for source, target, column in (
            (RollupChange, CommuneChange, "day"),
            (RollupMonth, CommuneMonth, "month"),
        ):
            cursor.execute(
                f"INSERT INTO {target._meta.db_table} (commune_id, indicator_id, {column}, "  # noqa: S608
                f"numerator_delta, denominator_delta) SELECT m.commune_id, r.indicator_id, "
                f"r.{column}, SUM(r.numerator_delta), SUM(r.denominator_delta) "
                f"FROM {source._meta.db_table} r "
                f"JOIN {mapping} m ON m.village_id = r.village_id "
                f"GROUP BY m.commune_id, r.indicator_id, r.{column}"
            )


DifferenceKey = tuple[str, int, str, date | None]
Difference = tuple[tuple[int, int], tuple[int, int]]


def differences() -> dict[DifferenceKey, Difference]:
    """Where the commune tables are not the village tables grouped by the latest tree:
    (what, commune, indicator, day) → (kept, from the villages). ``what`` is ``"commune"`` for
    today's figures, ``"commune-day"`` / ``"commune-month"`` for a day's / a month's change and
    ``"village"`` for a village summed into a commune that is not its latest parent (its key's
    commune is the village)."""
    found: dict[DifferenceKey, Difference] = {}
    parents = _latest_parents(list(VillageCommune.objects.values_list("village_id", flat=True)))
    communes = dict(VillageCommune.objects.values_list("village_id", "commune_id"))
    for village, commune in communes.items():
        if parents.get(village) != commune:
            found[("village", village, "", None)] = ((commune, 0), (parents.get(village) or 0, 0))
    derived: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for village, code, n, d in VillageRollup.objects.values_list(
        "village_id", "indicator_id", "numerator", "denominator"
    ):
        cell = derived[(communes.get(village, -village), code)]
        cell[0] += n
        cell[1] += d
    kept = {
        (c, code): (n, d)
        for c, code, n, d in CommuneRollup.objects.values_list(
            "commune_id", "indicator_id", "numerator", "denominator"
        )
    }
    for key in set(kept) | set(derived):
        mine = kept.get(key, (0, 0))
        n, d = derived.get(key, (0, 0))
        if mine != (n, d):
            found[("commune", key[0], key[1], None)] = (mine, (n, d))
    # The days (and months) summed by the database: a province has millions of village-days.
    for source, target, column, what in (
        (RollupChange, CommuneChange, "day", "commune-day"),
        (RollupMonth, CommuneMonth, "month", "commune-month"),
    ):
        derived_days: dict[tuple[int, str, date], tuple[int, int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COALESCE(m.commune_id, -r.village_id), r.indicator_id, r.{column}, "  # noqa: S608
                "SUM(r.numerator_delta), SUM(r.denominator_delta) "
                f"FROM {source._meta.db_table} r "
                f"LEFT JOIN {VillageCommune._meta.db_table} m ON m.village_id = r.village_id "
                f"GROUP BY COALESCE(m.commune_id, -r.village_id), r.indicator_id, r.{column}"
            )
            for commune, code, day, n, d in cursor.fetchall():
                if isinstance(day, str):  # SQLite gives the text it stores
                    day = date.fromisoformat(day)
                derived_days[(commune, code, day)] = (n or 0, d or 0)
        kept_days = {
            (c, code, day): (n, d)
            for c, code, day, n, d in target.objects.values_list(
                "commune_id", "indicator_id", column, "numerator_delta", "denominator_delta"
            )
        }
        for day_key in set(kept_days) | set(derived_days):
            mine_day = kept_days.get(day_key, (0, 0))
            theirs = derived_days.get(day_key, (0, 0))
            if mine_day != theirs:
                found[(what, *day_key)] = (mine_day, theirs)
    return found


def matches_latest(communes: list[int], on: date) -> bool:
    """Whether the villages under ``communes`` on ``on`` are those summed into them: then a
    unit whose children on ``on`` are these communes can be read from the commune tables.

    False as soon as a village under one of them that day is summed into another commune, or
    one summed into them was elsewhere that day (a later event moved it). A village that did
    not exist that day does not matter: its figures then were nothing, and it has no change
    before it existed."""
    if not communes:
        return True
    ids = id_list(communes)
    mapping = VillageCommune._meta.db_table
    # Two parts, each a range of an index: the tree's (parent, valid_from, valid_until), then
    # the commune's villages by the mapping's commune index.
    sql = (
        f"SELECT 1 FROM units_unitversion v JOIN {mapping} m ON m.village_id = v.unit_id "  # noqa: S608
        f"WHERE v.parent_id IN ({ids.sql}) AND v.valid_from <= %s AND v.valid_until > %s "
        "AND m.commune_id <> v.parent_id "
        f"UNION ALL SELECT 1 FROM {mapping} m JOIN units_unitversion v ON v.unit_id = m.village_id "
        f"WHERE m.commune_id IN ({ids.sql}) AND v.valid_from <= %s AND v.valid_until > %s "
        "AND (v.parent_id IS NULL OR v.parent_id <> m.commune_id) LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*ids.params, on, on, *ids.params, on, on))
        return cursor.fetchone() is None


def communes_under(unit: "Unit", on: date) -> list[int] | None:
    """The communes under ``unit`` on ``on`` when its figures that day can be read from their
    sums: its children that day are all communes (a province since the 2025 reform) and their
    villages that day are those summed into them. None otherwise (a commune, a village, a
    district of the old tree, a day before a reform that moved villages): read the villages."""
    from langso.units.models import Level, UnitVersion

    if unit.level >= Level.COMMUNE:
        return None
    children = list(
        UnitVersion.objects.filter(parent=unit, valid_from__lte=on, valid_until__gt=on).values_list(
            "unit_id", "unit__level"
        )
    )
    if not children or any(level != Level.COMMUNE for _unit, level in children):
        return None
    ids = [child for child, _level in children]
    return ids if matches_latest(ids, on) else None
