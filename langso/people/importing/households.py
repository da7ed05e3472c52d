"""Households as the lists form them, and which of their people are known already."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from langso import access
from langso.access import SYSTEM, Actor
from langso.core.bulk import chunks
from langso.core.dates import today
from langso.indicators.models import Population, Status
from langso.indicators.services import (
    catalog,
)
from langso.people.errors import FileError, RowError
from langso.people.importing.departed import (
    departed_by_index,
    departed_members,
    departed_message,
)
from langso.people.importing.rows import ImportReport, Problem, Row, village_key
from langso.people.models import Household, Resident
from langso.people.services import id_holders, id_lookups_audit
from langso.people.spreadsheet import FileRejected, Table, column_letter
from langso.units import selectors as units
from langso.units.models import Level, Unit, UnitVersion


def group_households(rows: list[Row], table: Table, report: ImportReport) -> list[list[Row]]:
    """Households as the list forms them; returns the groups (rows keep their group number).

    A household number, where a row has one, decides. Rows without one (the whole list, when
    it has no such column) follow the lists' own rule: a "Chủ hộ" row starts a household and
    the rows after it belong to it.
    """
    groups: list[list[Row]] = []
    by_number: dict[tuple[str, str], int] = {}
    current = -1
    current_village = ""
    for row in rows:
        if row.household_no:
            key = (village_key(row.village), row.household_no)
            if key not in by_number:
                by_number[key] = len(groups)
                groups.append([])
            row.group = by_number[key]
            groups[row.group].append(row)
            continue
        if row.is_head or current < 0 or village_key(row.village) != current_village:
            if not row.is_head and "relationship" in table.columns:
                _reject(
                    row,
                    table,
                    report,
                    RowError.NO_HEAD,
                    _("This row comes before any “Chủ hộ” row of its household."),
                )
                continue
            groups.append([])
            current = len(groups) - 1
            current_village = village_key(row.village)
        row.group = current
        groups[current].append(row)
    for members in groups:
        heads = [row for row in members if row.is_head]
        for extra in heads[1:]:
            _reject(
                extra,
                table,
                report,
                RowError.HOUSEHOLD_TWO_HEADS,
                _("This household already has a head on row %(row)s.") % {"row": heads[0].number},
            )
            extra.is_head = False
    return groups


def household_companions(groups: list[list[Row]]) -> set[int]:
    """The good rows of each household without a number that also has rejected rows.

    Such a household is known again only by its rows: its head (by name and birth year) or,
    when the head was rejected, the members who went in without one. The file of rejected rows
    carries them, so that corrected rows uploaded again join the household they belong to.
    """
    keep: set[int] = set()
    for members in groups:
        if members and not members[0].household_no and not all(row.ok for row in members):
            keep.update(row.number for row in members if row.ok)
    return keep


def _reject(row: Row, table: Table, report: ImportReport, code: RowError, message: str) -> None:
    key = "relationship" if "relationship" in table.columns else "full_name"
    _problem_at(row, table, report, key, code, message)


def resolve_villages(
    unit: Unit,
    version: UnitVersion,
    rows: list[Row],
    table: Table,
    report: ImportReport,
    create: bool,
) -> tuple[dict[str, Unit | None], list[str]]:
    """Map each row's village to a unit; returns the map (None: to be created) and the new names."""
    if unit.level == Level.VILLAGE:
        return {village_key(row.village): unit for row in rows}, []
    if "village" not in table.columns:
        raise FileRejected(
            FileError.COLUMN_MISSING,
            _("Importing into a commune needs a village column (Thôn, Bản or Tiểu khu)."),
        )
    known = {
        village_key(child.name): child.unit
        for child in units.children(actor=SYSTEM, unit=unit, on=today())
        if child.unit.level == Level.VILLAGE
    }
    mapping: dict[str, Unit | None] = {}
    new_names: dict[str, str] = {}
    for row in rows:
        key = village_key(row.village)
        if key in known:
            mapping[key] = known[key]
        elif not row.village:
            _problem_at(
                row, table, report, "village", RowError.VILLAGE_REQUIRED, _("The village is empty.")
            )
        elif create:
            mapping[key] = None
            new_names.setdefault(key, row.village)
        else:
            _problem_at(
                row,
                table,
                report,
                "village",
                RowError.VILLAGE_UNKNOWN,
                _(
                    "%(commune)s has no village “%(name)s” "
                    "(add it, or tick “Create the villages the list names” when importing)."
                )
                % {"commune": version.name, "name": row.village},
            )
    return mapping, list(new_names.values())


def _problem_at(
    row: Row, table: Table, report: ImportReport, key: str, code: RowError, message: str
) -> None:
    index = table.columns.get(key, 0)
    report.errors.append(
        Problem(
            table.sheet,
            row.number,
            f"{column_letter(index)} ({table.headers.get(key, key)})",
            code,
            message,
        )
    )
    row.ok = False


@dataclass
class Plan:
    outcomes: dict[int, str]  # row number → created / updated / unchanged
    existing: dict[int, Resident]  # row number → the resident it matched
    households: dict[int, Household]  # group → the household it matched
    # row number → the resident holding its ID number out of the importer's sight: the row goes
    # on as if the number were new, kept without its index, and a claim is recorded.
    claims: dict[int, int] = field(default_factory=dict)


def match_known(
    rows: list[Row],
    groups: list[list[Row]],
    village_of: dict[str, Unit | None],
    reach: set[int],
    table: Table,
    report: ImportReport,
    actor: Actor,
) -> Plan:
    """Which households and residents of the list are known already (a fresh list: none).

    An ID number held by someone the importer may see outside the unit imported into is
    refused (ID_TAKEN): the list may not move people out of another commune. A number held by
    someone the importer may not see is not refused, which would tell them it exists: the row
    goes on as if the number were new, and the number waits for an officer who sees both
    (``Plan.claims``); each such look-up is written to the audit log.
    """
    by_index: dict[str, Resident] = {}
    claims: dict[int, int] = {}
    indexed = [row for row in rows if row.ok and row.group >= 0 and row.id_sealed.blind]
    holders = id_holders(row.id_sealed.blind or "" for row in indexed)
    sighted = access.units_in_sight(
        actor, {holder.village_id for found in holders.values() for holder in found}
    )
    for row in indexed:
        holding = holders.get(row.id_sealed.blind or "", [])
        seen = [holder for holder in holding if holder.village_id in sighted]
        inside = next((holder for holder in seen if holder.village_id in reach), None)
        if inside is not None:
            by_index[row.id_sealed.blind or ""] = inside
            if inside.id_index is None:
                # The list's own earlier claim (``id_holders`` puts the holder first): it stays
                # a claim until an officer decides.
                claims[row.number] = holding[0].pk
        elif seen:
            _problem_at(
                row,
                table,
                report,
                "id_number",
                RowError.ID_TAKEN,
                _("This ID number belongs to a resident registered outside this unit."),
            )
        elif holding:
            claims[row.number] = holding[0].pk
    unheld = [row for row in indexed if row.ok and not holders.get(row.id_sealed.blind or "")]
    gone_by_index = departed_by_index(reach) if unheld else {}
    for row in unheld:
        gone = gone_by_index.get(row.id_sealed.blind or "")
        if gone is not None:
            _problem_at(
                row,
                table,
                report,
                "id_number",
                RowError.RESIDENT_DEPARTED_IN_FILE,
                departed_message(gone),
            )
    if claims:
        id_lookups_audit(
            actor=actor,
            holder_ids=list(claims.values()),
            where=f"import of {len(rows)} rows" + (" (check)" if report.dry_run else ""),
        )
    good = [row for row in rows if row.ok and row.group >= 0]
    village_ids = [unit.pk for unit in {u for u in village_of.values() if u is not None}]
    by_number: dict[tuple[int, str], Household] = {}
    for chunk in chunks(sorted({row.household_no for row in good if row.household_no})):
        for numbered in Household.objects.filter(village_id__in=village_ids, number__in=chunk):
            by_number[(numbered.village_id, numbered.number)] = numbered
    heads_by_name: dict[tuple[int, str, int | None], Resident] = {}
    for chunk in chunks(sorted({row.folded for row in good if row.is_head})):
        for known_head in Resident.objects.filter(
            village_id__in=village_ids, is_head=True, full_name_folded__in=chunk
        ).select_related("household"):
            key = (known_head.village_id, known_head.full_name_folded, known_head.birth_year)
            heads_by_name[key] = known_head
    households: dict[int, Household] = {}
    # Groups without a number whose head is not known either: they may be found by members.
    unmatched: list[tuple[int, int]] = []
    for number, members in enumerate(groups):
        if not members:
            continue
        head = next((row for row in members if row.is_head and row.ok), None)
        village = village_of.get(village_key(members[0].village))
        match: Household | None = None
        if village is not None and members[0].household_no:
            match = by_number.get((village.pk, members[0].household_no))
        if match is None and head is not None and head.id_sealed.blind in by_index:
            match = by_index[head.id_sealed.blind or ""].household
        if match is None and head is not None and village is not None:
            found = heads_by_name.get((village.pk, head.folded, head.birth_year))
            match = found.household if found is not None else None
        if match is None and village is not None and not members[0].household_no:
            unmatched.append((number, village.pk))
            continue
        # A household known in another village: the list puts these people somewhere else,
        # so they form a new household there (households do not move between villages).
        if match is not None and village is not None and match.village_id == village.pk:
            households[number] = match
    headless = _headless_households(
        [row for number, _village in unmatched for row in groups[number] if row.ok], village_ids
    )
    for number, village_id in unmatched:
        found_household = _by_members(groups[number], village_id, by_index, headless)
        if found_household is not None:
            households[number] = found_household
    known_members: dict[int, list[Resident]] = defaultdict(list)
    for household_ids in chunks([h.pk for h in households.values()]):
        for member in Resident.objects.filter(household_id__in=household_ids):
            known_members[member.household_id].append(member)
    gone_members = departed_members([h.pk for h in households.values()])
    outcomes: dict[int, str] = {}
    existing: dict[int, Resident] = {}
    for row in good:
        if not row.ok:  # refused above as someone who departed
            continue
        resident: Resident | None = (
            by_index.get(row.id_sealed.blind or "") if row.id_sealed.blind else None
        )
        household = households.get(row.group)
        if resident is None and household is not None:
            resident = next(
                (
                    r
                    for r in known_members[household.pk]
                    if r.full_name_folded == row.folded
                    and r.birth_year == row.birth_year
                    and (row.birth_date is None or r.birth_date in (None, row.birth_date))
                ),
                None,
            )
        if resident is None and household is not None and row.birth_year is not None:
            gone = next(
                (
                    r
                    for r in gone_members.get(household.pk, {}).get(
                        (row.folded, row.birth_year), []
                    )
                    if row.birth_date is None or r.birth_date in (None, row.birth_date)
                ),
                None,
            )
            if gone is not None:
                _problem_at(
                    row,
                    table,
                    report,
                    "full_name",
                    RowError.RESIDENT_DEPARTED_IN_FILE,
                    departed_message(gone),
                )
                continue
        if resident is None:
            outcomes[row.number] = "created"
            continue
        existing[row.number] = resident
    held = _true_statuses([resident.pk for resident in existing.values()])
    resident_codes = {
        indicator.code
        for indicator in catalog().values()
        if indicator.population == Population.RESIDENTS
    }
    for row in good:
        if row.number not in existing:
            continue
        resident = existing[row.number]
        household = households.get(row.group)
        # A resident going to a household that is not matched gets a new one: a change.
        household_id = household.pk if household is not None else -1
        new_marks = (set(row.marks) & resident_codes) - held.get(resident.pk, set())
        changed = changes(resident, row, household_id, row.number in claims) or new_marks
        outcomes[row.number] = "updated" if changed else "unchanged"
    return Plan(outcomes=outcomes, existing=existing, households=households, claims=claims)


# (village, folded name, birth year) → the household without a head that has such a member, or
# None when several have one.
_Headless = dict[tuple[int, str, int | None], Household | None]


def _headless_households(rows: list[Row], village_ids: list[int]) -> _Headless:
    """Households without a head whose members the list names: where the members of a head
    rejected earlier went in, waiting for the corrected head."""
    found: _Headless = {}
    names = sorted({row.folded for row in rows if not row.is_head})
    for chunk in chunks(names):
        for member in Resident.objects.filter(
            village_id__in=village_ids, household__head_name="", full_name_folded__in=chunk
        ).select_related("household"):
            key = (member.village_id, member.full_name_folded, member.birth_year)
            if found.setdefault(key, member.household) != member.household:
                found[key] = None
    return found


def _by_members(
    members: list[Row], village_id: int, by_index: dict[str, Resident], headless: _Headless
) -> Household | None:
    """The household without a head that the group's members (by ID, else by name and birth
    year) live in. Households with a head are never matched this way: members found there
    with a new head are a new household (a son who set up his own, with his wife)."""
    for row in members:
        if not row.ok or row.is_head:
            continue
        known = by_index.get(row.id_sealed.blind or "") if row.id_sealed.blind else None
        if known is not None:
            if known.village_id == village_id and known.household.head_name == "":
                return known.household
            continue
        household = headless.get((village_id, row.folded, row.birth_year))
        if household is not None:
            return household
    return None


def _true_statuses(resident_ids: list[int]) -> dict[int, set[str]]:
    held: dict[int, set[str]] = defaultdict(set)
    for chunk in chunks(resident_ids):
        for resident_id, code in Status.objects.filter(
            resident_id__in=chunk, value=True
        ).values_list("resident_id", "indicator_id"):
            held[resident_id].add(code)
    return held


def _wanted(
    resident: Resident, row: Row, household_id: int | None, claimed: bool = False
) -> dict[str, Any]:
    return {
        "full_name": row.full_name,
        "birth_date": row.birth_date or resident.birth_date,
        "birth_year": row.birth_year or resident.birth_year,
        "sex": row.sex or resident.sex,
        "ethnicity": row.ethnicity or resident.ethnicity,
        "relationship": row.relationship or resident.relationship,
        "is_head": row.is_head,
        "id_index": None if claimed else row.id_sealed.blind or resident.id_index,
        "phone_index": row.phone_sealed.blind or resident.phone_index,
        "household_id": household_id if household_id is not None else resident.household_id,
    }


def changes(
    resident: Resident, row: Row, household_id: int | None, claimed: bool = False
) -> dict[str, Any]:
    """What the row changes of a known resident. A number ``claimed`` out of the importer's
    sight is kept on the resident without its index, shown masked as any other."""
    wanted = _wanted(resident, row, household_id, claimed)
    if claimed:
        wanted["id_masked"] = row.id_sealed.masked
    return {name: value for name, value in wanted.items() if getattr(resident, name) != value}
