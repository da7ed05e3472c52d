"""Members with phone numbers for the tests, and reading a sealed number back the way only a
reveal does in the code."""

from dataclasses import dataclass

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.core.vault import vault
from langso.teams import services
from langso.teams.models import Person, PhoneVisibility
from langso.teams.services import PHONE_PURPOSE
from tests.roles import PASSWORD, World

PHONE = "0912 345 678"
E164 = "+84912345678"
OWN_E164 = "+84987654321"
# Both numbers in every form they could be stored or shown in: national, E.164, bare, spaced.
DIGITS = (
    "0912345678",
    E164,
    "912345678",
    "0912 345 678",
    "0987654321",
    OWN_E164,
    "987654321",
    "0987 654 321",
)


def number_of(person: Person) -> str:
    person.refresh_from_db()
    if person.phone_sealed is None:
        return ""
    return vault().open(PHONE_PURPOSE, bytes(person.phone_sealed))


@dataclass
class Crew:
    """On team A1: Mai (a number, no login) and Xuân, who is ``world.member`` (a number too).
    On the commune's team: Thoa, who holds a member's role on the commune, so she sees the
    village teams under it without serving on them."""

    mai: Person
    own: Person
    commune_member: User


def build_crew(world: World) -> Crew:
    mai = services.member_add(actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai", phone=PHONE)
    own = services.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Lò Thị Xuân", phone="0987 654 321"
    )
    services.person_link_user(person_id=own.person_id, user=world.member)
    commune_member, _ = accounts.user_provision(username="thoa", password=PASSWORD)
    accounts.role_grant(user=commune_member, role=Role.TEAM_MEMBER, unit=world.commune_a)
    thoa = services.member_add(actor=SYSTEM, team=world.team_commune_a, full_name="Cầm Thị Thoa")
    services.person_link_user(person_id=thoa.person_id, user=commune_member)
    return Crew(
        mai=mai.person, own=Person.objects.get(pk=own.person_id), commune_member=commune_member
    )


def choose(person: Person, visibility: PhoneVisibility) -> None:
    services.member_phone_visibility_set(actor=SYSTEM, person=person, visibility=visibility)
