"""Demo residents at Thuận Châu's real scale, with a year of indicator history.

About 170,000 people in about 36,000 households over the 336 demo villages, an ethnic mix led
by Thái, then Mông, Kinh and Khơ Mú, an age pyramid of a young mountain district, ID numbers
of the right shape (Sơn La's code 014) for most people of 14 and over, phone numbers for many
adults, and for each indicator a baseline a year ago plus a year of progress observed at the
door — all generated, all marked as demo data by their source ("demo").

Written in bulk with the importer's own tools (plain executemany, reserved ids, grouped
population counts, first observations), so ``make run`` builds it in seconds rather than
minutes.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from langso.core import bulk, collector
from langso.core.dates import today
from langso.core.text import fold
from langso.demo.names import family_name, person_name
from langso.indicators import rollups
from langso.indicators.models import Population, Source
from langso.indicators.services import NewObservation, catalog, record_first_observations
from langso.people.importing.writing import HOUSEHOLD_FIELDS, RESIDENT_FIELDS
from langso.people.models import Household, Resident
from langso.people.services import seal_id, seal_phone

# Share of people by ethnicity (Thuận Châu: mostly Thái, then Mông, Kinh and Khơ Mú).
ETHNIC_MIX = (
    ("Thái", 0.66),
    ("Mông", 0.15),
    ("Kinh", 0.11),
    ("Khơ Mú", 0.05),
    ("La Ha", 0.012),
    ("Kháng", 0.01),
    ("Mường", 0.008),
)
# Where each indicator stands a year ago and today, as a share of its population.
PROGRESS = {
    "smartphone": (0.55, 0.72),
    "epayment": (0.30, 0.52),
    "digital_signature": (0.03, 0.12),
    "vneid_l2": (0.35, 0.68),
    "dvc_account": (0.25, 0.50),
    "data_store": (0.08, 0.28),
    "dvc_used": (0.05, 0.18),
    "scam_aware": (0.10, 0.45),
    "ehealth": (0.12, 0.33),
    "household_broadband": (0.22, 0.34),
    "business_ecommerce": (0.10, 0.27),
    "business_qr_payment": (0.30, 0.55),
}
# A parent is at least this much older than their child, in the demo as in the test of it.
PARENT_GAP = 18
ADULT = 18
OLDEST = 95
MOBILE_PREFIXES = ("091", "094", "096", "097", "098", "086", "033", "035", "038", "039", "070")


@dataclass(frozen=True)
class Member:
    """One person of a demo household: relationship to the head, sex, year of birth, name."""

    relationship: str
    female: bool
    born: int
    name: str


def household_members(rng: random.Random, size: int, year: int, ethnicity: str) -> list[Member]:
    """A household of ``size`` people whose relationships, sexes and ages agree.

    The head (mostly a man) is an adult; a spouse is of the other sex and an adult; the head's
    father or mother is at least ``PARENT_GAP`` years older than the head; children are at
    least that much younger than both parents; an older head may live with a daughter-in-law
    and her children (the grandchildren). Children and grandchildren carry their father's
    family name.
    """
    head_age = rng.randint(22, 72)
    head_female = rng.random() < 0.2
    head_family = family_name(rng, ethnicity)
    members = [
        Member(
            "Chủ hộ",
            head_female,
            year - head_age,
            person_name(rng, female=head_female, ethnicity=ethnicity, family=head_family),
        )
    ]
    parent_ages = [head_age]
    father_family = head_family
    if size > 1 and rng.random() < 0.88:
        gap = rng.randint(0, 6)
        age = min(OLDEST, head_age + gap) if head_female else max(ADULT, head_age - gap)
        spouse_family = family_name(rng, ethnicity)
        members.append(
            Member(
                "Chồng" if head_female else "Vợ",
                not head_female,
                year - age,
                person_name(rng, female=not head_female, ethnicity=ethnicity, family=spouse_family),
            )
        )
        parent_ages.append(age)
        if head_female:
            father_family = spouse_family
    if len(members) < size and head_age + PARENT_GAP + 2 <= OLDEST and rng.random() < 0.3:
        female = rng.random() < 0.6
        age = min(OLDEST, head_age + rng.randint(PARENT_GAP + 2, 32))
        family = None if female else head_family
        members.append(
            Member(
                "Mẹ" if female else "Bố",
                female,
                year - age,
                person_name(rng, female=female, ethnicity=ethnicity, family=family),
            )
        )
    if len(members) + 1 < size and head_age >= 2 * PARENT_GAP + 8 and rng.random() < 0.35:
        # A son's wife and their children: the son may work away, as many do.
        in_law_age = rng.randint(ADULT + 2, head_age - PARENT_GAP)
        members.append(
            Member(
                "Con dâu",
                True,
                year - in_law_age,
                person_name(rng, female=True, ethnicity=ethnicity),
            )
        )
        youngest_parent = min(in_law_age, head_age - PARENT_GAP)
        while len(members) < size and youngest_parent >= PARENT_GAP and rng.random() < 0.7:
            female = rng.random() < 0.5
            age = rng.randint(0, min(youngest_parent - PARENT_GAP, 20))
            members.append(
                Member(
                    "Cháu",
                    female,
                    year - age,
                    person_name(rng, female=female, ethnicity=ethnicity, family=head_family),
                )
            )
    eldest_child = min(min(parent_ages) - PARENT_GAP, 40)
    while len(members) < size:
        female = rng.random() < 0.5
        members.append(
            Member(
                "Con",
                female,
                year - rng.randint(0, eldest_child),
                person_name(rng, female=female, ethnicity=ethnicity, family=father_family),
            )
        )
    return members


@dataclass(frozen=True)
class Figures:
    households: int
    residents: int
    observations: int


def _ethnicity(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for name, share in ETHNIC_MIX:
        total += share
        if roll < total:
            return name
    return ETHNIC_MIX[0][0]


def _moment(day: date, rng: random.Random) -> datetime:
    clock = time(rng.randint(7, 17), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, clock))


def build(villages: list[int], *, rng: random.Random, people_per_village: int = 506) -> Figures:
    """Households, residents and a year of observations for ``villages`` (unit ids)."""
    # Like an import, the demo keeps millions of small objects alive (see core.collector).
    with collector.paused():
        return _build(villages, rng=rng, people_per_village=people_per_village)


def _build(villages: list[int], *, rng: random.Random, people_per_village: int) -> Figures:
    now = timezone.now()
    day = today()
    start = day - timedelta(days=365)
    year = day.year
    indicators = catalog()
    households: list[tuple[object, ...]] = []
    residents: list[tuple[object, ...]] = []
    subjects: dict[tuple[str, int, int | None, bool], int] = defaultdict(int)
    resident_subjects: list[rollups.Subject] = []
    household_subjects: list[rollups.Subject] = []
    serial = 0
    for village in villages:
        size = max(1, int(rng.gauss(people_per_village, people_per_village * 0.15)))
        people = 0
        while people < size:
            members = min(rng.choice((2, 3, 4, 4, 5, 5, 6, 7)), size - people)
            people += members
            business = rng.random() < 0.08
            household_index = len(households)
            ethnicity = _ethnicity(rng)
            head_name = ""
            for member in household_members(rng, members, year, ethnicity):
                serial += 1
                born, female, name = member.born, member.female, member.name
                head_name = head_name or name
                id_sealed = phone_sealed = None
                if year - born >= 14 and rng.random() < 0.85:
                    century = (0 if born < 2000 else 2) + (1 if female else 0)
                    id_sealed = seal_id(f"014{century}{born % 100:02d}{serial:06d}")
                if year - born >= 16 and rng.random() < 0.6:
                    prefix = rng.choice(MOBILE_PREFIXES)
                    phone_sealed = seal_phone(f"+84{prefix[1:]}{rng.randint(1_000_000, 9_999_999)}")
                residents.append(
                    (
                        household_index,
                        village,
                        name,
                        fold(name),
                        None,
                        born,
                        "F" if female else "M",
                        ethnicity,
                        member.relationship,
                        member.relationship == "Chủ hộ",
                        "cccd" if id_sealed else "",
                        id_sealed.sealed if id_sealed else None,
                        id_sealed.blind if id_sealed else None,
                        id_sealed.masked if id_sealed else "",
                        phone_sealed.sealed if phone_sealed else None,
                        phone_sealed.blind if phone_sealed else None,
                        phone_sealed.masked if phone_sealed else "",
                        start,
                        now,
                        now,
                    )
                )
                subjects[("resident", village, born, False)] += 1
            households.append((village, "", head_name, business, start, now, now))
            subjects[("household", village, None, business)] += 1
    household_ids = bulk.reserve_ids(Household, len(households))
    bulk.insert_rows(
        Household,
        HOUSEHOLD_FIELDS,
        [(hid, *row) for hid, row in zip(household_ids, households, strict=True)],
    )
    for hid, row in zip(household_ids, households, strict=True):
        household_subjects.append(
            rollups.Subject(
                kind="household",
                id=hid,
                village_id=int(str(row[0])),
                is_business=bool(row[3]),
                since=start,
            )
        )
    resident_ids = bulk.reserve_ids(Resident, len(residents))
    bulk.insert_rows(
        Resident,
        RESIDENT_FIELDS,
        [
            (rid, household_ids[int(str(row[0]))], *row[1:])
            for rid, row in zip(resident_ids, residents, strict=True)
        ],
    )
    for rid, row in zip(resident_ids, residents, strict=True):
        resident_subjects.append(
            rollups.Subject(
                kind="resident",
                id=rid,
                village_id=int(str(row[1])),
                birth_year=int(str(row[5])),
                since=start,
            )
        )
    deltas = rollups.new_deltas()
    rollups.add_new_subjects(deltas, indicators.values(), subjects, start)
    rollups.apply(deltas)
    records = []
    span = (day - start).days
    for code, (before, after) in PROGRESS.items():
        indicator = indicators[code]
        pool = (
            resident_subjects
            if indicator.population == Population.RESIDENTS
            else household_subjects
        )
        for subject in pool:
            if not rollups.in_population(indicator, subject, year):
                continue
            roll = rng.random()
            if roll >= after:
                continue
            # The first share was there a year ago; the rest came door by door since, faster
            # lately, as teams got going.
            if roll < before:
                when = start
            else:
                when = start + timedelta(days=int(span * rng.random() ** 0.7))
            records.append(
                NewObservation(subject, code, True, _moment(when, rng), Source.DEMO, "demo")
            )
    observations = record_first_observations(records)
    return Figures(len(households), len(residents), observations)
