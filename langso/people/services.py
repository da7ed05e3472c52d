"""Every write to households, residents and consent, one at a time.

The spreadsheet import (``importing.py``) writes in bulk through the same rules: the same
validators, the same vault, the same roll-up deltas.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.audit import audit_record
from langso.core.bulk import chunks
from langso.core.dates import today
from langso.core.errors import Conflict, DomainError
from langso.core.models import AuditAction, AuditEntry
from langso.core.phone import mask_phone, normalize_phone
from langso.core.text import fold, one_line
from langso.core.validators import mask_id, parse_id_number
from langso.core.vault import vault
from langso.indicators import rollups
from langso.indicators.models import Status
from langso.indicators.services import catalog
from langso.people.errors import PeopleError, RowError
from langso.people.ethnicity import match_ethnicity
from langso.people.models import (
    Consent,
    Household,
    IdConflict,
    IdConflictResolution,
    Resident,
)
from langso.units.models import Unit

ID_PURPOSE = "id_number"
PHONE_PURPOSE = "phone"


@dataclass(frozen=True)
class ResidentData:
    full_name: str
    birth_date: date | None = None
    birth_year: int | None = None
    sex: str = ""
    ethnicity: str = ""
    relationship: str = ""
    is_head: bool = False
    id_number: str = ""
    phone: str = ""


class Sealed(NamedTuple):
    """An ID or phone number as it is stored: sealed, blind-indexed, masked.

    A named tuple rather than a frozen dataclass: an import makes one per number, and a tuple
    is built several times faster.
    """

    sealed: bytes | None
    blind: str | None  # the blind index
    masked: str


NOTHING = Sealed(None, None, "")


def seal_id(number: str) -> Sealed:
    box = vault()
    return Sealed(box.seal(ID_PURPOSE, number), box.index(ID_PURPOSE, number), mask_id(number))


def seal_phone(e164: str) -> Sealed:
    box = vault()
    return Sealed(box.seal(PHONE_PURPOSE, e164), box.index(PHONE_PURPOSE, e164), mask_phone(e164))


def id_index(number: str) -> str:
    return vault().index(ID_PURPOSE, number)


def resident_subject(resident: Resident) -> rollups.Subject:
    return rollups.Subject(
        kind="resident",
        id=resident.pk,
        village_id=resident.village_id,
        birth_year=resident.birth_year,
        since=resident.counted_since,
    )


def household_subject(household: Household) -> rollups.Subject:
    return rollups.Subject(
        kind="household",
        id=household.pk,
        village_id=household.village_id,
        is_business=household.is_business,
        since=household.counted_since,
    )


def _statuses(subject: rollups.Subject) -> dict[str, bool]:
    return dict(
        Status.objects.filter(**{f"{subject.kind}_id": subject.id}).values_list(
            "indicator_id", "value"
        )
    )


def _short(text: str, limit: int, field: str) -> str:
    clean = one_line(text)
    if len(clean) > limit:
        raise DomainError(
            RowError.TEXT_TOO_LONG,
            _("At most %(limit)s characters fit here (%(length)s given).")
            % {"limit": limit, "length": len(clean)},
            field=field,
        )
    return clean


def clean_resident(data: ResidentData) -> tuple[ResidentData, Sealed, Sealed, str]:
    """Validate one resident; returns the cleaned data, sealed ID and phone, and the ID kind."""
    name = _short(data.full_name, 150, "full_name")
    if not name:
        raise DomainError(RowError.NAME_REQUIRED, _("Enter the full name."), field="full_name")
    if data.sex not in ("", "M", "F"):
        raise DomainError(RowError.SEX_INVALID, _("The sex is Nam (M) or Nữ (F)."), field="sex")
    birth_year = data.birth_date.year if data.birth_date else data.birth_year
    if data.birth_date and data.birth_date > today():
        raise DomainError(
            RowError.BIRTH_FUTURE, _("The date of birth is in the future."), field="birth"
        )
    ethnicity = ""
    if data.ethnicity.strip():
        found = match_ethnicity(data.ethnicity)
        if found is None:
            raise DomainError(
                RowError.ETHNICITY_UNKNOWN,
                _("“%(value)s” is not one of Vietnam's 54 ethnic groups.")
                % {"value": data.ethnicity},
                field="ethnicity",
            )
        ethnicity = found
    id_sealed, id_kind = NOTHING, ""
    if data.id_number.strip():
        parsed = parse_id_number(
            data.id_number,
            birth_date=data.birth_date,
            birth_year=birth_year,
            sex=data.sex if data.sex in ("M", "F") else None,  # type: ignore[arg-type]
        )
        id_sealed, id_kind = seal_id(parsed.number), parsed.kind
    phone_sealed = NOTHING
    if data.phone.strip():
        phone_sealed = seal_phone(normalize_phone(data.phone))
    cleaned = ResidentData(
        full_name=name,
        birth_date=data.birth_date,
        birth_year=birth_year,
        sex=data.sex,
        ethnicity=ethnicity,
        relationship=_short(data.relationship, 60, "relationship"),
        is_head=data.is_head,
        id_number="",
        phone="",
    )
    return cleaned, id_sealed, phone_sealed, id_kind


@transaction.atomic
def household_create(
    *,
    actor: Actor,
    village: Unit,
    number: str = "",
    head_name: str = "",
    is_business: bool = False,
    day: date | None = None,
) -> Household:
    access.access_village(actor, village)
    day = day or today()
    household = Household.objects.create(
        village=village,
        number=_short(number, 30, "number"),
        head_name=_short(head_name, 150, "head_name"),
        is_business=is_business,
        counted_since=day,
    )
    deltas = rollups.new_deltas()
    rollups.add_membership(deltas, catalog().values(), household_subject(household), {}, day)
    rollups.apply(deltas)
    return household


@transaction.atomic
def resident_create(
    *, actor: Actor, household: Household, data: ResidentData, day: date | None = None
) -> Resident:
    access.access_village(actor, household.village)
    if household.merged_into_id is not None:
        # Its page is still open (it says where its people went); nobody joins it any more.
        raise Conflict(
            PeopleError.HOUSEHOLD_MERGED,
            _("This household was merged into another one: add the person there."),
            field="household",
        )
    cleaned, id_sealed, phone_sealed, id_kind = clean_resident(data)
    if cleaned.is_head and household.residents.filter(is_head=True).exists():
        raise Conflict(
            RowError.HOUSEHOLD_TWO_HEADS,
            _("This household already has a head."),
            field="is_head",
        )
    out_of_sight = id_holder_out_of_sight(actor, id_sealed.blind) if id_sealed.blind else None
    day = day or today()
    resident = Resident.objects.create(
        household=household,
        village_id=household.village_id,
        full_name=cleaned.full_name,
        full_name_folded=fold(cleaned.full_name),
        birth_date=cleaned.birth_date,
        birth_year=cleaned.birth_year,
        sex=cleaned.sex,
        ethnicity=cleaned.ethnicity,
        relationship=cleaned.relationship,
        is_head=cleaned.is_head,
        id_kind=id_kind,
        id_sealed=id_sealed.sealed,
        id_index=None if out_of_sight else id_sealed.blind,
        id_masked=id_sealed.masked,
        phone_sealed=phone_sealed.sealed,
        phone_index=phone_sealed.blind,
        phone_masked=phone_sealed.masked,
        counted_since=day,
    )
    if out_of_sight is not None:
        id_lookups_audit(actor=actor, holder_ids=[out_of_sight], where="resident_create")
        id_claims_record(
            actor=actor, claims=[IdClaim(resident.pk, out_of_sight, id_sealed, id_kind)]
        )
    if cleaned.is_head and not household.head_name:
        household.head_name = cleaned.full_name
        household.save(update_fields=["head_name", "updated_at"])
    deltas = rollups.new_deltas()
    rollups.add_membership(deltas, catalog().values(), resident_subject(resident), {}, day)
    rollups.apply(deltas)
    return resident


# ID numbers held out of sight ------------------------------------------------------------------


def _id_taken() -> Conflict:
    return Conflict(
        RowError.ID_TAKEN,
        _("A resident with this ID number is already registered."),
        field="id_number",
    )


def id_holders(blinds: Iterable[str]) -> dict[str, list[Resident]]:
    """Who holds each number (by blind index): the resident it is indexed on, then the
    residents with an open claim on it."""
    found: dict[str, list[Resident]] = defaultdict(list)
    for chunk in chunks(sorted(set(blinds))):
        for holder in Resident.objects.filter(id_index__in=chunk).select_related("household"):
            found[holder.id_index or ""].insert(0, holder)
        claims = IdConflict.objects.filter(id_index__in=chunk, resolved_at__isnull=True)
        for claim in claims.select_related("claimant__household"):
            found[claim.id_index].append(claim.claimant)
    return found


def id_holder_out_of_sight(actor: Actor, blind: str) -> int | None:
    """The id of the resident holding a number that the actor gives for someone, when the
    actor may not see them (a claim is then recorded, and the caller hears nothing); None when
    the number is free. A holder the actor may see makes it ID_TAKEN, as it always did."""
    holders = id_holders([blind]).get(blind, [])
    if not holders:
        return None
    sighted = access.units_in_sight(actor, {holder.village_id for holder in holders})
    if any(holder.village_id in sighted for holder in holders):
        raise _id_taken()
    return holders[0].pk


class IdClaim(NamedTuple):
    claimant_id: int
    holder_id: int
    number: Sealed
    kind: str


def id_claims_record(*, actor: Actor, claims: Sequence[IdClaim]) -> int:
    """Record claims on numbers held out of the actor's sight, once each (a list imported again
    claims nothing new), each written to the audit log. Returns how many were new."""
    if not claims:
        return 0
    open_claims = set(
        IdConflict.objects.filter(
            claimant_id__in=[claim.claimant_id for claim in claims], resolved_at__isnull=True
        ).values_list("claimant_id", "id_index")
    )
    fresh = [
        claim for claim in claims if (claim.claimant_id, claim.number.blind) not in open_claims
    ]
    IdConflict.objects.bulk_create(
        IdConflict(
            claimant_id=claim.claimant_id,
            holder_id=claim.holder_id,
            id_index=claim.number.blind or "",
            id_sealed=claim.number.sealed,
            id_masked=claim.number.masked,
            id_kind=claim.kind,
            created_by_id=access.actor_id(actor),
        )
        for claim in fresh
    )
    return len(fresh)


def id_lookups_audit(*, actor: Actor, holder_ids: Sequence[int], where: str) -> None:
    """Each look-up that found a number held out of the actor's sight, in the audit log."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor_id=access.actor_id(actor),
            action=AuditAction.ID_CONFLICT,
            object_type="resident",
            object_id=str(holder_id),
            reason=where[:300],
        )
        for holder_id in holder_ids
    )


@transaction.atomic
def id_conflict_resolve(
    *, actor: Actor, conflict: IdConflict, resolution: IdConflictResolution | str
) -> IdConflict:
    """An officer who sees both residents decides who holds the number: the holder keeps it
    (the claimant's copy is dropped) or the claimant gets it (the holder's is dropped and the
    claimant's indexed). Other open claims on the number then face the new holder."""
    access.access_id_conflict(actor, conflict.pk)
    conflict = IdConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.resolved_at is not None:
        raise Conflict(
            PeopleError.ID_CONFLICT_CLOSED, _("Someone has already decided this."), field="decision"
        )
    if resolution not in IdConflictResolution.values:
        raise DomainError(
            PeopleError.ID_CONFLICT_DECISION,
            _("Choose who keeps the ID number."),
            field="decision",
        )
    claimant = Resident.objects.select_for_update().get(pk=conflict.claimant_id)
    holder = Resident.objects.select_for_update().get(pk=conflict.holder_id)
    bare = {"id_sealed": None, "id_index": None, "id_masked": "", "id_kind": ""}
    if resolution == IdConflictResolution.HOLDER_KEEPS:
        Resident.objects.filter(pk=claimant.pk).update(**bare, updated_at=timezone.now())
        keeper = holder
    else:
        Resident.objects.filter(pk=holder.pk).update(**bare, updated_at=timezone.now())
        Resident.objects.filter(pk=claimant.pk).update(
            id_sealed=conflict.id_sealed,
            id_index=conflict.id_index,
            id_masked=conflict.id_masked,
            id_kind=conflict.id_kind,
            updated_at=timezone.now(),
        )
        keeper = claimant
    IdConflict.objects.filter(id_index=conflict.id_index, resolved_at__isnull=True).exclude(
        pk=conflict.pk
    ).update(holder=keeper)
    conflict.resolution = resolution
    conflict.resolved_at = timezone.now()
    conflict.resolved_by_id = access.actor_id(actor)
    conflict.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    audit_record(
        actor=actor,
        action=AuditAction.ID_CONFLICT_RESOLVE,
        object_type="resident",
        object_id=str(keeper.pk),
        reason=str(IdConflictResolution(resolution).label),
        detail={"claimant": claimant.pk, "holder": holder.pk},
    )
    return conflict


@transaction.atomic
def resident_move(*, actor: Actor, resident: Resident, household: Household) -> Resident:
    """Move a resident to another household (perhaps in another village), roll-ups following."""
    access.access_village(actor, resident.village)
    access.access_village(actor, household.village)
    day = today()
    indicators = catalog().values()
    before = resident_subject(resident)
    statuses = _statuses(before)
    deltas = rollups.new_deltas()
    rollups.add_membership(deltas, indicators, before, statuses, day, sign=-1)
    resident.household = household
    resident.village_id = household.village_id
    if resident.village_id != before.village_id:
        # Counted in the other village from today: observations made before count there from
        # today too, and the figures of the village they left stay as they were.
        resident.counted_since = day
    resident.save(update_fields=["household", "village", "counted_since", "updated_at"])
    Status.objects.filter(resident=resident).update(
        village_id=household.village_id, changed_at=timezone.now()
    )
    rollups.add_membership(deltas, indicators, resident_subject(resident), statuses, day)
    rollups.apply(deltas)
    return resident


@transaction.atomic
def resident_correct(
    *, actor: Actor, resident: Resident, full_name: str = "", birth_year: int | None = None
) -> Resident:
    """A corrected name or year of birth (blank / None: unchanged), roll-ups following the age.

    Added for the field app's corrections an officer accepts (langso/visits); the full editing
    of a resident lives beside it."""
    access.access_village(actor, resident.village)
    day = today()
    indicators = list(catalog().values())
    before = resident_subject(resident)
    statuses = _statuses(before)
    deltas = rollups.new_deltas()
    rollups.add_membership(deltas, indicators, before, statuses, day, sign=-1)
    if full_name.strip():
        name = _short(full_name, 150, "full_name")
        resident.full_name, resident.full_name_folded = name, fold(name)
    if birth_year is not None:
        resident.birth_year = birth_year
        if resident.birth_date is not None and resident.birth_date.year != birth_year:
            resident.birth_date = None
    if rollups.enters(indicators, before, resident_subject(resident)):
        resident.counted_since = day
    resident.save(
        update_fields=[
            "full_name",
            "full_name_folded",
            "birth_year",
            "birth_date",
            "counted_since",
            "updated_at",
        ]
    )
    rollups.add_membership(deltas, indicators, resident_subject(resident), statuses, day)
    rollups.apply(deltas)
    return resident


def resident_reveal(*, actor: Actor, resident: Resident, what: str, reason: str) -> str:
    """The full ID or phone number, for someone who may see the resident and says why.

    Every call is written to the audit log, whether or not the number exists.
    """
    access.access_resident(actor, resident)
    if what not in ("id", "phone"):
        raise DomainError(
            RowError.WHAT_UNKNOWN, _("Only the ID or the phone number can be shown."), field="what"
        )
    reason = one_line(reason)
    if not reason:
        raise DomainError(
            RowError.REASON_REQUIRED, _("Say why you need to see the full number."), field="reason"
        )
    sealed = resident.id_sealed if what == "id" else resident.phone_sealed
    action = AuditAction.REVEAL_ID if what == "id" else AuditAction.REVEAL_PHONE
    audit_record(
        actor=actor,
        action=action,
        object_type="resident",
        object_id=str(resident.pk),
        reason=reason,
    )
    if sealed is None:
        return ""
    return vault().open(ID_PURPOSE if what == "id" else PHONE_PURPOSE, bytes(sealed))


@transaction.atomic
def consent_record(
    *, actor: Actor, resident: Resident, given: bool, purpose: str, on: date | None = None
) -> Consent:
    access.access_village(actor, resident.village)
    clean = _short(purpose, 200, "purpose")
    if not clean:
        raise DomainError(
            RowError.PURPOSE_REQUIRED, _("Say what the consent is for."), field="purpose"
        )
    return Consent.objects.create(
        resident=resident,
        given=given,
        purpose=clean,
        recorded_on=on or today(),
        recorded_by_id=access.actor_id(actor),
    )
