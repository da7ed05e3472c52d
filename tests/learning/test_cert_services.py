"""Issuing, revoking and checking certificates, through the services."""

from typing import Any

import pytest
from django.core.management import call_command

from langso.access import SYSTEM
from langso.core.errors import Conflict, DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.learning import cert_selectors, cert_services
from langso.learning.errors import CertificateError
from langso.learning.models import Certificate
from langso.people import edit_services as edits
from langso.people.models import LifeEventKind
from tests.clock import FIXTURE_DAY
from tests.learning.cert_helpers import (
    basic_skills,
    person,
    reach_standard,
    show_skill,
    version_today,
)
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_the_standard_needs_every_basic_skill_seen(world: World) -> None:
    resident = person(world.village_a1, reached=False)
    skills = basic_skills()
    for skill in skills[:-1]:
        show_skill(resident, skill)
    assert cert_selectors.standard_reached(resident) is None
    show_skill(resident, skills[-1])
    assert cert_selectors.standard_reached(resident) == [s.code for s in skills]
    show_skill(resident, skills[0], value=False)
    assert cert_selectors.standard_reached(resident) is None


def test_nobody_reaches_a_standard_without_basic_skills(world: World) -> None:
    resident = person(world.village_a1, reached=False)
    assert cert_selectors.standard_reached(resident) is None


def test_an_officer_issues_a_certificate_that_checks_genuine(
    fixture_day: Any, world: World
) -> None:
    resident = person(world.village_a1, "Lò Thị Xuân")
    issued = cert_services.certificate_issue(actor=world.commune_officer, resident=resident)
    assert issued.name_masked == "L. T. X."
    assert issued.commune_name == "Xã Thuận Châu"
    assert issued.issued_on == FIXTURE_DAY
    assert issued.commune_id == world.commune_a.pk
    public = cert_selectors.public_certificate(code=issued.code.lower())
    assert public.status == "genuine"
    assert public.valid
    assert public.name_masked == "L. T. X."
    assert public.commune == "Xã Thuận Châu"
    assert [code for code, _name in public.skills] == issued.skills
    entry = AuditEntry.objects.get(action=AuditAction.CERTIFICATE_ISSUE)
    assert entry.object_id == issued.code
    assert entry.actor_id == world.commune_officer.pk


def test_a_person_who_has_not_reached_the_standard_gets_409(world: World) -> None:
    resident = person(world.village_a1, reached=False)
    basic_skills()
    with pytest.raises(Conflict) as refused:
        cert_services.certificate_issue(actor=world.commune_officer, resident=resident)
    assert refused.value.code == CertificateError.STANDARD_NOT_REACHED
    assert not Certificate.objects.exists()


def test_a_second_certificate_is_refused_naming_the_one_in_force(world: World) -> None:
    resident = person(world.village_a1)
    first = cert_services.certificate_issue(actor=world.commune_officer, resident=resident)
    with pytest.raises(Conflict) as refused:
        cert_services.certificate_issue(actor=world.province_officer, resident=resident)
    assert refused.value.code == CertificateError.ALREADY_IN_FORCE
    assert refused.value.details == {"code": first.code}
    assert first.code in str(refused.value.message)


def test_a_person_no_longer_on_the_register_gets_none(world: World) -> None:
    resident = person(world.village_a1)
    edits.resident_depart(
        actor=SYSTEM, resident=resident, kind=LifeEventKind.DIED, on=resident.counted_since
    )
    with pytest.raises(Conflict) as refused:
        cert_services.certificate_issue(actor=world.commune_officer, resident=resident.pk)
    assert refused.value.code == CertificateError.PERSON_DEPARTED


@pytest.mark.parametrize("who", ["member", "leader", "outsider", "member_b"])
def test_only_officers_issue(world: World, who: str) -> None:
    resident = person(world.village_a1)
    with pytest.raises(NotFound):
        cert_services.certificate_issue(actor=getattr(world, who), resident=resident)
    assert not Certificate.objects.exists()


def test_a_province_officer_issues_too(world: World) -> None:
    resident = person(world.village_a1)
    assert cert_services.certificate_issue(actor=world.province_officer, resident=resident)


def test_revoking_needs_a_reason_is_audited_and_the_check_says_revoked(
    fixture_day: Any, world: World
) -> None:
    resident = person(world.village_a1)
    issued = cert_services.certificate_issue(actor=world.commune_officer, resident=resident)
    with pytest.raises(DomainError) as refused:
        cert_services.certificate_revoke(actor=world.commune_officer, code=issued.code, reason=" ")
    assert refused.value.code == CertificateError.REASON_REQUIRED
    assert refused.value.field == "reason"
    cert_services.certificate_revoke(
        actor=world.commune_officer, code=issued.code, reason="Cấp nhầm người"
    )
    entry = AuditEntry.objects.get(action=AuditAction.CERTIFICATE_REVOKE)
    assert entry.reason == "Cấp nhầm người"
    assert entry.object_id == issued.code
    public = cert_selectors.public_certificate(code=issued.code)
    assert public.status == "revoked"
    assert not public.valid
    assert public.revoked_on == FIXTURE_DAY
    with pytest.raises(Conflict) as again:
        cert_services.certificate_revoke(
            actor=world.commune_officer, code=issued.code, reason="Lần nữa"
        )
    assert again.value.code == CertificateError.ALREADY_REVOKED
    assert AuditEntry.objects.filter(action=AuditAction.CERTIFICATE_REVOKE).count() == 1
    # After a revocation an officer may issue a new one.
    renewed = cert_services.certificate_issue(actor=world.commune_officer, resident=resident)
    assert renewed.code != issued.code


def test_a_reason_too_long_is_refused(world: World) -> None:
    issued = cert_services.certificate_issue(
        actor=world.commune_officer, resident=person(world.village_a1)
    )
    with pytest.raises(DomainError) as refused:
        cert_services.certificate_revoke(
            actor=world.commune_officer, code=issued.code, reason="x" * 501
        )
    assert refused.value.code == CertificateError.REASON_TOO_LONG


@pytest.mark.parametrize("who", ["member", "leader", "outsider", "member_b"])
def test_only_officers_revoke(world: World, who: str) -> None:
    issued = cert_services.certificate_issue(
        actor=world.commune_officer, resident=person(world.village_a1)
    )
    with pytest.raises(NotFound):
        cert_services.certificate_revoke(actor=getattr(world, who), code=issued.code, reason="x")


def test_an_unknown_well_signed_code_is_as_invalid_as_a_made_up_one(world: World) -> None:
    from langso.learning import certcodes

    assert cert_selectors.public_certificate(code=certcodes.new_code()).status == "invalid"
    assert cert_selectors.public_certificate(code="ABCD").status == "invalid"


def test_a_village_batch_issues_to_everyone_who_reached_it(world: World) -> None:
    one = person(world.village_a1, "Lò Văn Một")
    two = person(world.village_a1, "Cầm Thị Hai")
    person(world.village_a1, "Quàng Văn Ba", reached=False)
    cert_services.certificate_issue(actor=world.commune_officer, resident=one)
    version = version_today(world.code(world.village_a1))
    result = cert_services.certificates_issue_village(actor=world.commune_officer, village=version)
    assert [c.resident_id for c in result.issued] == [two.pk]
    assert result.already == 1
    summary = cert_selectors.village_certificates(actor=world.member, village=version)
    assert (summary.reached, summary.certified, summary.waiting) == (2, 2, 0)
    with pytest.raises(NotFound):
        cert_services.certificates_issue_village(actor=world.leader, village=version)


def test_the_hook_issues_only_where_the_commune_issues_automatically(world: World) -> None:
    here = person(world.village_a1, "Lò Văn Một")
    there = person(world.village_b1, "Cầm Thị Hai")
    assert cert_services.certificates_issue_reached([here.pk, there.pk]) == []
    commune = version_today(world.code(world.commune_a))
    _settings, issued = cert_services.certificate_settings_set(
        actor=world.commune_officer, commune=commune, auto_issue=True
    )
    assert [c.resident_id for c in issued] == [here.pk]
    assert issued[0].issued_by_id is None
    late = person(world.village_a2, "Quàng Văn Ba", reached=False)
    reach_standard(late)
    assert [c.resident_id for c in cert_services.certificates_issue_reached([late.pk])] == [late.pk]
    assert cert_services.certificates_issue_reached([late.pk, here.pk, there.pk]) == []
    assert AuditEntry.objects.filter(action=AuditAction.CERTIFICATE_SETTINGS).count() == 1


def test_the_system_does_not_issue_again_after_a_revocation(world: World) -> None:
    resident = person(world.village_a1)
    commune = version_today(world.code(world.commune_a))
    _settings, issued = cert_services.certificate_settings_set(
        actor=world.commune_officer, commune=commune, auto_issue=True
    )
    cert_services.certificate_revoke(
        actor=world.commune_officer, code=issued[0].code, reason="Sai thông tin"
    )
    assert cert_services.certificates_issue_reached([resident.pk]) == []
    assert cert_services.certificates_issue_auto() == {world.code(world.commune_a): 0}


def test_the_command_issues_for_every_auto_commune_and_is_safe_to_rerun(world: World) -> None:
    person(world.village_a1)
    commune = version_today(world.code(world.commune_a))
    cert_services.certificate_settings_set(
        actor=world.commune_officer, commune=commune, auto_issue=False
    )
    from langso.learning.models import CertificateSettings

    CertificateSettings.objects.filter(commune=world.commune_a).update(auto_issue=True)
    call_command("certificates_issue_auto")
    assert Certificate.objects.count() == 1
    call_command("certificates_issue_auto")
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "leader", "outsider", "member_b"])
def test_only_officers_change_the_settings(world: World, who: str) -> None:
    commune = version_today(world.code(world.commune_a))
    with pytest.raises(NotFound):
        cert_services.certificate_settings_set(
            actor=getattr(world, who), commune=commune, auto_issue=True
        )
