"""Users for every role over a small piece of Sơn La, built through the services.

Today's Xã Thuận Châu (03721) holds villages A1 and A2; today's Xã Mường É (03727) holds B1.
Each village and commune A has a team. The users:

- ``province_officer`` on Tỉnh Sơn La (14)
- ``commune_officer`` on Xã Thuận Châu
- ``leader`` (team leader) and ``member`` (team member) on village A1
- ``member_b`` (team member) on village B1, in another commune
- ``outsider``: logged in, no role at all
"""

from dataclasses import dataclass

from django.test import Client

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.core.dates import today
from langso.teams import services as teams
from langso.teams.models import Team, TeamRole
from langso.units import services as units
from langso.units.models import Kind, Unit, UnitVersion

PASSWORD = "Làng-số-thử-nghiệm-2025"


@dataclass
class World:
    province: Unit
    commune_a: Unit
    commune_b: Unit
    village_a1: Unit
    village_a2: Unit
    village_b1: Unit
    team_commune_a: Team
    team_a1: Team
    team_a2: Team
    team_b1: Team
    province_officer: User
    commune_officer: User
    leader: User
    member: User
    member_b: User
    outsider: User

    def code(self, unit: Unit) -> str:
        version = UnitVersion.objects.filter(
            unit=unit, valid_from__lte=today(), valid_until__gt=today()
        ).first()
        assert version is not None
        return version.code

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def unit_today(code: str) -> Unit:
    day = today()
    return UnitVersion.objects.get(code=code, valid_from__lte=day, valid_until__gt=day).unit


def _user(username: str, role: Role | None, unit: Unit | None) -> User:
    user, _ = accounts.user_provision(username=username, password=PASSWORD, full_name=username)
    if role is not None and unit is not None:
        accounts.role_grant(user=user, role=role, unit=unit)
    return user


def build_world() -> World:
    province = unit_today("14")
    commune_a = unit_today("03721")
    commune_b = unit_today("03727")
    village_a1 = units.unit_create(
        actor=SYSTEM, name="Bản Hua Nà", kind=Kind.VILLAGE, parent=commune_a
    )
    village_a2 = units.unit_create(
        actor=SYSTEM, name="Tiểu khu 3", kind=Kind.VILLAGE, parent=commune_a
    )
    village_b1 = units.unit_create(
        actor=SYSTEM, name="Bản Búng", kind=Kind.VILLAGE, parent=commune_b
    )
    team_commune_a = teams.team_create(actor=SYSTEM, unit=commune_a)
    team_a1 = teams.team_create(actor=SYSTEM, unit=village_a1)
    team_a2 = teams.team_create(actor=SYSTEM, unit=village_a2)
    team_b1 = teams.team_create(actor=SYSTEM, unit=village_b1)
    teams.member_add(actor=SYSTEM, team=team_a1, full_name="Lò Văn Xuân", role=TeamRole.LEADER)
    teams.member_add(actor=SYSTEM, team=team_a2, full_name="Cầm Thị Thoa", role=TeamRole.LEADER)
    teams.member_add(actor=SYSTEM, team=team_b1, full_name="Quàng Văn Inh", role=TeamRole.LEADER)
    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        village_a1=village_a1,
        village_a2=village_a2,
        village_b1=village_b1,
        team_commune_a=team_commune_a,
        team_a1=team_a1,
        team_a2=team_a2,
        team_b1=team_b1,
        province_officer=_user("province_officer", Role.PROVINCE_OFFICER, province),
        commune_officer=_user("commune_officer", Role.COMMUNE_OFFICER, commune_a),
        leader=_user("leader", Role.TEAM_LEADER, village_a1),
        member=_user("member", Role.TEAM_MEMBER, village_a1),
        member_b=_user("member_b", Role.TEAM_MEMBER, village_b1),
        outsider=_user("outsider", None, None),
    )


def verified_superuser_client(username: str = "quantri") -> tuple[User, Client]:
    """A superuser who has passed the second factor, as the admin requires."""
    from django_otp import DEVICE_ID_SESSION_KEY

    user, _ = accounts.user_provision(username=username, password=PASSWORD, is_superuser=True)
    device = accounts.totp_start(user=user)
    device.confirmed = True
    device.save()
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user, client
