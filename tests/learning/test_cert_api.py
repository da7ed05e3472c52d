"""The certificates API: issue (201 or 409), the public check, revoke, and the PDF."""

from typing import Any

import pytest
from django.test import Client

from langso.core.models import AuditAction, AuditEntry
from langso.learning.models import Certificate
from tests.learning.cert_helpers import basic_skills, person
from tests.roles import World

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: Any = None) -> Any:
    return client.post(url, data, content_type="application/json")


def test_an_officer_issues_and_anyone_checks(fixture_day: Any, world: World) -> None:
    resident = person(world.village_a1, "Lò Thị Xuân")
    answer = post(
        world.client(world.commune_officer), "/api/v1/certificates", {"resident": resident.pk}
    )
    assert answer.status_code == 201
    issued = answer.json()
    code = issued["code"]
    assert issued["url"] == f"http://testserver/xac-nhan/{code}/"
    assert issued["pdf"] == f"http://testserver/api/v1/certificates/{code}/pdf"
    public = Client().get(f"/api/v1/certificates/{code.lower()}")
    assert public.status_code == 200
    assert public.json() == {
        "valid": True,
        "status": "genuine",
        "code": code,
        "name_masked": "L. T. X.",
        "skills": [{"code": s.code, "name": s.name_vi} for s in basic_skills()],
        "issued_on": "2026-09-14",
        "commune": "Xã Thuận Châu",
        "revoked_on": None,
    }


def test_a_person_below_the_standard_is_409_and_nothing_is_issued(world: World) -> None:
    resident = person(world.village_a1, reached=False)
    basic_skills()
    answer = post(
        world.client(world.commune_officer), "/api/v1/certificates", {"resident": resident.pk}
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "CERTIFICATE_STANDARD_NOT_REACHED"
    assert answer.json()["field"] == "resident"
    assert not Certificate.objects.exists()


def test_a_second_issue_is_409_naming_the_first(world: World) -> None:
    resident = person(world.village_a1)
    client = world.client(world.commune_officer)
    first = post(client, "/api/v1/certificates", {"resident": resident.pk}).json()["code"]
    again = post(client, "/api/v1/certificates", {"resident": resident.pk})
    assert again.status_code == 409
    assert again.json()["code"] == "CERTIFICATE_ALREADY_IN_FORCE"
    assert again.json()["details"] == {"code": first}


@pytest.mark.parametrize("who", ["member", "leader", "outsider", "member_b"])
def test_those_who_may_not_issue_get_404(world: World, who: str) -> None:
    resident = person(world.village_a1)
    answer = post(
        world.client(getattr(world, who)), "/api/v1/certificates", {"resident": resident.pk}
    )
    assert answer.status_code == 404
    assert answer.json()["code"] == "RESIDENT_NOT_FOUND"
    assert not Certificate.objects.exists()


def test_an_officer_of_another_commune_gets_404(world: World) -> None:
    resident = person(world.village_b1)
    answer = post(
        world.client(world.commune_officer), "/api/v1/certificates", {"resident": resident.pk}
    )
    assert answer.status_code == 404


def test_an_anonymous_caller_cannot_issue(world: World) -> None:
    resident = person(world.village_a1)
    assert post(Client(), "/api/v1/certificates", {"resident": resident.pk}).status_code == 401


@pytest.mark.parametrize("wrong", ["AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "abc", "-" * 30])
def test_a_made_up_code_is_invalid(world: World, wrong: str) -> None:
    answer = Client().get(f"/api/v1/certificates/{wrong}")
    assert answer.status_code == 200
    assert answer.json() == {
        "valid": False,
        "status": "invalid",
        "code": None,
        "name_masked": None,
        "skills": [],
        "issued_on": None,
        "commune": None,
        "revoked_on": None,
    }


def test_revoking_needs_a_reason_and_then_the_check_says_revoked(
    fixture_day: Any, world: World
) -> None:
    resident = person(world.village_a1)
    client = world.client(world.commune_officer)
    code = post(client, "/api/v1/certificates", {"resident": resident.pk}).json()["code"]
    empty = post(client, f"/api/v1/certificates/{code}/revoke", {"reason": "  "})
    assert empty.status_code == 400
    assert empty.json()["code"] == "CERTIFICATE_REASON_REQUIRED"
    assert empty.json()["field"] == "reason"
    assert post(client, f"/api/v1/certificates/{code}/revoke", {}).status_code == 422
    member = world.client(world.member)
    assert post(member, f"/api/v1/certificates/{code}/revoke", {"reason": "x"}).status_code == 404
    done = post(client, f"/api/v1/certificates/{code}/revoke", {"reason": "Cấp nhầm"})
    assert done.status_code == 200
    assert done.json()["status"] == "revoked"
    assert done.json()["revoked_on"] == "2026-09-14"
    again = post(client, f"/api/v1/certificates/{code}/revoke", {"reason": "Cấp nhầm"})
    assert again.status_code == 409
    assert again.json()["code"] == "CERTIFICATE_ALREADY_REVOKED"
    public = Client().get(f"/api/v1/certificates/{code}").json()
    assert public["status"] == "revoked"
    assert public["valid"] is False
    assert "Cấp nhầm" not in str(public)
    assert AuditEntry.objects.filter(action=AuditAction.CERTIFICATE_REVOKE).count() == 1


def test_the_pdf_is_for_those_in_scope(world: World) -> None:
    resident = person(world.village_a1)
    code = post(
        world.client(world.commune_officer), "/api/v1/certificates", {"resident": resident.pk}
    ).json()["code"]
    answer = world.client(world.leader).get(f"/api/v1/certificates/{code}/pdf")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert world.client(world.member_b).get(f"/api/v1/certificates/{code}/pdf").status_code == 404
    assert Client().get(f"/api/v1/certificates/{code}/pdf").status_code == 401
