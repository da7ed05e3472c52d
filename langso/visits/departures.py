"""Households and residents that left the register, as the phones need to know it.

A pull tells a phone which of the records it holds to drop (tombstones): a resident who died,
was withdrawn, was merged into another or moved out of the member's villages; a household
merged into another (naming the one kept, so the app can open it) or moved out. An event the
phone made before it heard of a merge is redirected to the record kept.
"""

from datetime import datetime
from typing import Any

from django.db.models import Q

from langso.core.bulk import chunks
from langso.people.models import (
    Departure,
    Household,
    HouseholdChange,
    LifeEvent,
    LifeEventKind,
    Resident,
)

# The ``why`` of a resident's tombstone.
MOVED = "moved"


def kept_households(ids: set[int]) -> dict[int, int]:
    """Household id → the household it was merged into, following merges made one after
    another, for those of ``ids`` that were merged (the others are left out)."""
    return _kept(Household.all_objects.filter(merged_into__isnull=False), ids)


def kept_residents(ids: set[int]) -> dict[int, int]:
    """As ``kept_households``, for residents merged into another."""
    return _kept(Resident.all_objects.filter(departed=Departure.MERGED), ids)


def _kept(merged: Any, ids: set[int]) -> dict[int, int]:
    into: dict[int, int] = {}
    wanted = set(ids)
    # A merge chain is short (a record merged into one merged later): a few rounds at most.
    while wanted:
        found = {
            pk: target
            for part in chunks(sorted(wanted))
            for pk, target in merged.filter(pk__in=part).values_list("pk", "merged_into_id")
        }
        into.update(found)
        wanted = set(found.values()) - set(into)
    final: dict[int, int] = {}
    for start in ids:
        if start in into:
            target = into[start]
            while target in into:
                target = into[target]
            final[start] = target
    return final


def tombstones(
    *, villages: set[int], village_names: set[str], since: datetime, until: datetime
) -> dict[str, list[dict[str, Any]]]:
    """What left the member's villages in (since, until]: the records a phone must drop."""
    window = Q(updated_at__gt=since, updated_at__lte=until)
    gone_households = list(
        Household.all_objects.filter(window, merged_into__isnull=False, village_id__in=villages)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # A household moved to a village out of the member's sight: its change names the village
    # it left (a change keeps names as shown), one of the member's.
    moved_households = list(
        HouseholdChange.objects.filter(
            field="village",
            old__in=village_names,
            changed_at__gt=since,
            changed_at__lte=until,
        )
        .exclude(household__village_id__in=villages)
        .values_list("household_id", flat=True)
        .distinct()
    )
    into = kept_households(set(gone_households))
    households = [{"id": pk, "into": into.get(pk)} for pk in gone_households] + [
        {"id": pk, "into": None} for pk in sorted(set(moved_households) - set(gone_households))
    ]
    departed = list(
        Resident.all_objects.filter(window, village_id__in=villages)
        .exclude(departed="")
        .order_by("pk")
        .values_list("pk", "departed")
    )
    merged = kept_residents({pk for pk, why in departed if why == Departure.MERGED})
    residents = [{"id": pk, "why": why, "into": merged.get(pk)} for pk, why in departed]
    moved = (
        LifeEvent.objects.filter(
            kind=LifeEventKind.MOVED,
            from_village_id__in=villages,
            recorded_at__gt=since,
            recorded_at__lte=until,
        )
        .exclude(resident__village_id__in=villages)
        .values_list("resident_id", flat=True)
        .distinct()
    )
    # Those of a household that moved away went with it.
    away = Resident.objects.filter(household_id__in=moved_households).values_list("pk", flat=True)
    shown = {pk for pk, _why in departed}
    residents += [
        {"id": pk, "why": MOVED, "into": None} for pk in sorted((set(moved) | set(away)) - shown)
    ]
    return {"gone_households": households, "gone_residents": residents}
