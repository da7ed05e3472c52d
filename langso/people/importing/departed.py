"""Rows naming someone who died or was recorded by mistake: refused, never brought back.

A departure frees the resident's ID index (the number may go to the right person), so without
this a re-imported list that still holds them would create a new living resident. They are
found by the index their departure kept (``LifeEvent.id_index``), or, in a household the list
matched, by folded name and birth as the importer matches the living.
"""

from django.utils.translation import gettext as _

from langso.core.bulk import chunks
from langso.core.dates import format_date
from langso.people.models import Departure, LifeEvent, LifeEventKind, Resident

# (folded name, birth year) → the residents of a household who died or were withdrawn.
Departed = dict[tuple[str, int | None], list[Resident]]

_GONE = (Departure.DIED, Departure.WITHDRAWN)


def departed_by_index(reach: set[int]) -> dict[str, Resident]:
    """Blind index → the resident who held it and died or was withdrawn, in the units the list
    is imported into. Departures are few beside the living: one look-up for the whole list,
    matched in memory, costs a fresh list next to nothing."""
    held: dict[str, int] = {}
    for part in chunks(sorted(reach)):
        for blind, resident_id in (
            LifeEvent.objects.filter(
                from_village_id__in=part,
                kind__in=[LifeEventKind.DIED, LifeEventKind.WITHDRAWN],
                id_index__isnull=False,
            )
            .order_by("happened_on")
            .values_list("id_index", "resident_id")
        ):
            held[blind or ""] = resident_id
    gone = Resident.all_objects.in_bulk(list(set(held.values())))
    return {blind: gone[pk] for blind, pk in held.items() if gone[pk].departed in _GONE}


def departed_members(household_ids: list[int]) -> dict[int, Departed]:
    """Household → its residents who died or were withdrawn, by (folded name, birth year)."""
    members: dict[int, Departed] = {}
    for chunk in chunks(household_ids):
        for resident in Resident.all_objects.filter(household_id__in=chunk, departed__in=_GONE):
            key = (resident.full_name_folded, resident.birth_year)
            members.setdefault(resident.household_id, {}).setdefault(key, []).append(resident)
    return members


def departed_message(resident: Resident) -> str:
    day = format_date(resident.departed_on) if resident.departed_on else "?"
    if resident.departed == Departure.DIED:
        return _(
            "This person was recorded as died on %(day)s; if that is wrong, correct it on the "
            "resident's page."
        ) % {"day": day}
    return _(
        "This person was recorded by mistake and withdrawn on %(day)s; if that is wrong, "
        "correct it on the resident's page."
    ) % {"day": day}
