"""The shape of the unit tree on a day: recursive queries over unit versions.

Plain reads with no notion of who asks (``langso.access`` builds scopes on top of them). Every
query takes the day: a unit's place in the tree is itself history. The same SQL (``WITH
RECURSIVE``) runs on SQLite and PostgreSQL.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models.expressions import RawSQL

from langso.units.models import Unit, UnitVersion

# The raw recursive queries below interpolate only these table names (from the models, never
# from input); every value travels as a parameter.
_V = UnitVersion._meta.db_table
_U = Unit._meta.db_table


def subtree_sql(roots_sql: str) -> str:
    """A recursive query for the units under ``roots_sql`` (inclusive) as of a date.

    Parameters after those of ``roots_sql``: the date, twice.
    """
    return (
        f"WITH RECURSIVE subtree(id) AS ({roots_sql} UNION "
        f"SELECT v.unit_id FROM {_V} v JOIN subtree s ON v.parent_id = s.id "
        "WHERE v.valid_from <= %s AND v.valid_until > %s) SELECT id FROM subtree"
    )


def subtree(unit: Unit, on: date) -> RawSQL:
    """The ids of ``unit`` and everything under it as of ``on``."""
    return RawSQL(subtree_sql("SELECT CAST(%s AS BIGINT)"), (unit.pk, on, on))


def subtree_ids(unit: Unit, on: date) -> list[int]:
    """The ids of ``unit`` and everything under it as of ``on``, as a list."""
    with connection.cursor() as cursor:
        cursor.execute(subtree_sql("SELECT CAST(%s AS BIGINT)"), (unit.pk, on, on))
        return [row[0] for row in cursor.fetchall()]


def ancestor_ids(unit: Unit | int, on: date) -> list[int]:
    """``unit`` and its ancestors as of ``on``, nearest first."""
    sql = (
        f"WITH RECURSIVE up(id, depth) AS (SELECT CAST(%s AS BIGINT), 0 UNION "
        f"SELECT v.parent_id, up.depth + 1 FROM {_V} v JOIN up ON v.unit_id = up.id "
        "WHERE v.parent_id IS NOT NULL AND v.valid_from <= %s AND v.valid_until > %s) "
        "SELECT id FROM up ORDER BY depth"
    )
    unit_id = unit if isinstance(unit, int) else unit.pk
    with connection.cursor() as cursor:
        cursor.execute(sql, (unit_id, on, on))
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class Branch:
    unit_id: int
    branch_id: int
    level: int


def branches(unit: Unit, on: date) -> list[Branch]:
    """Every unit under ``unit`` (inclusive) as of ``on``, with the child of ``unit`` it lies in.

    The unit itself gets ``branch_id == unit.pk``. One recursive query; coverage and roll-ups
    aggregate over this list.
    """
    sql = (
        f"WITH RECURSIVE sub(id, branch) AS ("
        f"SELECT v.unit_id, v.unit_id FROM {_V} v "
        "WHERE v.parent_id = %s AND v.valid_from <= %s AND v.valid_until > %s UNION "
        f"SELECT v.unit_id, sub.branch FROM {_V} v JOIN sub ON v.parent_id = sub.id "
        "WHERE v.valid_from <= %s AND v.valid_until > %s) "
        f"SELECT sub.id, sub.branch, u.level FROM sub JOIN {_U} u ON u.id = sub.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (unit.pk, on, on, on, on))
        rows = [Branch(unit_id=r[0], branch_id=r[1], level=r[2]) for r in cursor.fetchall()]
    return [Branch(unit_id=unit.pk, branch_id=unit.pk, level=unit.level), *rows]
