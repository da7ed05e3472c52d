"""Every write to administrative units: creating units and applying dated change events.

Events never delete or rewrite the past. A change on day D closes the version that covers D at D
and opens a new one from D, attributed to the event. The actor must manage the units touched
(``langso.access``); ``access.SYSTEM`` is the platform itself (a command run by an operator).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import FOREVER, describe_interval, format_date, today, valid_on
from langso.core.errors import Conflict, DomainError
from langso.core.text import fold, one_line
from langso.units import selectors, tree, tree_hooks
from langso.units.errors import UnitError
from langso.units.models import (
    LEVEL_OF_KIND,
    EdgeRole,
    EventKind,
    Kind,
    Level,
    Unit,
    UnitEvent,
    UnitEventEdge,
    UnitVersion,
)

_ONE_DAY = timedelta(days=1)

# Which levels a unit of each level may sit under. Communes sit under a district before the 2025
# reform and directly under the province after it.
ALLOWED_PARENT_LEVELS: dict[int, tuple[int, ...]] = {
    Level.PROVINCE: (),
    Level.DISTRICT: (Level.PROVINCE,),
    Level.COMMUNE: (Level.PROVINCE, Level.DISTRICT),
    Level.VILLAGE: (Level.COMMUNE,),
}


@dataclass(frozen=True)
class Move:
    """Place a unit under ``target`` from ``event.effective`` (placing villages in history)."""

    event: UnitEvent
    target: Unit


def _name(v: UnitVersion | None) -> str:
    return v.name if v else "?"


def _version_covering(unit: Unit, on: date) -> UnitVersion:
    version = UnitVersion.objects.select_for_update().filter(valid_on(on), unit=unit).first()
    if version is None:
        raise DomainError(
            UnitError.NOT_VALID_ON,
            _("Unit %(unit)s does not exist on %(on)s.")
            % {"unit": str(unit.pk), "on": format_date(on)},
        )
    return version


def _check_parent(kind: str, parent: Unit | None, on: date, *, child: Unit | None = None) -> None:
    level = LEVEL_OF_KIND[kind]
    if parent is None:
        if level != Level.PROVINCE:
            raise DomainError(
                UnitError.PARENT_LEVEL, _("Only a province may stand without a parent unit.")
            )
        return
    parent_version = selectors.version_on(parent, on)
    if parent_version is None:
        raise DomainError(
            UnitError.NOT_VALID_ON,
            _("The parent unit does not exist on %(on)s.") % {"on": format_date(on)},
            field="parent",
        )
    if child is not None and child.pk in tree.ancestor_ids(parent, on):
        raise DomainError(
            UnitError.CYCLE,
            _("%(parent)s lies under the unit itself: that would make a cycle.")
            % {"parent": parent_version.name},
            field="parent",
        )
    if parent.level not in ALLOWED_PARENT_LEVELS[level]:
        raise DomainError(
            UnitError.PARENT_LEVEL,
            _("A %(kind)s cannot sit under %(parent)s.")
            % {"kind": Kind(kind).label, "parent": parent_version.name},
            field="parent",
        )


def _check_code_free(
    code: str | Sequence[str], start: date, until: date, *, unit: Unit | None = None
) -> None:
    codes = [code] if isinstance(code, str) else list(code)
    clash = (
        UnitVersion.objects.filter(code__in=codes, valid_from__lt=until, valid_until__gt=start)
        .exclude(unit=unit)
        .first()
    )
    if clash is not None:
        raise Conflict(
            UnitError.CODE_TAKEN,
            _("Code %(code)s already belongs to %(name)s (%(interval)s).")
            % {
                "code": clash.code,
                "name": clash.name,
                "interval": describe_interval(clash.valid_from, clash.valid_until),
            },
            field="code",
        )


def _lifetime_end(unit: Unit) -> tuple[date, UnitEvent | None]:
    last = UnitVersion.objects.filter(unit=unit).order_by("-valid_from").select_related("closed_by")
    version = last.first()
    if version is None:
        return FOREVER, None
    return version.valid_until, version.closed_by


def _successor(unit: Unit, event: UnitEvent, follow: Mapping[str, Unit]) -> Unit:
    """Where the children of ``unit`` go when ``event`` ends it."""
    edges = list(
        UnitEventEdge.objects.filter(
            event=event,
            source=unit,
            role__in=[EdgeRole.MERGED_INTO, EdgeRole.SPLIT_INTO, EdgeRole.ABOLISHED],
        )
    )
    targets = {edge.target_id: edge for edge in edges if edge.target_id is not None}
    chosen = follow.get(event.key)
    if chosen is not None and chosen.pk in targets:
        return chosen
    if len(targets) == 1:
        return Unit.objects.get(pk=next(iter(targets)))
    main = [edge for edge in edges if edge.is_main]
    if main and main[0].target is not None:
        return main[0].target
    raise DomainError(
        UnitError.SPLIT_NEEDS_TARGET,
        _(
            "%(unit)s was divided on %(on)s (%(basis)s): say which of its successors "
            "the units under it go to."
        )
        % {
            "unit": _name(selectors.version_on(unit, event.effective - _ONE_DAY)),
            "on": format_date(event.effective),
            "basis": event.legal_basis,
        },
    )


@dataclass(frozen=True)
class _Segment:
    start: date
    until: date
    parent: Unit | None
    opened_by: UnitEvent | None
    closed_by: UnitEvent | None


def _place(
    parent: Unit | None,
    start: date,
    *,
    opened_by: UnitEvent | None,
    follow: Mapping[str, Unit],
    moves: Sequence[Move],
) -> list[_Segment]:
    """The parents a new unit has from ``start`` on, following recorded history.

    When a parent ends (merged, divided, abolished) the unit follows it to its successor; moves
    place it elsewhere on their events' dates.
    """
    pending = sorted(moves, key=lambda move: move.event.effective)
    segments: list[_Segment] = []
    current, since, opened = parent, start, opened_by
    while True:
        end, ending = _lifetime_end(current) if current is not None else (FOREVER, None)
        move = next((m for m in pending if since < m.event.effective <= end), None)
        if move is not None:
            segments.append(_Segment(since, move.event.effective, current, opened, move.event))
            pending.remove(move)
            current, since, opened = move.target, move.event.effective, move.event
            if selectors.version_on(current, since) is None:
                raise DomainError(
                    UnitError.NOT_VALID_ON,
                    _("The target unit does not exist on %(on)s.") % {"on": format_date(since)},
                )
            continue
        if end == FOREVER or ending is None or current is None:
            segments.append(_Segment(since, end, current, opened, ending))
            return segments
        segments.append(_Segment(since, end, current, opened, ending))
        current, since, opened = _successor(current, ending, follow), end, ending


def _versions(
    unit: Unit, code: str, name: str, kind: str, segments: Sequence[_Segment]
) -> list[UnitVersion]:
    """A new unit's versions: one per stretch of its life under one parent."""
    return [
        UnitVersion(
            unit=unit,
            code=code,
            name=name,
            name_folded=fold(name),
            kind=kind,
            parent=segment.parent,
            valid_from=segment.start,
            valid_until=segment.until,
            opened_by=segment.opened_by,
            closed_by=segment.closed_by,
        )
        for segment in segments
    ]


def _next_village_code(parent: Unit, on: date) -> str:
    parent_version = selectors.version_on(parent, on)
    prefix = f"{parent_version.code if parent_version else parent.pk}."
    taken = UnitVersion.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(code[len(prefix) :]) for code in taken if code[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def event_record(
    *,
    actor: Actor,
    key: str,
    kind: EventKind,
    effective: date,
    legal_basis: str,
    note: str = "",
) -> UnitEvent:
    access.access_reform_events(actor)
    if UnitEvent.objects.filter(key=key).exists():
        raise Conflict(
            UnitError.EVENT_EXISTS, _("Event %(key)s is already recorded.") % {"key": key}
        )
    return UnitEvent.objects.create(
        key=key,
        kind=kind,
        effective=effective,
        legal_basis=legal_basis.strip(),
        note=note,
        recorded_by_id=access.actor_id(actor),
    )


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    name: str,
    kind: Kind,
    parent: Unit | None,
    code: str | None = None,
    valid_from: date | None = None,
    event: UnitEvent | None = None,
    follow: Mapping[str, Unit] | None = None,
    moves: Sequence[Move] = (),
) -> Unit:
    """Create a unit under ``parent`` from ``valid_from`` (default: today).

    A unit placed in the past under a parent that has since been merged or divided follows it
    to its successors; ``follow`` (event key → successor) chooses where a division leaves
    several, and ``moves`` records later moves (a village that went to another commune).
    Villages without a code get a local one: the parent's code, a dot and a number.
    """
    clean_name = one_line(name)
    if not clean_name:
        raise DomainError(UnitError.NAME_REQUIRED, _("The unit needs a name."), field="name")
    start = valid_from or (event.effective if event else today())
    if parent is not None:
        access.access_unit(actor, parent, start, manage=True)
    else:
        access.access_new_root(actor)
    _check_parent(kind, parent, start)
    segments = _place(parent, start, opened_by=event, follow=follow or {}, moves=moves)
    if kind == Kind.VILLAGE and not code and parent is not None:
        code = _next_village_code(parent, start)
    if not code:
        raise DomainError(UnitError.CODE_REQUIRED, _("The unit needs a code."), field="code")
    _check_code_free(code, start, segments[-1].until)
    unit = Unit.objects.create(level=LEVEL_OF_KIND[kind])
    UnitVersion.objects.bulk_create(_versions(unit, code, clean_name, kind, segments))
    if event is not None:
        UnitEventEdge.objects.get_or_create(
            event=event, role=EdgeRole.ESTABLISHED, source=None, target=unit
        )
    return unit


@transaction.atomic
def villages_create(*, actor: Actor, names: Sequence[str], parent: Unit) -> list[Unit]:
    """Create villages under the commune ``parent`` from today, one per name, in that order.

    What ``unit_create`` does for a village, done once for them all: an import that names a
    few hundred new villages checks the commune, its future and the free codes in one go.
    """
    clean = [one_line(name) for name in names]
    if not clean:
        return []
    if not all(clean):
        raise DomainError(UnitError.NAME_REQUIRED, _("The unit needs a name."), field="name")
    start = today()
    access.access_unit(actor, parent, start, manage=True)
    _check_parent(Kind.VILLAGE, parent, start)
    segments = _place(parent, start, opened_by=None, follow={}, moves=())
    first = _next_village_code(parent, start)
    prefix, number = first.rsplit(".", 1)
    codes = [f"{prefix}.{int(number) + offset:03d}" for offset in range(len(clean))]
    _check_code_free(codes, start, segments[-1].until)
    units = Unit.objects.bulk_create(Unit(level=Level.VILLAGE) for _name in clean)
    UnitVersion.objects.bulk_create(
        version
        for unit, code, name in zip(units, codes, clean, strict=True)
        for version in _versions(unit, code, name, Kind.VILLAGE, segments)
    )
    return units


def _successor_version(
    unit: Unit, event: UnitEvent, **changes: object
) -> tuple[UnitVersion, UnitVersion]:
    """Close the version covering ``event.effective`` and open one with ``changes``."""
    on = event.effective
    current = _version_covering(unit, on)
    if current.valid_until != FOREVER:
        raise DomainError(
            UnitError.LATER_CHANGES,
            _(
                "%(name)s already has a change recorded after %(on)s; "
                "record changes in the order of their dates."
            )
            % {"name": current.name, "on": format_date(on)},
        )
    if current.valid_from == on:
        if current.opened_by_id != event.pk:
            raise DomainError(
                UnitError.OVERLAP,
                _("%(name)s already changed on %(on)s; one event per unit and day.")
                % {"name": current.name, "on": format_date(on)},
            )
        for field, value in changes.items():
            setattr(current, field, value)
        current.name_folded = fold(current.name)
        current.save()
        return current, current
    current.valid_until = on
    current.closed_by = event
    current.save(update_fields=["valid_until", "closed_by"])
    fresh = UnitVersion(
        unit=unit,
        code=current.code,
        name=current.name,
        kind=current.kind,
        parent=current.parent,
        valid_from=on,
        valid_until=FOREVER,
        opened_by=event,
    )
    for field, value in changes.items():
        setattr(fresh, field, value)
    fresh.name_folded = fold(fresh.name)
    fresh.save()
    return current, fresh


def _end(unit: Unit, event: UnitEvent) -> UnitVersion:
    on = event.effective
    current = _version_covering(unit, on)
    if current.valid_from >= on:
        raise DomainError(
            UnitError.OVERLAP,
            _("%(name)s begins on %(on)s and cannot end the same day.")
            % {"name": current.name, "on": format_date(on)},
        )
    if current.valid_until != FOREVER:
        raise DomainError(
            UnitError.LATER_CHANGES,
            _(
                "%(name)s already has a change recorded after %(on)s; "
                "record changes in the order of their dates."
            )
            % {"name": current.name, "on": format_date(on)},
        )
    current.valid_until = on
    current.closed_by = event
    current.save(update_fields=["valid_until", "closed_by"])
    return current


def _children_on(unit: Unit, on: date) -> list[UnitVersion]:
    return list(
        UnitVersion.objects.filter(valid_on(on), parent=unit)
        .select_related("unit")
        .order_by("code")
    )


def _move_children(source: Unit, target: Unit, event: UnitEvent) -> None:
    for child in _children_on(source, event.effective):
        _successor_version(child.unit, event, parent=target)


@transaction.atomic
def units_merge(
    *,
    actor: Actor,
    event: UnitEvent,
    sources: Sequence[Unit],
    name: str,
    kind: Kind,
    code: str,
    parent: Unit | None,
) -> Unit:
    """End ``sources`` on the event's date and establish one new unit holding all they held."""
    on = event.effective
    if not sources:
        raise DomainError(UnitError.SOURCES_REQUIRED, _("A merger needs at least one unit."))
    for source in sources:
        access.access_unit(actor, source, on - _ONE_DAY, manage=True)
    for source in sources:
        _end(source, event)
    # The new unit is placed by the same actor, so its parent is checked against them too.
    target = unit_create(
        actor=actor, name=name, kind=kind, parent=parent, code=code, valid_from=on, event=event
    )
    for source in sources:
        UnitEventEdge.objects.create(
            event=event, role=EdgeRole.MERGED_INTO, source=source, target=target
        )
        _move_children(source, target, event)
    tree_hooks.tree_changed()
    return target


@transaction.atomic
def unit_split(
    *,
    actor: Actor,
    event: UnitEvent,
    source: Unit,
    assignments: Mapping[Unit, Unit],
    end_source: bool,
    main: Unit | None = None,
) -> None:
    """Move children of ``source`` (villages) to other units; optionally end ``source``.

    When ``source`` ends, every child it has on that day must be assigned, or the change is
    refused: no village is ever left without a commune.
    """
    on = event.effective
    access.access_unit(actor, source, on - _ONE_DAY, manage=True)
    kids = {version.unit_id: version for version in _children_on(source, on)}
    strangers = [child for child in assignments if child.pk not in kids]
    if strangers:
        raise DomainError(
            UnitError.NOT_VALID_ON,
            _("%(count)s of the units to move are not under %(name)s on %(on)s.")
            % {
                "count": len(strangers),
                "name": _name(selectors.version_on(source, on - _ONE_DAY)),
                "on": format_date(on),
            },
        )
    if end_source:
        left = [
            version.name for uid, version in kids.items() if uid not in {c.pk for c in assignments}
        ]
        if left:
            raise DomainError(
                UnitError.WOULD_ORPHAN,
                _("Ending %(name)s would leave these without a parent unit: %(left)s.")
                % {
                    "name": _name(selectors.version_on(source, on - _ONE_DAY)),
                    "left": ", ".join(left),
                },
                details={"orphans": left},
            )
    targets = {target.pk: target for target in assignments.values()}
    if main is not None:
        targets.setdefault(main.pk, main)
    for target in targets.values():
        access.access_unit(actor, target, on, manage=True)
        UnitEventEdge.objects.get_or_create(
            event=event,
            role=EdgeRole.SPLIT_INTO,
            source=source,
            target=target,
            defaults={"is_main": main is not None and target.pk == main.pk},
        )
    for child, target in assignments.items():
        _check_parent(kids[child.pk].kind, target, on, child=child)
        _successor_version(child, event, parent=target)
    if end_source:
        _end(source, event)
    tree_hooks.tree_changed()


@transaction.atomic
def unit_change(
    *,
    actor: Actor,
    event: UnitEvent,
    unit: Unit,
    name: str | None = None,
    code: str | None = None,
    kind: Kind | None = None,
    parent: Unit | object | None = ...,
) -> UnitVersion:
    """Rename, re-code, re-kind or re-parent ``unit`` from the event's date."""
    on = event.effective
    access.access_unit(actor, unit, on, manage=True)
    current = _version_covering(unit, on)
    changes: dict[str, object] = {}
    if name is not None and one_line(name) != current.name:
        changes["name"] = one_line(name)
    if code is not None and code != current.code:
        _check_code_free(code, on, FOREVER, unit=unit)
        changes["code"] = code
    if kind is not None and kind != current.kind:
        if LEVEL_OF_KIND[kind] != unit.level:
            raise DomainError(
                UnitError.PARENT_LEVEL, _("A change of kind cannot change the level of a unit.")
            )
        changes["kind"] = kind
    if parent is not ... and (parent.pk if isinstance(parent, Unit) else None) != current.parent_id:
        new_parent = parent if isinstance(parent, Unit) else None
        if new_parent is not None:
            access.access_unit(actor, new_parent, on, manage=True)
        _check_parent(str(changes.get("kind", current.kind)), new_parent, on, child=unit)
        changes["parent"] = new_parent
    if not changes:
        return current
    _old, fresh = _successor_version(unit, event, **changes)
    UnitEventEdge.objects.get_or_create(
        event=event, role=EdgeRole.CHANGED, source=unit, target=unit
    )
    if "parent" in changes:
        tree_hooks.tree_changed()
    return fresh


@transaction.atomic
def level_abolish(*, actor: Actor, event: UnitEvent, province: Unit, level: Level) -> int:
    """End every unit of ``level`` under ``province``; their children move up to the province.

    Returns the number of units ended.
    """
    on = event.effective
    access.access_unit(actor, province, on, manage=True)
    doomed = [v for v in _children_on(province, on) if v.unit.level == level]
    for version in doomed:
        _move_children(version.unit, province, event)
        _end(version.unit, event)
        UnitEventEdge.objects.create(
            event=event, role=EdgeRole.ABOLISHED, source=version.unit, target=province
        )
    tree_hooks.tree_changed()
    return len(doomed)
