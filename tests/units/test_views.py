"""Pages about units: home, search, history, adding a village (form and admin)."""

from datetime import date

import pytest

from langso.core.dates import today, valid_on
from langso.units.models import UnitVersion
from tests.roles import World, verified_superuser_client

pytestmark = pytest.mark.django_db


def test_home_lists_the_units_of_the_users_roles(world: World) -> None:
    page = world.client(world.commune_officer).get("/")
    assert page.status_code == 200
    assert "Xã Thuận Châu" in page.content.decode()
    assert "/units/03721/" in page.content.decode()


def test_home_tells_a_user_without_roles_to_ask_for_one(world: World) -> None:
    page = world.client(world.outsider).get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert "/units/" not in page.content.decode().replace("/units/search/", "")


def test_pages_send_anonymous_visitors_to_log_in(world: World) -> None:
    for path in ["/", "/units/search/?q=thuan", "/units/03721/history/"]:
        response = world.client(None).get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_search_page_finds_without_diacritics_within_scope(world: World) -> None:
    page = world.client(world.commune_officer).get("/units/search/?q=hua%20na")
    assert "Bản Hua Nà" in page.content.decode()
    other = world.client(world.commune_officer).get("/units/search/?q=bung")
    assert "Bản Búng" not in other.content.decode()


def test_search_answers_htmx_with_the_results_only(world: World) -> None:
    page = world.client(world.commune_officer).get("/units/search/?q=hua", HTTP_HX_REQUEST="true")
    assert "Bản Hua Nà" in page.content.decode()
    assert "<html" not in page.content.decode()


def test_history_page_shows_the_versions_of_a_unit(world: World) -> None:
    page = world.client(world.province_officer).get("/units/03760/history/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Xã Mường Bám" in text
    assert "1681/NQ-UBTVQH15" in text


def test_history_of_another_villages_unit_is_404(world: World) -> None:
    code = world.code(world.village_b1)
    assert world.client(world.member).get(f"/units/{code}/history/").status_code == 404
    assert world.client(world.outsider).get(f"/units/{code}/history/").status_code == 404
    assert world.client(world.member_b).get(f"/units/{code}/history/").status_code == 200


def test_a_bad_as_of_date_on_a_page_names_the_parameter(world: World) -> None:
    page = world.client(world.province_officer).get(
        "/units/03760/history/?on=31-12-2023", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert page.status_code == 400
    assert "INVALID_INPUT" in page.content.decode()
    assert "“on”" in page.content.decode()


def test_a_commune_officer_adds_a_village_with_the_form(world: World) -> None:
    response = world.client(world.commune_officer).post(
        "/units/03721/villages/", {"name": "Bản Co Sản"}
    )
    assert response.status_code == 302
    assert UnitVersion.objects.filter(valid_on(today()), name="Bản Co Sản").exists()


def test_the_village_form_shows_errors_in_vietnamese(world: World) -> None:
    response = world.client(world.commune_officer).post(
        "/units/03721/villages/",
        {"name": "Bản Cũ", "valid_from": "2020-01-01"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert "không tồn tại" in response.content.decode()
    assert not UnitVersion.objects.filter(name="Bản Cũ").exists()


@pytest.mark.parametrize("who", ["member", "leader", "member_b", "outsider"])
def test_only_officers_may_add_villages_with_the_form(world: World, who: str) -> None:
    response = world.client(getattr(world, who)).post("/units/03721/villages/", {"name": "Bản Lạ"})
    assert response.status_code == 404
    assert not UnitVersion.objects.filter(name="Bản Lạ").exists()


def test_a_superuser_adds_a_village_in_the_admin_through_the_service(world: World) -> None:
    _user, client = verified_superuser_client()
    response = client.post(
        "/admin/units/unitversion/add/",
        {"name": "Bản Quản Trị", "kind": "village", "parent_code": "03727", "code": ""},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    version = UnitVersion.objects.get(name="Bản Quản Trị")
    assert version.code.startswith("03727.")
    assert version.valid_from == today()


def test_the_admin_refuses_a_unit_under_a_parent_of_the_wrong_level(world: World) -> None:
    _user, client = verified_superuser_client()
    response = client.post(
        "/admin/units/unitversion/add/",
        {"name": "Bản Sai", "kind": "village", "parent_code": "14", "code": ""},
    )
    assert response.status_code == 200
    assert not UnitVersion.objects.filter(name="Bản Sai").exists()


def test_the_admin_shows_history_read_only(world: World) -> None:
    _user, client = verified_superuser_client()
    version = UnitVersion.objects.get(valid_on(date(2024, 1, 1)), code="119")
    page = client.get(f"/admin/units/unitversion/{version.pk}/change/")
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()


def test_the_admin_is_closed_to_officers(world: World) -> None:
    response = world.client(world.province_officer).get("/admin/units/unitversion/")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/admin/units/unitversion/",
        "/admin/units/unitevent/",
        "/admin/units/unitversion/add/",
        "/admin/teams/team/",
        "/admin/teams/person/",
        "/admin/accounts/user/",
        "/admin/accounts/apitoken/",
    ],
)
def test_every_admin_list_opens_for_a_verified_superuser(world: World, path: str) -> None:
    _user, client = verified_superuser_client()
    assert client.get(path).status_code == 200
