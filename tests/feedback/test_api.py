"""The JSON API for officers' programs: who may read what."""

import pytest
from django.test import Client

from langso.accounts import services as accounts
from langso.feedback import services
from tests.feedback.helpers import file_report, officer_b
from tests.roles import World

pytestmark = pytest.mark.django_db

API = "/api/v1/feedback"


def test_anonymous_callers_get_401(world: World) -> None:
    report = file_report(world)
    for url in (f"{API}/reports", f"{API}/reports/{report.code}", f"{API}/dashboard"):
        response = Client().get(url)
        assert response.status_code == 401
        assert response.json()["code"] == "NOT_AUTHENTICATED"


@pytest.mark.parametrize("who", ["member", "leader", "member_b", "outsider"])
def test_people_who_are_not_officers_get_404(world: World, who: str) -> None:
    report = file_report(world)
    client = world.client(getattr(world, who))
    for url in (f"{API}/reports", f"{API}/reports/{report.code}", f"{API}/dashboard"):
        assert client.get(url).status_code == 404, url


def test_an_officer_of_another_commune_sees_none_of_its_reports(world: World) -> None:
    report = file_report(world)
    client = world.client(officer_b(world))
    assert client.get(f"{API}/reports").json() == []
    assert client.get(f"{API}/reports/{report.code}").status_code == 404
    assert client.get(f"{API}/dashboard", {"unit": "03721"}).status_code == 404


def test_an_officer_reads_the_queue_with_masked_contacts(world: World) -> None:
    report = file_report(world, name="Lò Văn Xuân", phone="0912345678")
    token = accounts.token_issue(user=world.commune_officer)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    (item,) = client.get(f"{API}/reports").json()
    assert item["code"] == report.code
    assert item["reporter_name"] == "L. V. X."
    assert item["reporter_phone"] == "*******678"
    assert "Xuân" not in client.get(f"{API}/reports/{report.code}").content.decode()
    services.report_set_status(
        actor=world.commune_officer, report=report, status="resolved", reply="Xong"
    )
    board = client.get(f"{API}/dashboard", {"unit": "03721"}).json()
    assert board["total"] == 1
    assert board["answered_on_time"] == 1
    assert client.get(f"{API}/reports", {"status": "open"}).json() == []
