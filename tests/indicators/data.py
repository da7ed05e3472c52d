"""Residents, households and observations over the role fixture's villages, through the services.

Everyone is registered 60 days ago and observed 10 days ago, so a day in between has the
population but nothing reached yet.

=========  =======================  ===  ===  ========  ==========  ========
village    resident                 sex  age  ethnic    smartphone  epayment
=========  =======================  ===  ===  ========  ==========  ========
A1         Lò Thị Xuân              F    30   Thái      yes         yes
A1         Lò Văn Ân                M    40   Thái      yes
A1         Lò Văn Bình              M    16   Kinh      yes (<18)   yes
A1         Giàng Thị Cúc            F    70   Mông      no
A1         Lò Thị Dung              F    8    Thái
A2         Nguyễn Thị Hà            F    25   Kinh      yes
A2         Trần Văn Hải             M    50   Kinh      yes
B1         Sồng Thị Mỷ              F    20   Mông      yes
B1         Sồng A Páo               M    33   Mông
=========  =======================  ===  ===  ========  ==========  ========

Smartphone (adults, target 80%): A1 2/3, A2 2/2, Xã Thuận Châu 4/5 (80%), B1 1/2.
E-payment (15+): A1 2/4, A2 0/2. Broadband: A1's household yes, A2's no, B1's not observed.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from langso.access import SYSTEM
from langso.core.dates import today
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import services as people
from langso.people.models import Household, Resident
from langso.people.services import ResidentData
from langso.units import services as units
from langso.units.models import Kind, Unit, UnitVersion
from tests.roles import World

REGISTERED = today() - timedelta(days=60)
OBSERVED = timezone.now() - timedelta(days=10)
YEAR = today().year
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class People:
    household_a1: Household
    household_a2: Household
    household_b1: Household
    xuan: Resident
    an: Resident
    binh: Resident
    cuc: Resident
    dung: Resident
    ha: Resident
    hai: Resident
    my: Resident
    pao: Resident


def resident(household: Household, name: str, sex: str, age: int, ethnicity: str) -> Resident:
    return people.resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name=name, birth_year=YEAR - age, sex=sex, ethnicity=ethnicity),
        day=REGISTERED,
    )


def observe(
    subject: Resident | Household, code: str, value: bool = True, at: datetime | None = None
) -> None:
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code=code),
        subject=people.resident_subject(subject)
        if isinstance(subject, Resident)
        else people.household_subject(subject),
        value=value,
        observed_at=at or OBSERVED,
        source=Source.MANUAL,
    )


def build_people(world: World) -> People:
    def household(village: Unit) -> Household:
        return people.household_create(actor=SYSTEM, village=village, day=REGISTERED)

    h_a1 = household(world.village_a1)
    h_a2 = household(world.village_a2)
    h_b1 = household(world.village_b1)
    found = People(
        household_a1=h_a1,
        household_a2=h_a2,
        household_b1=h_b1,
        xuan=resident(h_a1, "Lò Thị Xuân", "F", 30, "Thái"),
        an=resident(h_a1, "Lò Văn Ân", "M", 40, "Thái"),
        binh=resident(h_a1, "Lò Văn Bình", "M", 16, "Kinh"),
        cuc=resident(h_a1, "Giàng Thị Cúc", "F", 70, "H'Mông"),
        dung=resident(h_a1, "Lò Thị Dung", "F", 8, "Thái"),
        ha=resident(h_a2, "Nguyễn Thị Hà", "F", 25, "Kinh"),
        hai=resident(h_a2, "Trần Văn Hải", "M", 50, "Kinh"),
        my=resident(h_b1, "Sồng Thị Mỷ", "F", 20, "Mông"),
        pao=resident(h_b1, "Sồng A Páo", "M", 33, "Mông"),
    )
    for someone in (found.xuan, found.an, found.binh, found.ha, found.hai, found.my):
        observe(someone, "smartphone")
    observe(found.cuc, "smartphone", value=False)
    for someone in (found.xuan, found.binh):
        observe(someone, "epayment")
    observe(h_a1, "household_broadband")
    observe(h_a2, "household_broadband", value=False)
    return found


def old_village_with_a_smartphone(world: World) -> tuple[Unit, Resident]:
    """A village of Xã Thôm Mòn (03769) since 2024, which went into today's Xã Thuận Châu on
    1 July 2025, with one adult registered in June 2024 who got a smartphone on 1 March 2025."""
    day = date(2024, 3, 1)
    thom_mon = UnitVersion.objects.get(code="03769", valid_from__lte=day, valid_until__gt=day)
    village = units.unit_create(
        actor=SYSTEM, name="Bản Nà Lạn", kind=Kind.VILLAGE, parent=thom_mon.unit, valid_from=day
    )
    home = people.household_create(actor=SYSTEM, village=village, day=date(2024, 6, 1))
    adult = people.resident_create(
        actor=SYSTEM,
        household=home,
        data=ResidentData(full_name="Lường Văn Chiến", birth_year=1980, sex="M", ethnicity="Thái"),
        day=date(2024, 6, 1),
    )
    observe(adult, "smartphone", at=datetime(2025, 3, 1, 9, 30, tzinfo=VIETNAM))
    return village, adult
