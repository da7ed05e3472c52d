"""The demo: Sơn La with real codes and Thuận Châu through its three real epochs.

Real: the province, its districts and communes, their codes, Resolution 1280/NQ-UBTVQH15 (2024)
and the 2025 reform, all from ``load_units``; the article's figures (29 + 336 teams, 230 + 1,998
members, one Zalo group each). Generated and marked as demo: the 336 villages ("Bản 001",
"Tiểu khu 01"; no village list is published), the people and their Zalo links.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.core.dates import BEGINNING, today, valid_on
from langso.demo import campaign, residents
from langso.demo import outreach as demo_outreach
from langso.demo import recognition as demo_recognition
from langso.demo import reports as demo_reports
from langso.demo import shops as demo_shops
from langso.demo.names import member_name
from langso.learning import guide_loader
from langso.teams import services as teams
from langso.teams.models import Organisation, Person, Team, TeamRole
from langso.units import national
from langso.units import services as units
from langso.units.models import EventKind, Kind, Unit, UnitEvent, UnitVersion

DEMO_KEY = "demo/thuan-chau"
DISTRICT = "119"
EPOCH_2023 = date(2023, 12, 31)
VILLAGES = 336
COMMUNE_MEMBERS = 230
VILLAGE_MEMBERS = 1998
COMMUNE_TEAMS_FROM = date(2022, 4, 15)
VILLAGE_TEAMS_FROM = date(2022, 6, 1)
SPLIT_KEY = "vn-14-119/1280-NQ-UBTVQH15"
TOWN = "03721"  # Thị trấn Thuận Châu until 2025, the seat of Xã Thuận Châu after.
CHIENG_LY, PHONG_LANG, CHIENG_BOM, PHONG_LY = "L-119-01", "L-119-02", "03766", "03748"

COMMUNE_ORGS = (
    Organisation.POLICE,
    Organisation.YOUTH_UNION,
    Organisation.WOMEN_UNION,
    Organisation.FARMERS_UNION,
    Organisation.VETERANS,
    Organisation.TEACHER,
    Organisation.OTHER,
)
VILLAGE_ORGS = (
    Organisation.YOUTH_UNION,
    Organisation.WOMEN_UNION,
    Organisation.FARMERS_UNION,
    Organisation.VETERANS,
    Organisation.TEACHER,
    Organisation.OTHER,
)


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    unit: str


def is_loaded() -> bool:
    return UnitEvent.objects.filter(key=DEMO_KEY).exists()


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split ``total`` into ``parts`` uneven but plausible whole numbers (largest remainder)."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(parts), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _unit(code: str, on: date) -> Unit:
    return UnitVersion.objects.get(valid_on(on), code=code).unit


def _villages(rng: random.Random, marker: UnitEvent) -> dict[str, list[Unit]]:
    """336 villages under the 29 communes of 2023, placed through 2024 and 2025 as the real
    resolutions moved them."""
    split = UnitEvent.objects.get(key=SPLIT_KEY)
    district = _unit(DISTRICT, EPOCH_2023)
    communes = list(
        UnitVersion.objects.filter(valid_on(EPOCH_2023), parent=district).order_by("code")
    )
    counts = _spread(VILLAGES, len(communes), rng)
    town, phong_ly = _unit(TOWN, EPOCH_2023), _unit(PHONG_LY, date(2025, 1, 1))
    placed: dict[str, list[Unit]] = {}
    number = 0
    for commune, count in zip(communes, counts, strict=True):
        placed[commune.code] = []
        for index in range(count):
            if commune.code == TOWN:
                name = f"Tiểu khu {index + 1:02d}"
            else:
                number += 1
                name = f"Bản {number:03d}"
            moves: list[units.Move] = []
            # Resolution 1280: the first villages of Chiềng Ly and Phổng Lăng joined the town;
            # the last ones of Chiềng Bôm went to the new Phổng Ly with the rest of the two.
            if commune.code in (CHIENG_LY, PHONG_LANG) and index < 2:
                moves.append(units.Move(event=split, target=town))
            if commune.code == CHIENG_BOM and index >= count - 3:
                moves.append(units.Move(event=split, target=phong_ly))
            village = units.unit_create(
                actor=SYSTEM,
                name=name,
                kind=Kind.VILLAGE,
                parent=commune.unit,
                valid_from=BEGINNING,
                event=marker,
                moves=moves,
            )
            placed[commune.code].append(village)
    return placed


def _staff(
    team: Team,
    size: int,
    orgs: tuple[Organisation, ...],
    rng: random.Random,
    leader_org: Organisation,
    phones: random.Random,
) -> list[int]:
    memberships = []
    for index in range(size):
        role = TeamRole.LEADER if index == 0 else TeamRole.DEPUTY if index == 1 else TeamRole.MEMBER
        org = leader_org if index == 0 else orgs[(index + rng.randrange(len(orgs))) % len(orgs)]
        prefix = phones.choice(residents.MOBILE_PREFIXES)
        membership = teams.member_add(
            actor=SYSTEM,
            team=team,
            full_name=member_name(rng),
            phone=f"{prefix}{phones.randint(1_000_000, 9_999_999)}",
            role=role,
            organisation=org,
            joined_on=team.valid_from,
        )
        memberships.append(membership.person_id)
    return memberships


def _zalo_token(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(alphabet) for _ in range(10))


@transaction.atomic
def build(*, password: str, seed: int = 119, people_per_village: int = 506) -> list[Login]:
    """Build the demo; returns the demo logins. Refuses to run twice (see ``is_loaded``).

    ``people_per_village`` sets the scale: 506 gives the district's 170,000 residents; tests
    use a handful.
    """
    rng = random.Random(seed)
    # Members' phone numbers come from a generator of their own, so that adding them left every
    # other figure of the demo as it was.
    phones = random.Random(seed + 1)
    national.load(province="14")
    marker = units.event_record(
        actor=SYSTEM,
        key=DEMO_KEY,
        kind=EventKind.ESTABLISH,
        effective=COMMUNE_TEAMS_FROM,
        legal_basis="Dữ liệu minh hoạ của Làng Số (demo) – không phải danh sách thật",
        note="Các thôn, bản, tiểu khu, thành viên và nhóm Zalo ở đây là dữ liệu minh hoạ.",
    )
    placed = _villages(rng, marker)
    commune_sizes = [8] * 27 + [7] * 2
    village_sizes = [6] * 318 + [5] * 18
    rng.shuffle(commune_sizes)
    rng.shuffle(village_sizes)
    sizes = iter(village_sizes)
    first_people: dict[str, int] = {}
    for (code, villages), size in zip(placed.items(), commune_sizes, strict=True):
        commune_team = teams.team_create(
            actor=SYSTEM, unit=_unit(code, EPOCH_2023), valid_from=COMMUNE_TEAMS_FROM
        )
        _staff(commune_team, size, COMMUNE_ORGS, rng, Organisation.OTHER, phones)
        teams.zalo_set(
            actor=SYSTEM,
            team=commune_team,
            invite_link=f"https://zalo.me/g/{_zalo_token(rng)}",
            valid_from=COMMUNE_TEAMS_FROM,
        )
        for village in villages:
            team = teams.team_create(actor=SYSTEM, unit=village, valid_from=VILLAGE_TEAMS_FROM)
            people = _staff(team, next(sizes), VILLAGE_ORGS, rng, Organisation.VILLAGE_HEAD, phones)
            first_people.setdefault(str(village.pk), people[0])
            if village is villages[0]:
                first_people[f"member:{code}"] = people[-1]
            teams.zalo_set(
                actor=SYSTEM,
                team=team,
                invite_link=f"https://zalo.me/g/{_zalo_token(rng)}",
                valid_from=VILLAGE_TEAMS_FROM,
            )
    for key in (SPLIT_KEY, national.REFORM_KEY.format(code="14")):
        teams.teams_follow_event(actor=SYSTEM, event=UnitEvent.objects.get(key=key))
    all_villages = [village.pk for villages in placed.values() for village in villages]
    residents.build(all_villages, rng=rng, people_per_village=people_per_village)
    logins = _users(password, placed, first_people)
    # A generator of its own, so that the campaign leaves every other figure as it was.
    plan = campaign.build(
        commune=_unit(TOWN, today()),
        village=placed[TOWN][0],
        password=password,
        rng=random.Random(seed + 2),
    )
    # The guides that ship with Làng Số (also loaded by ``make run`` on any database).
    guide_loader.guides_load()
    # Announcements link to a guide, so they come after the guides.
    demo_outreach.build(
        commune=_unit(TOWN, today()),
        village=placed[TOWN][0],
        deadline=plan.ends_on,
        rng=random.Random(seed + 3),
    )
    # Reports read everything above (visits, teams, announcements), so they come last.
    demo_reports.build(commune=_unit(TOWN, today()))
    demo_recognition.build(commune=_unit(TOWN, today()))
    # After the reports, so that the month's issued report stays as the demo has always shown.
    demo_shops.build(
        commune=_unit(TOWN, today()), village=placed[TOWN][0], rng=random.Random(seed + 4)
    )
    return logins


def _users(password: str, placed: dict[str, list[Unit]], people: dict[str, int]) -> list[Login]:
    town_village = placed[TOWN][0]
    other_village = placed["03727"][0]
    today_commune = _unit(TOWN, today())
    specs = [
        ("tinh.sonla", "Cán bộ Sở KH&CN Sơn La", Role.PROVINCE_OFFICER, _unit("14", today()), None),
        ("xa.thuanchau", "Cán bộ UBND xã Thuận Châu", Role.COMMUNE_OFFICER, today_commune, None),
        ("totruong.tk01", "", Role.TEAM_LEADER, town_village, people[str(town_village.pk)]),
        ("thanhvien.tk01", "", Role.TEAM_MEMBER, town_village, people[f"member:{TOWN}"]),
        ("thanhvien.muonge", "", Role.TEAM_MEMBER, other_village, people["member:03727"]),
    ]
    logins = []
    for username, full_name, role, unit, person_id in specs:
        if person_id is not None:
            # A member's account carries the member's name, as one made from the team page does.
            full_name = Person.objects.get(pk=person_id).full_name
        user, _created = accounts.user_provision(
            username=username, password=password, full_name=full_name
        )
        accounts.role_grant(user=user, role=role, unit=unit)
        if person_id is not None:
            teams.person_link_user(person_id=person_id, user=user)
        version = UnitVersion.objects.filter(valid_on(today()), unit=unit).first()
        logins.append(
            Login(username, str(role.label), f"{version.name} ({version.code})" if version else "?")
        )
    return logins


def logins() -> list[Login]:
    found = []
    for user in User.objects.filter(
        username__in=[
            "tinh.sonla",
            "xa.thuanchau",
            "totruong.tk01",
            "thanhvien.tk01",
            "thanhvien.muonge",
        ]
    ).order_by("id"):
        for assignment in accounts.roles_today(user):
            version = UnitVersion.objects.filter(valid_on(today()), unit=assignment.unit).first()
            found.append(
                Login(
                    user.username,
                    assignment.get_role_display(),
                    f"{version.name} ({version.code})" if version else "?",
                )
            )
    return found


def generated_password() -> str:
    return secrets.token_urlsafe(9)


def database_is_empty() -> bool:
    return not Unit.objects.exists() and not User.objects.exists()
