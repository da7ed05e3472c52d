"""Rows naming someone who died or was recorded by mistake: refused, never brought back.

A departure frees the resident's ID index (the number may go to the right person), so without
this a re-imported list that still holds them would create a new living resident. They are
found by the index their departure kept (``LifeEvent.id_index``), or, in a household the list
matched, by folded name and birth as the importer matches the living.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.bulk import chunks
from langso.core.dates import format_date
from langso.people.models import Departure, LifeEvent, LifeEventKind, Resident

# How the row reads the departed resident: their name, birth year and date.
Departed = dict[tuple[str, int | None], list[Resident]]

_GONE = (Departure.DIED, Departure.WITHDRAWN)


def departed_by_index(blinds: Iterable[str], actor: Actor) -> dict[str, Resident]:
    """Blind index → the departed resident who held it, among those the actor may see (one
    out of sight is not named, which would tell that the number exists)."""
    held: dict[str, int] = {}
    for chunk in chunks(sorted(set(blinds))):
        # Only the index column, without a join: on a fresh list nothing matches, and this is
        # one look-up per 5,000 rows of an index that is almost empty.
        for blind, resident_id in (
            LifeEvent.objects.filter(
                id_index__in=chunk, kind__in=[LifeEventKind.DIED, LifeEventKind.WITHDRAWN]
            )
            .order_by("happened_on")
            .values_list("id_index", "resident_id")
        ):
            held[blind or ""] = resident_id
    gone = Resident.all_objects.in_bulk(list(set(held.values())))
    found = {blind: gone[pk] for blind, pk in held.items() if gone[pk].departed in _GONE}
    sighted = access.units_in_sight(actor, {r.village_id for r in found.values()})
    return {blind: r for blind, r in found.items() if r.village_id in sighted}


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
