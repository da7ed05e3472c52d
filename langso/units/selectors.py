"""Reads of administrative units, always as of a date and limited to what the actor may see."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import format_date, today, valid_on
from langso.core.errors import NotFound
from langso.core.text import fold, one_line
from langso.units import tree
from langso.units.errors import UnitError
from langso.units.models import Unit, UnitEvent, UnitVersion


def visible_versions(actor: Actor, on: date) -> QuerySet[UnitVersion]:
    return UnitVersion.objects.filter(valid_on(on), access.scope_filter(actor, on, "unit_id"))


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


def unit_get(*, actor: Actor, code: str, on: date | None = None) -> UnitVersion:
    """The version of the unit with ``code`` on ``on`` (default today); 404 when absent or out
    of scope."""
    return access.access_unit_by_code(actor, code, on or today())


def children(*, actor: Actor, unit: Unit, on: date) -> list[UnitVersion]:
    qs = visible_versions(actor, on).filter(parent=unit).order_by("code")
    return list(qs)


def breadcrumbs(unit: Unit, on: date) -> list[UnitVersion]:
    """Ancestors of ``unit`` (farthest first) as of ``on``: names are public, so no scope here."""
    ids = tree.ancestor_ids(unit, on)[1:]
    by_id = {v.unit_id: v for v in UnitVersion.objects.filter(valid_on(on), unit_id__in=ids)}
    return [by_id[i] for i in reversed(ids) if i in by_id]


def crumbs(*, actor: Actor, unit: Unit, on: date) -> list[tuple[UnitVersion, bool]]:
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
    *, actor: Actor, query: str, on: date | None = None, limit: int = 20
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
