"""People to send to, built through the services: on top of ``tests.roles``' world, residents
of villages A1, A2 and B1 (some consenting to announcements, some not, some with no phone) and
team members with logins, numbers and email addresses."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from langso.access import SYSTEM
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import services as people
from langso.people.models import CONTACT_PURPOSE, Resident
from langso.teams import services as teams
from langso.teams.models import Person, TeamRole
from tests.roles import World

PHONES = iter(f"+849{n:08d}" for n in range(10_000, 99_999))


@dataclass
class Town:
    world: World
    # Village A1: Xuân consents and has a phone; Lan consents, aged 70, scam-aware already;
    # Páo consents, 65, not scam-aware; Tòng has no phone; Mùa never consented; Vi withdrew.
    xuan: Resident
    lan: Resident
    pao: Resident
    tong: Resident
    mua: Resident
    vi: Resident
    # Village B1 (the other commune): Inh consents.
    inh: Resident
    leader_person: Person
    member_person: Person


def resident(
    world: World,
    village: object,
    name: str,
    *,
    born: int,
    phone: bool = True,
    consent: bool | None = True,
) -> Resident:
    household = people.household_create(actor=SYSTEM, village=village)  # type: ignore[arg-type]
    data = people.ResidentData(full_name=name, birth_year=born, phone=next(PHONES) if phone else "")
    found = people.resident_create(actor=SYSTEM, household=household, data=data)
    if consent is not None:
        people.consent_record(actor=SYSTEM, resident=found, given=True, purpose=CONTACT_PURPOSE)
        if not consent:
            people.consent_record(
                actor=SYSTEM, resident=found, given=False, purpose=CONTACT_PURPOSE
            )
    return found


def build_town(world: World) -> Town:
    year = timezone.localdate().year
    xuan = resident(world, world.village_a1, "Lò Thị Xuân", born=year - 30)
    lan = resident(world, world.village_a1, "Vì Thị Lan", born=year - 70)
    pao = resident(world, world.village_a1, "Giàng A Páo", born=year - 65)
    tong = resident(world, world.village_a1, "Lò Văn Tòng", born=year - 40, phone=False)
    mua = resident(world, world.village_a1, "Mùa A Chá", born=year - 50, consent=None)
    vi = resident(world, world.village_a1, "Lường Thị Vi", born=year - 45, consent=False)
    inh = resident(world, world.village_b1, "Quàng Thị Inh", born=year - 33)
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code="scam_aware"),
        subject=people.resident_subject(lan),
        value=True,
        observed_at=timezone.now() - timedelta(hours=1),
        source=Source.MANUAL,
    )
    # The leader of A1 (world.leader's login) and world.member, each with a number; the
    # member has an email address too.
    leader = teams.member_add(
        actor=SYSTEM,
        team=world.team_a1,
        full_name="Lò Văn Sơn",
        phone=next(PHONES),
        role=TeamRole.DEPUTY,
    )
    teams.person_link_user(person_id=leader.person_id, user=world.leader)
    member = teams.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Cà Thị Hoa", phone=next(PHONES)
    )
    teams.person_link_user(person_id=member.person_id, user=world.member)
    world.member.email = "hoa@example.org"
    world.member.save(update_fields=["email"])
    return Town(
        world=world,
        xuan=xuan,
        lan=lan,
        pao=pao,
        tong=tong,
        mua=mua,
        vi=vi,
        inh=inh,
        leader_person=Person.objects.get(pk=leader.person_id),
        member_person=Person.objects.get(pk=member.person_id),
    )
