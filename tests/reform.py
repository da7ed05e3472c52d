"""Villages of Huyện Thuận Châu placed in 2024 and carried through the reform of 1 July 2025,
with people, observations and teams, built through the services: figures and coverage asked on
the reform's eve (30 June) and its first day (1 July) must see each unit on the right side.

On 1 July 2025 Resolution 1681/NQ-UBTVQH15 merged Xã Nong Lay (03754), Xã Chiềng Ngàm (03736),
the old Xã Chiềng La (03733) and Xã Tông Cọ into a new Xã Chiềng La, which took the code 03754;
Law 72/2025/QH15 abolished the districts, so Huyện Thuận Châu (119) ended that day. Xã Mường
Bám (03760) went on as the same unit, now directly under the province. The session's fixture
loads all of it; this module adds, with ``valid_from`` in 2024 (as the demo places its villages):

=====================  ==============================  ==================================
village                until 30/06/2025                from 01/07/2025
=====================  ==============================  ==================================
Bản Nà Hát             Xã Nong Lay (03754)             Xã Chiềng La (03754), following it
Bản Pá Chả             Xã Chiềng Ngàm (03736)          Xã Chiềng La, following it
Bản Nậm Lầu            Xã Mường Bám                    moved to Xã Chiềng La
Bản Co Muông           Xã Mường Bám                    Xã Mường Bám
Bản Huổi Hốc           Xã Mường Bám                    ended, joined Bản Co Muông
Bản Phiêng Mới         (did not exist)                 opened in Xã Chiềng La
=====================  ==============================  ==================================

Every resident is an adult (born 1980), registered on 1 June 2024 (Bản Phiêng Mới's on 1 July
2025); times are Vietnam's. Smartphone observations:

=============  ======================  ==========================================
village        resident                smartphone
=============  ======================  ==========================================
Bản Nà Hát     Lò Văn Ánh              yes from 30/06/2025 10:00
Bản Nà Hát     Lò Thị Bích             yes from 01/07/2025 00:30 (30/06 in UTC)
Bản Nà Hát     Lò Văn Cường            never observed
Bản Pá Chả     Cà Thị Dịu              yes from 01/03/2025
Bản Pá Chả     Cà Văn Én               yes from 30/06/2025 16:00, no from 01/07/2025 08:00
Bản Nậm Lầu    Quàng Văn Phong         yes from 01/05/2025
Bản Nậm Lầu    Quàng Thị Gấm           never observed
Bản Co Muông   Lường Văn Hoan          yes from 01/07/2025 08:00
Bản Phiêng Mới Tòng Thị Inh            yes from 01/07/2025 15:00
=============  ======================  ==========================================

Teams (from 1 June 2024): Xã Mường Bám's own team (Lò Văn Thắng, a Zalo group), Bản Nà Hát's
(Lò Thị Hương, and Lò Văn Kiên, who left on 1 July 2025), Bản Nậm Lầu's (Quàng Văn Lả, a Zalo
group), Bản Co Muông's (Lường Thị Mai) and Bản Huổi Hốc's (Lường Văn Nam, who went on in Bản Co
Muông's team from 1 July, as ``teams_follow_event`` carries him). The tests compute every
expected figure by hand from these tables.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from langso.access import SYSTEM
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import services as people
from langso.people.models import Resident
from langso.people.services import ResidentData
from langso.teams import services as teams
from langso.teams.models import Membership, Team, TeamRole
from langso.units import services as units
from langso.units.models import EventKind, Kind, Unit, UnitEvent, UnitVersion

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The tests travel to a fixed day well after the reform: the days asked are then in the past
# (read from the day-by-day changes), whatever today's real date.
NOW = datetime(2026, 3, 2, 9, tzinfo=VIETNAM)
EVE = date(2025, 6, 30)
REFORM = date(2025, 7, 1)
PLACED = date(2024, 1, 1)
REGISTERED = date(2024, 6, 1)
TEAMS_FROM = date(2024, 6, 1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


def unit_on(code: str, day: date) -> Unit:
    return UnitVersion.objects.get(code=code, valid_from__lte=day, valid_until__gt=day).unit


def code_of(unit: Unit) -> str:
    """A village keeps its code through the reform; the tests ask for it by that code."""
    codes = set(UnitVersion.objects.filter(unit=unit).values_list("code", flat=True))
    assert len(codes) == 1, codes
    return codes.pop()


@dataclass
class Reform:
    nong_lay: Unit  # Xã Nong Lay, 03754 until 30/06/2025
    chieng_la: Unit  # the new Xã Chiềng La, 03754 from 01/07/2025
    muong_bam: Unit  # Xã Mường Bám, 03760 throughout
    na_hat: Unit
    pa_cha: Unit
    nam_lau: Unit
    co_muong: Unit
    huoi_hoc: Unit
    phieng_moi: Unit


def _adult(village: Unit, name: str, day: date = REGISTERED) -> Resident:
    household = people.household_create(actor=SYSTEM, village=village, day=day)
    return people.resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name=name, birth_year=1980, is_head=True, ethnicity="Thái"),
        day=day,
    )


def _smartphone(resident: Resident, when: datetime, value: bool = True) -> None:
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code="smartphone"),
        subject=people.resident_subject(resident),
        value=value,
        observed_at=when,
        source=Source.MANUAL,
    )


def _team(unit: Unit, *names: str) -> Team:
    team = teams.team_create(actor=SYSTEM, unit=unit, valid_from=TEAMS_FROM)
    for position, name in enumerate(names):
        teams.member_add(
            actor=SYSTEM,
            team=team,
            full_name=name,
            role=TeamRole.LEADER if position == 0 else TeamRole.MEMBER,
            joined_on=TEAMS_FROM,
        )
    return team


def build_reform() -> Reform:
    nong_lay = unit_on("03754", EVE)
    chieng_ngam = unit_on("03736", EVE)
    muong_bam = unit_on("03760", EVE)
    chieng_la = unit_on("03754", REFORM)
    reform = UnitEvent.objects.get(key="vn-2025-07-01/14")

    def village(name: str, parent: Unit, moves: list[units.Move] | None = None) -> Unit:
        return units.unit_create(
            actor=SYSTEM,
            name=name,
            kind=Kind.VILLAGE,
            parent=parent,
            valid_from=PLACED,
            moves=moves or [],
        )

    na_hat = village("Bản Nà Hát", nong_lay)
    pa_cha = village("Bản Pá Chả", chieng_ngam)
    nam_lau = village("Bản Nậm Lầu", muong_bam, [units.Move(event=reform, target=chieng_la)])
    co_muong = village("Bản Co Muông", muong_bam)
    huoi_hoc = village("Bản Huổi Hốc", muong_bam)
    phieng_moi = units.unit_create(
        actor=SYSTEM, name="Bản Phiêng Mới", kind=Kind.VILLAGE, parent=chieng_la, valid_from=REFORM
    )
    joined = units.event_record(
        actor=SYSTEM,
        key="test/2025-07-01/ban-huoi-hoc",
        kind=EventKind.MERGE,
        effective=REFORM,
        legal_basis="Quyết định của UBND tỉnh Sơn La",
    )
    units.unit_split(
        actor=SYSTEM,
        event=joined,
        source=huoi_hoc,
        assignments={},
        end_source=True,
        main=co_muong,
    )

    anh = _adult(na_hat, "Lò Văn Ánh")
    bich = _adult(na_hat, "Lò Thị Bích")
    _adult(na_hat, "Lò Văn Cường")
    diu = _adult(pa_cha, "Cà Thị Dịu")
    en = _adult(pa_cha, "Cà Văn Én")
    phong = _adult(nam_lau, "Quàng Văn Phong")
    _adult(nam_lau, "Quàng Thị Gấm")
    hoan = _adult(co_muong, "Lường Văn Hoan")
    inh = _adult(phieng_moi, "Tòng Thị Inh", day=REFORM)

    _smartphone(anh, at(EVE, 10))
    _smartphone(bich, at(REFORM, 0, 30))
    _smartphone(diu, at(date(2025, 3, 1), 9))
    _smartphone(en, at(EVE, 16))
    _smartphone(en, at(REFORM, 8), value=False)
    _smartphone(phong, at(date(2025, 5, 1), 9))
    _smartphone(hoan, at(REFORM, 8))
    _smartphone(inh, at(REFORM, 15))

    commune_team = _team(muong_bam, "Lò Văn Thắng")
    teams.zalo_set(
        actor=SYSTEM,
        team=commune_team,
        invite_link="https://zalo.me/g/muongbam1",
        valid_from=TEAMS_FROM,
    )
    na_hat_team = _team(na_hat, "Lò Thị Hương", "Lò Văn Kiên")
    kien = Membership.objects.get(team=na_hat_team, person__full_name="Lò Văn Kiên")
    teams.member_end(actor=SYSTEM, membership=kien, left_on=REFORM)
    nam_lau_team = _team(nam_lau, "Quàng Văn Lả")
    teams.zalo_set(
        actor=SYSTEM,
        team=nam_lau_team,
        invite_link="https://zalo.me/g/namlau1",
        valid_from=TEAMS_FROM,
    )
    _team(co_muong, "Lường Thị Mai")
    _team(huoi_hoc, "Lường Văn Nam")
    teams.teams_follow_event(actor=SYSTEM, event=joined)

    return Reform(
        nong_lay=nong_lay,
        chieng_la=chieng_la,
        muong_bam=muong_bam,
        na_hat=na_hat,
        pa_cha=pa_cha,
        nam_lau=nam_lau,
        co_muong=co_muong,
        huoi_hoc=huoi_hoc,
        phieng_moi=phieng_moi,
    )
