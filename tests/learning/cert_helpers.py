"""Certificates' test data: basic skills and what members saw people do.

The skill framework and skill recording are another part's; until they are here, these make
the few rows certificates read. When the framework already holds basic skills (its data
migration), those are used, so the tests mean the same after the merge.
"""

from django.utils import timezone

from langso.access import SYSTEM
from langso.core.dates import today
from langso.learning.models import Skill, SkillGroup, SkillObservation, SkillStatus
from langso.people import services as people
from langso.people.models import Resident
from langso.units.models import Unit, UnitVersion


def basic_skills() -> list[Skill]:
    found = list(Skill.objects.filter(basic=True))
    if found:
        return found
    group, _ = SkillGroup.objects.get_or_create(
        code="T-CB",
        defaults={
            "name_vi": "Kỹ năng số cơ bản",
            "name_en": "Basic digital skills",
            "framework": "Thử nghiệm",
            "source_document": "Công văn 3240/BTTTT-CĐSQG",
        },
    )
    names = [
        ("T-VNEID", "Kích hoạt và dùng tài khoản định danh điện tử VNeID", "Use VNeID"),
        ("T-DVC", "Nộp hồ sơ trên Cổng Dịch vụ công quốc gia", "Use the public service portal"),
        ("T-QR", "Thanh toán bằng mã QR an toàn", "Pay safely by QR code"),
    ]
    return [
        Skill.objects.create(
            code=code,
            group=group,
            name_vi=vi,
            name_en=en,
            target_group="Người dân",
            source_document="Công văn 3240/BTTTT-CĐSQG",
            basic=True,
            position=i,
        )
        for i, (code, vi, en) in enumerate(names)
    ]


def show_skill(resident: Resident, skill: Skill, value: bool = True) -> None:
    """A member saw ``resident`` do (or not yet do) ``skill`` just now."""
    now = timezone.now()
    observation = SkillObservation.objects.create(
        resident=resident,
        skill=skill,
        village_id=resident.village_id,
        value=value,
        observed_at=now,
        source="manual",
    )
    SkillStatus.objects.update_or_create(
        resident=resident,
        skill=skill,
        defaults={
            "village_id": resident.village_id,
            "value": value,
            "observed_at": now,
            "observation": observation,
            "changed_at": now,
        },
    )


def reach_standard(resident: Resident) -> list[str]:
    skills = basic_skills()
    for skill in skills:
        show_skill(resident, skill)
    return [skill.code for skill in skills]


def person(village: Unit, name: str = "Lò Thị Xuân", *, reached: bool = True) -> Resident:
    household = people.household_create(actor=SYSTEM, village=village)
    resident = people.resident_create(
        actor=SYSTEM,
        household=household,
        data=people.ResidentData(full_name=name, birth_year=1956, sex="F"),
    )
    if reached:
        reach_standard(resident)
    return resident


def version_today(code: str) -> UnitVersion:
    day = today()
    return UnitVersion.objects.select_related("unit").get(
        code=code, valid_from__lte=day, valid_until__gt=day
    )
