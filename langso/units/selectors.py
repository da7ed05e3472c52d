"""Reads of administrative units, always as of a date and limited to what the actor may see."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import format_date, today, valid_on
from langso.core.errors import NotFound
from langso.core.text import fold, one_line
from langso.units import tree
from langso.units.errors import UnitError
from langso.units.models import EdgeRole, Level, Unit, UnitEvent, UnitEventEdge, UnitVersion


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


# Ended units and what became of them -------------------------------------------------------

# How far a chain of successors is followed (a commune merged, and its successor merged again):
# Vietnam's units have gone through two or three reforms in living memory, never ten.
_CHAIN = 6


@dataclass(frozen=True)
class Place:
    """A unit as a page links to it: the link only when the reader may open it that day."""

    version: UnitVersion
    may_open: bool


@dataclass
class Ending:
    """What became of a unit that no longer exists on the day asked.

    ``how`` is the edge role of the event that closed it (``merged_into``, ``split_into``,
    ``abolished``), ``"renamed"`` when the same unit goes on under another code, or ``""`` when
    no event says. ``successors`` are the units that took it over, as they are on the day asked;
    for an abolished level, ``children`` pairs each unit that now holds what stood under it with
    the units it took over.
    """

    version: UnitVersion
    on: date
    how: str
    successors: list[Place] = field(default_factory=list)
    children: list[tuple[Place, list[UnitVersion]]] = field(default_factory=list)

    @property
    def last_day(self) -> date:
        return self.version.valid_until - timedelta(days=1)


def _successor_versions(unit_id: int, on: date, depth: int = 0) -> list[UnitVersion]:
    """The units ``unit_id`` lives on in as of ``on``: itself when it still exists, else the
    targets of the merges and splits that ended it, followed until they exist on ``on``."""
    current = version_on(unit_id, on)
    if current is not None:
        return [current]
    if depth >= _CHAIN:
        return []
    found: list[UnitVersion] = []
    targets = (
        UnitEventEdge.objects.filter(
            source_id=unit_id,
            role__in=[EdgeRole.MERGED_INTO, EdgeRole.SPLIT_INTO],
            target__isnull=False,
        )
        .exclude(target_id=unit_id)
        .order_by("-is_main", "target_id")
        .values_list("target_id", flat=True)
    )
    for target_id in targets:
        for version in _successor_versions(target_id, on, depth + 1):
            if version not in found:
                found.append(version)
    return found


def successors(unit_id: int, on: date) -> list[UnitVersion]:
    """The units ``unit_id`` lives on in as of ``on`` (itself while it exists), the main
    successor first: where what was recorded under an ended unit counts on that day."""
    return _successor_versions(unit_id, on)


def _places(actor: Actor, versions: list[UnitVersion], on: date) -> list[Place]:
    open_ids = access.units_in_sight(actor, [v.unit_id for v in versions], on)
    return [Place(v, v.unit_id in open_ids) for v in versions]


def ending(*, actor: Actor, code: str, on: date) -> Ending:
    """The story of the unit that carried ``code`` and had ended by ``on`` (404 when there is
    none, or when it was not the actor's to see on its last day)."""
    version = access.access_ended_unit(actor, code, on)
    story = Ending(version=version, on=on, how="")
    later = version_on(version.unit_id, on)
    if later is not None:
        story.how = "renamed"
        story.successors = _places(actor, [later], on)
        return story
    edges = list(
        UnitEventEdge.objects.filter(source_id=version.unit_id, event_id=version.closed_by_id)
        .exclude(role__in=[EdgeRole.CHANGED, EdgeRole.ESTABLISHED])
        .values_list("role", flat=True)
    )
    story.how = edges[0] if edges else ""
    if story.how == EdgeRole.ABOLISHED:
        children = UnitVersion.objects.filter(
            valid_on(story.last_day), parent_id=version.unit_id
        ).order_by("name_folded")
        # Grouped by what each is now: "Xã Thuận Châu ← Thị trấn Thuận Châu, Xã Chiềng Pấc, …"
        # reads as the new map, where 28 lines of "old → new" would repeat the new names.
        groups: dict[int, tuple[UnitVersion, list[UnitVersion]]] = {}
        for child in children:
            for now in _successor_versions(child.unit_id, on):
                groups.setdefault(now.unit_id, (now, []))[1].append(child)
        ordered = sorted(groups.values(), key=lambda group: group[0].name_folded)
        places = _places(actor, [now for now, _olds in ordered], on)
        story.children = [
            (place, olds) for place, (_now, olds) in zip(places, ordered, strict=True)
        ]
    else:
        story.successors = _places(actor, _successor_versions(version.unit_id, on), on)
    return story


class Link(NamedTuple):
    """One step of a unit's lineage: the event, the edge role, and the unit on the other side."""

    event: UnitEvent
    role: str
    other: UnitVersion


def lineage(unit: Unit) -> tuple[list[Link], list[Link]]:
    """The units ``unit`` came from and went to across every recorded event, each as it was on
    the event's eve (a predecessor) or its first day (a successor). A unit that went on as
    itself is neither, and an abolished level's parent is not a successor (its children are)."""
    edges = (
        UnitEventEdge.objects.filter(Q(source=unit) | Q(target=unit))
        .exclude(source_id=F("target_id"))
        .exclude(source__isnull=True)
        .exclude(target__isnull=True)
        .exclude(role=EdgeRole.ABOLISHED)
        .select_related("event")
        .order_by("event__effective", "event_id", "id")
    )
    before: list[Link] = []
    after: list[Link] = []
    for edge in edges:
        day = edge.event.effective
        came_from = edge.target_id == unit.pk
        other_id = edge.source_id if came_from else edge.target_id
        if other_id is None:  # excluded above; said again for the type checker
            continue
        other = version_on(other_id, day - timedelta(days=1) if came_from else day)
        if other is not None:
            (before if came_from else after).append(Link(edge.event, edge.role, other))
    return before, after


@dataclass(frozen=True)
class VillageLists:
    """How much of a unit has its villages listed: a province's "336/336 villages" means little
    when only 12 of its 75 communes have listed any."""

    communes: int
    communes_with_villages: int
    villages: int

    @property
    def partial(self) -> bool:
        return self.communes_with_villages < self.communes


def village_lists(unit: Unit, on: date) -> VillageLists:
    """Counts of the communes under ``unit`` on ``on``, of those with at least one village, and
    of the villages (names and codes are public, as in ``breadcrumbs``: no scope here)."""
    under = tree.subtree(unit, on)
    communes = set(
        UnitVersion.objects.filter(
            valid_on(on), unit_id__in=under, unit__level=Level.COMMUNE
        ).values_list("unit_id", flat=True)
    )
    villages = dict(
        UnitVersion.objects.filter(
            valid_on(on), unit_id__in=under, unit__level=Level.VILLAGE
        ).values_list("unit_id", "parent_id")
    )
    return VillageLists(
        communes=len(communes),
        communes_with_villages=len(communes & set(villages.values())),
        villages=len(villages),
    )


@dataclass(frozen=True)
class ManagedBranch:
    """A unit an officer manages at the top of their hands, and the units just below it: a
    province and its communes, or a commune and its villages."""

    root: UnitVersion
    children: list[UnitVersion]
    label: str  # how the children are named as a group ("Villages of Xã …")


def managed_branches(actor: Actor, on: date) -> list[ManagedBranch]:
    """The units an officer may plan or write for, as forms offer them (campaigns, the
    announcements' composer)."""
    tops = list(
        visible_versions(actor, on)
        .filter(unit__level__in=[Level.PROVINCE, Level.COMMUNE])
        .select_related("unit")
        .order_by("unit__level", "code")
    )
    managed: set[int] = set()
    roots: list[UnitVersion] = []
    below: dict[int, list[UnitVersion]] = {}
    for version in tops:
        if version.parent_id in managed:
            managed.add(version.unit_id)
            below.setdefault(version.parent_id, []).append(version)
        elif access.may_manage_unit(actor, version.unit, on):
            managed.add(version.unit_id)
            roots.append(version)
    branches = []
    for root in roots:
        if root.unit.level == Level.PROVINCE:
            under = sorted(below.get(root.unit_id, []), key=lambda v: v.name)
            label = _("Communes and wards of %(unit)s")
        else:
            under = children(actor=actor, unit=root.unit, on=on)
            label = _("Villages of %(unit)s")
        branches.append(ManagedBranch(root, under, label % {"unit": root.name}))
    return branches
