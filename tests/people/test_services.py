"""Writes to households, residents and consent, and reading a full number through the audit log."""

import pytest

from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.errors import Conflict, DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.indicators.models import VillageRollup
from langso.people import services
from langso.people.models import Consent, Household, Resident
from langso.people.services import ResidentData
from tests.roles import World, unit_today
from tests.unchanged import PEOPLE, unchanged

pytestmark = pytest.mark.django_db

CCCD = "014185000189"  # a woman born in 1985 whose birth was registered in Sơn La
PHONE = "0912876678"
XUAN = ResidentData(
    full_name="  Lò  Thị Xuân ",
    birth_year=1985,
    sex="F",
    ethnicity="thai",
    relationship="Chủ hộ",
    is_head=True,
    id_number="0141 8500 0189",
    phone="0912.876.678",
)


def household(world: World) -> Household:
    return services.household_create(actor=world.member, village=world.village_a1, number="1")


# Households


def test_a_member_adds_a_household_to_the_village_and_its_roll_ups(world: World) -> None:
    created = household(world)
    assert (created.village_id, created.number) == (world.village_a1.pk, "1")
    broadband = VillageRollup.objects.get(
        village=world.village_a1, indicator_id="household_broadband"
    )
    assert (broadband.numerator, broadband.denominator) == (0, 1)


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_a_household_is_not_added_to_a_village_out_of_scope(world: World, who: str) -> None:
    with pytest.raises(NotFound):
        services.household_create(actor=getattr(world, who), village=world.village_a1)
    assert not Household.objects.exists()


def test_a_household_is_added_only_to_a_village(world: World) -> None:
    with unchanged(*PEOPLE), pytest.raises(NotFound):
        services.household_create(actor=SYSTEM, village=unit_today("03721"))


# Residents


def test_a_resident_is_cleaned_sealed_and_masked(world: World) -> None:
    home = household(world)
    xuan = services.resident_create(actor=world.member, household=home, data=XUAN)
    xuan.refresh_from_db()
    home.refresh_from_db()
    assert xuan.full_name == "Lò Thị Xuân"
    assert xuan.full_name_folded == "lo thi xuan"
    assert xuan.ethnicity == "Thái"
    assert (xuan.id_kind, xuan.id_masked, xuan.phone_masked) == (
        "cccd",
        "**********89",
        "*******678",
    )
    assert xuan.village_id == world.village_a1.pk
    assert home.head_name == "Lò Thị Xuân"


def test_an_old_nine_digit_id_card_is_kept_as_such(world: World) -> None:
    person = services.resident_create(
        actor=SYSTEM,
        household=household(world),
        data=ResidentData(full_name="Lò Văn Pánh", birth_year=1960, id_number="012345678"),
    )
    assert (person.id_kind, person.id_masked) == ("cmnd", "*******78")


def test_one_id_number_belongs_to_one_resident_in_any_village(world: World) -> None:
    services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    elsewhere = services.household_create(actor=SYSTEM, village=world.village_b1)
    with pytest.raises(Conflict) as refusal:
        services.resident_create(actor=SYSTEM, household=elsewhere, data=XUAN)
    assert (refusal.value.code, refusal.value.field) == ("ID_TAKEN", "id_number")
    assert Resident.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"id_number": "014190000189"}, "ID_YEAR_MISMATCH", "id_number"),
        ({"id_number": "014085000189"}, "ID_SEX_MISMATCH", "id_number"),
        ({"id_number": "014285000189"}, "ID_CENTURY_MISMATCH", "id_number"),
        ({"phone": "12345"}, "PHONE_INVALID", "phone"),
        ({"ethnicity": "Người sao Hỏa"}, "ETHNICITY_UNKNOWN", "ethnicity"),
        ({"full_name": " "}, "NAME_REQUIRED", "full_name"),
    ],
)
def test_a_wrong_resident_is_refused_with_a_code_on_its_field(
    world: World, changes: dict[str, str], code: str, field: str
) -> None:
    data = ResidentData(**{**XUAN.__dict__, **changes})
    home = household(world)
    with unchanged(*PEOPLE), pytest.raises(DomainError) as refusal:
        services.resident_create(actor=SYSTEM, household=home, data=data)
    assert (refusal.value.code, refusal.value.field) == (code, field)
    assert CCCD not in str(refusal.value.message)
    assert not Resident.objects.exists()


def test_a_resident_is_not_added_to_a_household_out_of_scope(world: World) -> None:
    home = household(world)
    with unchanged(*PEOPLE), pytest.raises(NotFound):
        services.resident_create(actor=world.member_b, household=home, data=XUAN)
    assert not Resident.objects.exists()


# Showing a full number


def test_a_full_number_is_read_only_with_a_reason_and_each_read_is_audited(world: World) -> None:
    xuan = services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    assert services.resident_reveal(
        actor=world.leader, resident=xuan, what="id", reason="VNeID"
    ) == (CCCD)
    assert (
        services.resident_reveal(actor=world.leader, resident=xuan, what="phone", reason="Gọi")
        == "+84912876678"
    )
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.actor_id, e.action, e.object_type, e.object_id, e.reason) for e in entries] == [
        (world.leader.pk, AuditAction.REVEAL_ID, "resident", str(xuan.pk), "VNeID"),
        (world.leader.pk, AuditAction.REVEAL_PHONE, "resident", str(xuan.pk), "Gọi"),
    ]


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_full_number_without_a_reason_is_refused_and_not_audited(
    world: World, reason: str
) -> None:
    xuan = services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    with pytest.raises(DomainError) as refusal:
        services.resident_reveal(actor=world.member, resident=xuan, what="id", reason=reason)
    assert refusal.value.field == "reason"
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_a_full_number_out_of_scope_is_not_found_and_not_audited(world: World, who: str) -> None:
    xuan = services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    with pytest.raises(NotFound):
        services.resident_reveal(actor=getattr(world, who), resident=xuan, what="id", reason="x")
    assert not AuditEntry.objects.exists()


# Consent


def test_consent_is_recorded_with_who_and_when(world: World) -> None:
    xuan = services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    consent = services.consent_record(
        actor=world.member, resident=xuan, given=True, purpose="  Hướng dẫn   dịch vụ số "
    )
    assert (consent.given, consent.purpose) == (True, "Hướng dẫn dịch vụ số")
    assert (consent.recorded_on, consent.recorded_by_id) == (today(), world.member.pk)


def test_consent_is_not_recorded_out_of_scope(world: World) -> None:
    xuan = services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    with pytest.raises(NotFound):
        services.consent_record(actor=world.member_b, resident=xuan, given=True, purpose="x")
    assert not Consent.objects.exists()


# What the services refuse


def test_a_missing_reason_has_a_code_that_says_so(world: World) -> None:
    xuan = services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    with unchanged(*PEOPLE), pytest.raises(DomainError) as refusal:
        services.resident_reveal(actor=world.member, resident=xuan, what="id", reason="")
    assert refusal.value.code == "REASON_REQUIRED"


def test_an_unknown_kind_of_number_is_refused(world: World) -> None:
    xuan = services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    with pytest.raises(DomainError):
        services.resident_reveal(actor=world.member, resident=xuan, what="passport", reason="x")
    assert not AuditEntry.objects.exists()


def test_a_sex_other_than_m_or_f_is_refused(world: World) -> None:
    data = ResidentData(full_name="Lò Văn Pánh", sex="X")
    home = household(world)
    with unchanged(*PEOPLE), pytest.raises(DomainError) as refusal:
        services.resident_create(actor=SYSTEM, household=home, data=data)
    assert (refusal.value.code, refusal.value.field) == ("SEX_INVALID", "sex")


def test_a_name_too_long_is_refused_with_a_code(world: World) -> None:
    data = ResidentData(full_name="x" * 151)
    home = household(world)
    with unchanged(*PEOPLE), pytest.raises(DomainError) as refusal:
        services.resident_create(actor=SYSTEM, household=home, data=data)
    assert (refusal.value.code, refusal.value.field) == ("TEXT_TOO_LONG", "full_name")


def test_consent_without_a_purpose_is_refused(world: World) -> None:
    xuan = services.resident_create(actor=SYSTEM, household=household(world), data=XUAN)
    with unchanged(*PEOPLE), pytest.raises(DomainError):
        services.consent_record(actor=SYSTEM, resident=xuan, given=True, purpose="   ")


def test_a_household_has_one_head(world: World) -> None:
    home = household(world)
    services.resident_create(actor=SYSTEM, household=home, data=XUAN)
    with unchanged(*PEOPLE), pytest.raises(DomainError) as refusal:
        services.resident_create(
            actor=SYSTEM, household=home, data=ResidentData(full_name="Lò Văn Pánh", is_head=True)
        )
    assert refusal.value.code == "HOUSEHOLD_TWO_HEADS"
