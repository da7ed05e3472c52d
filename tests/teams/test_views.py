"""Pages of units and teams: what each role sees and may do, and refusals shown as pages."""

import re
from datetime import date

import pytest
from django.urls import reverse

from langso.access import SYSTEM
from langso.core.dates import FOREVER, today
from langso.teams import services
from langso.teams.models import Membership, Person, Team, ZaloGroup
from langso.units import services as units
from langso.units.models import Kind
from tests.roles import World
from tests.teams.phones import number_of
from tests.unchanged import TEAMS, unchanged

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
START = date(2025, 8, 1)


def unit_url(code: str) -> str:
    return reverse("teams:unit", args=[code])


def team_url(team: Team) -> str:
    return reverse("teams:team", args=[team.pk])


def member_form(**changes: str) -> dict[str, str]:
    return {
        "full_name": "Hà Thị Mai",
        "phone": "0912 345 678",
        "role": "member",
        "organisation": "women_union",
        "joined_on": "",
        **changes,
    }


# Unit pages


def test_a_commune_officer_sees_the_commune_page_with_its_teams(world: World) -> None:
    response = world.client(world.commune_officer).get(unit_url("03721"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Xã Thuận Châu" in text
    for team in (world.team_commune_a, world.team_a1, world.team_a2):
        assert team.name in text
    assert reverse("teams:coverage_xlsx", args=["03721"]) in text


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("member", "village_a1", 200),
        ("member", "village_a2", 404),
        ("member", "commune_b", 404),
        ("member_b", "village_a1", 404),
        ("commune_officer", "village_b1", 404),
        ("outsider", "village_a1", 404),
        ("outsider", "commune_a", 404),
    ],
)
def test_a_unit_page_is_shown_only_within_the_users_units(
    world: World, who: str, unit: str, status: int
) -> None:
    code = world.code(getattr(world, unit))
    response = world.client(getattr(world, who)).get(unit_url(code))
    assert response.status_code == status
    if status == 404:
        assert "UNIT_NOT_FOUND" in response.content.decode()


def test_the_unit_page_links_only_the_units_above_that_the_user_may_open(world: World) -> None:
    village = world.code(world.village_a1)
    member_page = world.client(world.member).get(unit_url(village)).content.decode()
    assert "Xã Thuận Châu" in member_page
    assert f'href="{unit_url("03721")}?on=' not in member_page
    officer_page = world.client(world.commune_officer).get(unit_url(village)).content.decode()
    assert f'href="{unit_url("03721")}?on=' in officer_page
    assert f'href="{unit_url("14")}?on=' not in officer_page


def test_an_anonymous_visitor_is_sent_to_log_in(world: World) -> None:
    response = world.client(None).get(unit_url("03721"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_province_officer_sees_the_old_district_as_of_2023(world: World) -> None:
    response = world.client(world.province_officer).get(unit_url("119") + "?on=2023-12-31")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Huyện Thuận Châu" in text
    assert "2023-12-31" in text


def test_the_old_district_today_says_what_became_of_it(world: World) -> None:
    response = world.client(world.province_officer).get(unit_url("119"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Huyện Thuận Châu kết thúc ngày 01/07/2025 khi bỏ cấp huyện" in text


def test_a_malformed_date_gives_a_page_naming_the_error(world: World) -> None:
    response = world.client(world.province_officer).get(unit_url("03721") + "?on=31-12-2023")
    assert response.status_code == 400
    text = response.content.decode()
    assert "INVALID_INPUT" in text
    assert "31-12-2023" in text


def test_coverage_downloads_as_xlsx(world: World) -> None:
    response = world.client(world.commune_officer).get(
        reverse("teams:coverage_xlsx", args=["03721"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith(f'-{today().isoformat()}.xlsx"')
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize("who", ["outsider", "member_b"])
def test_coverage_xlsx_is_404_outside_the_users_units(world: World, who: str) -> None:
    response = world.client(getattr(world, who)).get(reverse("teams:coverage_xlsx", args=["03721"]))
    assert response.status_code == 404
    assert response["Content-Type"] != XLSX


# Team pages


def test_the_team_page_shows_members_and_the_zalo_qr_code(world: World) -> None:
    services.zalo_set(actor=SYSTEM, team=world.team_a1, invite_link="zalo.me/g/huana01")
    services.member_add(actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai")
    response = world.client(world.member).get(team_url(world.team_a1))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Lò Văn Xuân" in text
    assert "Hà Thị Mai" in text
    assert "https://zalo.me/g/huana01" in text
    assert "<svg" in text


def test_a_team_without_a_zalo_group_shows_no_qr_code(world: World) -> None:
    text = world.client(world.member).get(team_url(world.team_a1)).content.decode()
    assert "<svg" not in text


def test_a_member_sees_no_forms_to_manage_the_team(world: World) -> None:
    text = world.client(world.member).get(team_url(world.team_a1)).content.decode()
    assert reverse("teams:member_add", args=[world.team_a1.pk]) not in text
    leader_text = world.client(world.leader).get(team_url(world.team_a1)).content.decode()
    assert reverse("teams:member_add", args=[world.team_a1.pk]) in leader_text


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_another_villages_team_page_is_404(world: World, who: str) -> None:
    response = world.client(getattr(world, who)).get(team_url(world.team_a1))
    assert response.status_code == 404
    assert "Lò Văn Xuân" not in response.content.decode()


def test_a_leader_adds_a_member_through_the_form(world: World) -> None:
    response = world.client(world.leader).post(
        reverse("teams:member_add", args=[world.team_a1.pk]), member_form()
    )
    assert response.status_code == 302
    assert response["Location"] == team_url(world.team_a1)
    membership = Membership.objects.get(team=world.team_a1, person__full_name="Hà Thị Mai")
    assert number_of(membership.person) == "+84912345678"
    assert membership.organisation == "women_union"


def test_an_invalid_phone_in_the_form_is_shown_with_the_form(world: World) -> None:
    response = world.client(world.leader).post(
        reverse("teams:member_add", args=[world.team_a1.pk]), member_form(phone="12345")
    )
    assert response.status_code == 400
    text = response.content.decode()
    error = re.search(r'<ul class="errorlist" id="id_phone_error"><li>([^<]*)</li>', text)
    assert error is not None
    assert "12345" in error.group(1)
    assert "phone number" in error.group(1) or "số điện thoại" in error.group(1)
    assert not Person.objects.filter(full_name="Hà Thị Mai").exists()


def test_a_member_cannot_add_members_through_the_form_and_nothing_is_saved(world: World) -> None:
    with unchanged(*TEAMS):
        response = world.client(world.member).post(
            reverse("teams:member_add", args=[world.team_a1.pk]), member_form()
        )
    assert response.status_code == 404


def test_a_member_cannot_set_the_zalo_link_through_the_form(world: World) -> None:
    with unchanged(*TEAMS):
        response = world.client(world.member).post(
            reverse("teams:zalo_set", args=[world.team_a1.pk]),
            {"invite_link": "zalo.me/g/huana01"},
        )
    assert response.status_code == 404


def test_the_zalo_form_saves_a_link(world: World) -> None:
    response = world.client(world.leader).post(
        reverse("teams:zalo_set", args=[world.team_a1.pk]), {"invite_link": "zalo.me/g/huana01"}
    )
    assert response.status_code == 302
    assert ZaloGroup.objects.get(team=world.team_a1).invite_link == "https://zalo.me/g/huana01"


def test_the_zalo_form_refuses_a_link_that_is_not_a_group_invite(world: World) -> None:
    response = world.client(world.leader).post(
        reverse("teams:zalo_set", args=[world.team_a1.pk]),
        {"invite_link": "https://evil.example/g/abc"},
    )
    assert response.status_code == 400
    assert "https://evil.example/g/abc" in response.content.decode()
    assert not ZaloGroup.objects.filter(team=world.team_a1).exists()


def test_a_member_who_leaves_is_marked_through_the_page(world: World) -> None:
    team = services.team_create(actor=SYSTEM, unit=world.commune_b, valid_from=START)
    membership = services.member_add(
        actor=SYSTEM, team=team, full_name="Hà Thị Mai", joined_on=START
    )
    client = world.client(world.province_officer)
    response = client.post(reverse("teams:member_end", args=[team.pk, membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == today()
    assert "Hà Thị Mai" not in client.get(team_url(team)).content.decode()


def test_a_member_cannot_mark_others_as_left(world: World) -> None:
    membership = Membership.objects.get(team=world.team_a1)
    response = world.client(world.member).post(
        reverse("teams:member_end", args=[world.team_a1.pk, membership.pk])
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.left_on == FOREVER


def test_a_member_added_by_mistake_today_can_be_marked_as_left(world: World) -> None:
    membership = services.member_add(actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai")
    client = world.client(world.leader)
    response = client.post(reverse("teams:member_end", args=[world.team_a1.pk, membership.pk]))
    assert response.status_code == 302
    assert "Hà Thị Mai" not in client.get(team_url(world.team_a1)).content.decode()


# Setting up a team


def test_a_commune_officer_sets_up_the_team_of_a_new_village(world: World) -> None:
    village = units.unit_create(
        actor=world.commune_officer,
        name="Bản Pha Khuông",
        kind=Kind.VILLAGE,
        parent=world.commune_a,
    )
    code = world.code(village)
    response = world.client(world.commune_officer).post(
        reverse("teams:team_create", args=[code]), {"team-name": ""}
    )
    team = Team.objects.get(unit=village)
    assert response.status_code == 302
    assert response["Location"] == team_url(team)
    assert team.name == "Tổ công nghệ số cộng đồng Bản Pha Khuông"


def test_a_leader_cannot_set_up_a_team(world: World) -> None:
    village = units.unit_create(
        actor=SYSTEM, name="Bản Pha Khuông", kind=Kind.VILLAGE, parent=world.commune_a
    )
    response = world.client(world.leader).post(
        reverse("teams:team_create", args=[world.code(village)]), {"team-name": "Tổ mới"}
    )
    assert response.status_code == 404
    assert not Team.objects.filter(unit=village).exists()


def test_a_second_team_on_a_village_is_refused_with_409(world: World) -> None:
    response = world.client(world.commune_officer).post(
        reverse("teams:team_create", args=[world.code(world.village_a1)]), {"team-name": ""}
    )
    assert response.status_code == 409
    assert "TEAM_EXISTS" in response.content.decode()
    assert Team.objects.filter(unit=world.village_a1).count() == 1
