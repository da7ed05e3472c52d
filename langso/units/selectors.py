"""Reads of administrative units, always as of a date and limited to what the actor may see."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from langso.accounts.models import MANAGING_ROLES, RoleAssignment
from langso.core.dates import format_date, today, valid_on
from langso.core.errors import NotFound
from langso.core.text import fold, one_line
from langso.units.errors import UnitError
from langso.units.models import Unit, UnitEvent, UnitVersion

Actor = AbstractBaseUser | AnonymousUser

# The raw recursive queries below interpolate only these table names (from the models, never
# from input); every value travels as a parameter.
_V = UnitVersion._meta.db_table
_R = RoleAssignment._meta.db_table
_U = Unit._meta.db_table


def _subtree_sql(roots_sql: str) -> str:
    """A recursive query for the units under ``roots_sql`` (inclusive) as of a date.

    Parameters after those of ``roots_sql``: the date, twice.
    """
    return (
        f"WITH RECURSIVE subtree(id) AS ({roots_sql} UNION "
        f"SELECT v.unit_id FROM {_V} v JOIN subtree s ON v.parent_id = s.id "
        "WHERE v.valid_from <= %s AND v.valid_until > %s) SELECT id FROM subtree"
    )


def is_unrestricted(actor: Actor | None) -> bool:
    """The system itself (``actor=None``: management commands) and superusers see everything."""
    return actor is None or bool(actor.is_authenticated and getattr(actor, "is_superuser", False))


def scope(actor: Actor | None, on: date) -> RawSQL | None:
    """The ids of the units the actor may read as of ``on`` (None: everything).

    Roles count when they are valid today; the subtree they open is taken as of ``on``, so an
    officer of a province can look at its communes as they were in any year.
    """
    if actor is None or is_unrestricted(actor):
        return None
    user_id = actor.pk if actor.is_authenticated else -1
    roots = f"SELECT unit_id FROM {_R} WHERE user_id = %s AND valid_from <= %s AND valid_until > %s"
    now = today()
    return RawSQL(_subtree_sql(roots), (user_id, now, now, on, on))


def subtree(unit: Unit, on: date) -> RawSQL:
    """The ids of ``unit`` and everything under it as of ``on``."""
    return RawSQL(_subtree_sql("SELECT CAST(%s AS BIGINT)"), (unit.pk, on, on))


def subtree_ids(unit: Unit, on: date) -> list[int]:
    """The ids of ``unit`` and everything under it as of ``on``, as a list."""
    with connection.cursor() as cursor:
        cursor.execute(_subtree_sql("SELECT CAST(%s AS BIGINT)"), (unit.pk, on, on))
        return [row[0] for row in cursor.fetchall()]


def ancestor_ids(unit: Unit, on: date) -> list[int]:
    """``unit`` and its ancestors as of ``on``, nearest first."""
    sql = (
        f"WITH RECURSIVE up(id, depth) AS (SELECT CAST(%s AS BIGINT), 0 UNION "
        f"SELECT v.parent_id, up.depth + 1 FROM {_V} v JOIN up ON v.unit_id = up.id "
        "WHERE v.parent_id IS NOT NULL AND v.valid_from <= %s AND v.valid_until > %s) "
        "SELECT id FROM up ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (unit.pk, on, on))
        return [row[0] for row in cursor.fetchall()]


def _roles_on_path(actor: Actor | None, unit: Unit, on: date) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    now = today()
    return set(
        RoleAssignment.objects.filter(
            valid_on(now), user_id=actor.pk, unit_id__in=ancestor_ids(unit, on)
        ).values_list("role", flat=True)
    )


def can_see(actor: Actor | None, unit: Unit, on: date) -> bool:
    return is_unrestricted(actor) or bool(_roles_on_path(actor, unit, on))


def can_manage(actor: Actor | None, unit: Unit, on: date) -> bool:
    """Officers manage units, teams and members in their subtree."""
    return is_unrestricted(actor) or bool(_roles_on_path(actor, unit, on) & MANAGING_ROLES)


def visible_versions(actor: Actor | None, on: date) -> QuerySet[UnitVersion]:
    qs = UnitVersion.objects.filter(valid_on(on))
    allowed = scope(actor, on)
    return qs if allowed is None else qs.filter(unit_id__in=allowed)


def version_on(unit: Unit | int, on: date) -> UnitVersion | None:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return UnitVersion.objects.filter(valid_on(on), unit_id=unit_id).first()


def parent_code(version: UnitVersion) -> str | None:
    """The code the parent of ``version`` carried when ``version`` began."""
    if version.parent_id is None:
        return None
    parent = version_on(version.parent_id, version.valid_from)
    return parent.code if parent else None


def version_of(unit: Unit, on: date) -> UnitVersion:
    """The version of ``unit`` on ``on``, or a refusal saying the unit did not exist then."""
    version = version_on(unit, on)
    if version is None:
        raise NotFound(
            UnitError.NOT_VALID_ON,
            _("The unit does not exist on %(on)s.") % {"on": format_date(on)},
        )
    return version


def unit_get(*, actor: Actor | None, code: str, on: date | None = None) -> UnitVersion:
    """The version of the unit with ``code`` on ``on``; 404 when absent or out of scope."""
    day = on or today()
    version = visible_versions(actor, day).filter(code=code.strip()).select_related("unit").first()
    if version is None:
        raise NotFound(
            UnitError.NOT_FOUND,
            _("There is no unit with code %(code)s on %(on)s.")
            % {"code": code, "on": format_date(day)},
            field="code",
        )
    return version


def children(*, actor: Actor | None, unit: Unit, on: date) -> list[UnitVersion]:
    qs = visible_versions(actor, on).filter(parent=unit).order_by("code")
    return list(qs)


def breadcrumbs(unit: Unit, on: date) -> list[UnitVersion]:
    """Ancestors of ``unit`` (farthest first) as of ``on``: names are public, so no scope here."""
    ids = ancestor_ids(unit, on)[1:]
    by_id = {v.unit_id: v for v in UnitVersion.objects.filter(valid_on(on), unit_id__in=ids)}
    return [by_id[i] for i in reversed(ids) if i in by_id]


def crumbs(*, actor: Actor | None, unit: Unit, on: date) -> list[tuple[UnitVersion, bool]]:
    """The unit's ancestors (farthest first), each with whether ``actor`` may open it: names are
    public, the pages behind them are not, so a page links only the ones that will open."""
    path = breadcrumbs(unit, on)
    visible = set(
        visible_versions(actor, on)
        .filter(unit_id__in=[ancestor.unit_id for ancestor in path])
        .values_list("unit_id", flat=True)
    )
    return [(ancestor, ancestor.unit_id in visible) for ancestor in path]


def search(
    *, actor: Actor | None, query: str, on: date | None = None, limit: int = 20
) -> list[UnitVersion]:
    """Units whose name or code matches ``query``, ignoring case and diacritics.

    Exact names come first, then names that start with the query, then the rest, each group by
    level (provinces before communes before villages) and name.
    """
    day = on or today()
    # One line of text: a control character (a NUL above all, which PostgreSQL cannot even
    # compare) matches no name or code anyway.
    query = one_line(query)
    needle = fold(query)
    if not needle:
        return []
    qs = visible_versions(actor, day).filter(
        Q(name_folded__contains=needle) | Q(code__startswith=query)
    )
    candidates = list(qs.order_by("kind", "name_folded")[: limit * 10])

    def rank(version: UnitVersion) -> tuple[int, int, str]:
        name = version.name_folded
        bare = name.split(" ", 1)[1] if " " in name else name
        if needle in (name, bare, version.code):
            group = 0
        elif name.startswith(needle) or bare.startswith(needle):
            group = 1
        else:
            group = 2
        return (group, version.level, name)

    return sorted(candidates, key=rank)[:limit]


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


def history(unit: Unit) -> list[UnitVersion]:
    return list(
        UnitVersion.objects.filter(unit=unit)
        .select_related("opened_by", "closed_by", "parent")
        .order_by("valid_from")
    )


def events_of(unit: Unit) -> list[UnitEvent]:
    return list(
        UnitEvent.objects.filter(
            Q(edges__source=unit) | Q(edges__target=unit) | Q(opened__unit=unit)
        ).distinct()
    )
