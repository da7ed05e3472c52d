"""The recognition pages: who lands where, what each role sees, and the forms' refusals."""

import pytest

from langso.reports.recognition_models import Commendation, Criteria, FigureCorrection
from tests.reports.recognition_helpers import criteria, link_members, proposal, visits
from tests.roles import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixture_day")]


def test_each_role_lands_on_its_record(world: World) -> None:
    link_members(world)
    officer = world.client(world.commune_officer).get("/recognition/")
    assert officer.status_code == 302
    assert officer["Location"] == f"/recognition/units/{world.code(world.commune_a)}/"
    leader = world.client(world.leader).get("/recognition/")
    assert leader["Location"] == f"/recognition/teams/{world.team_a1.pk}/"
    assert world.client(world.member).get("/recognition/")["Location"] == "/recognition/me/"
    assert world.client(world.outsider).get("/recognition/").status_code == 404


def test_the_menu_names_the_entry_for_each_role(world: World) -> None:
    link_members(world)
    assert "Thi đua, khen thưởng" in world.client(world.commune_officer).get("/").content.decode()
    assert "Thành tích của tổ" in world.client(world.leader).get("/").content.decode()
    assert "Thành tích của tôi" in world.client(world.member).get("/").content.decode()


def test_a_member_sees_their_month_in_words(world: World) -> None:
    link_members(world)
    visits(world.member, world.village_a1, 2)
    page = world.client(world.member).get("/recognition/me/").content.decode()
    assert "từ 01/09/2026 đến 30/09/2026" in page
    assert (
        "Công dân từ 14 tuổi đã kích hoạt định danh điện tử mức 2 (VNeID): <strong>2</strong>"
        in page
    )
    assert "vneid_l2" not in page and "None" not in page


def test_the_period_picker_refuses_a_reversed_custom_period(world: World) -> None:
    link_members(world)
    page = world.client(world.member).get(
        "/recognition/me/", {"period": "custom", "start": "2026-09-10", "end": "2026-09-01"}
    )
    assert page.status_code == 200
    assert "trước ngày bắt đầu" in page.content.decode()


def test_the_unit_page_lists_members_and_teams_for_officers(world: World) -> None:
    link_members(world)
    visits(world.member, world.village_a1, 3)
    criteria(world)
    page = world.client(world.commune_officer).get(
        f"/recognition/units/{world.code(world.commune_a)}/", {"period": "this_year"}
    )
    html = page.content.decode()
    assert "Lò Thị Mai" in html and world.team_a2.name in html
    assert "từ 01/01/2026 đến 31/12/2026" in html
    assert "Đề xuất khen thưởng" in html or "Đề nghị khen thưởng" in html


@pytest.mark.parametrize("who", ["member", "member_b", "outsider"])
def test_others_get_404_for_a_teams_records(world: World, who: str) -> None:
    page = world.client(getattr(world, who)).get(f"/recognition/teams/{world.team_a1.pk}/")
    assert page.status_code == 404


def test_the_team_page_links_to_the_teams_record(world: World) -> None:
    page = world.client(world.commune_officer).get(f"/teams/{world.team_a1.pk}/")
    assert f"/recognition/teams/{world.team_a1.pk}/" in page.content.decode()


def test_an_officer_sets_criteria_through_the_form(world: World) -> None:
    code = world.code(world.commune_a)
    answer = world.client(world.commune_officer).post(
        f"/recognition/units/{code}/criteria/",
        {
            "name": "Thành viên tiêu biểu năm 2026",
            "subject": "member",
            "measure_1": "households",
            "at_least_1": "40",
            "measure_2": "indicator:vneid_l2",
            "at_least_2": "20",
        },
    )
    assert answer.status_code == 302
    found = Criteria.objects.get()
    assert found.conditions == [
        {"measure": "households", "at_least": 40},
        {"measure": "indicator:vneid_l2", "at_least": 20},
    ]
    page = world.client(world.commune_officer).get(f"/recognition/units/{code}/criteria/")
    assert "Số hộ đã thăm: ít nhất 40" in page.content.decode()


def test_criteria_without_a_condition_are_refused_on_the_form(world: World) -> None:
    code = world.code(world.commune_a)
    page = world.client(world.commune_officer).post(
        f"/recognition/units/{code}/criteria/", {"name": "Tiêu chí", "subject": "member"}
    )
    assert page.status_code == 200
    assert "Thêm ít nhất một điều kiện" in page.content.decode()
    assert not Criteria.objects.exists()


def test_proposing_from_the_unit_page_opens_the_proposal(world: World) -> None:
    link_members(world)
    found = criteria(world)
    visits(world.member, world.village_a1, 3)
    code = world.code(world.commune_a)
    answer = world.client(world.commune_officer).post(
        f"/recognition/units/{code}/propose/", {"period": "this_month", "criteria": found.pk}
    )
    made = Commendation.objects.get()
    assert answer["Location"] == f"/recognition/proposals/{made.pk}/"
    page = world.client(world.commune_officer).get(answer["Location"]).content.decode()
    assert "Thành viên tiêu biểu năm 2026" in page and "Lò Thị Mai" in page
    assert "Số hộ đã thăm: ít nhất 3" in page


def test_a_correction_without_a_reason_shows_the_reason_field_error(world: World) -> None:
    made = proposal(world)
    entry = made.entries.get(name="Lò Văn Xuân")
    url = f"/recognition/proposals/{made.pk}/entries/{entry.pk}/correct/"
    page = world.client(world.commune_officer).post(
        url, {"measure": "households", "value": "4", "reason": ""}
    )
    assert page.status_code == 200
    assert "Ghi lý do điều chỉnh vào ô “Lý do”" in page.content.decode()
    assert not FigureCorrection.objects.exists()
    done = world.client(world.commune_officer).post(
        url, {"measure": "households", "value": "4", "reason": "Sổ của thôn"}
    )
    assert done.status_code == 302 and FigureCorrection.objects.count() == 1


def test_a_leader_reads_the_proposal_but_has_no_buttons(world: World) -> None:
    made = proposal(world)
    page = world.client(world.leader).get(f"/recognition/proposals/{made.pk}/").content.decode()
    assert "Lò Thị Mai" in page and "Cầm Thị Thoa" not in page
    assert "/decide/" not in page and "/submit/" not in page
    entry = made.entries.get(name="Lò Thị Mai")
    refused = world.client(world.leader).post(
        f"/recognition/proposals/{made.pk}/entries/{entry.pk}/decide/", {"decision": "approved"}
    )
    assert refused.status_code == 404


def test_an_officer_approves_from_the_proposal_page(world: World) -> None:
    made = proposal(world)
    entry = made.entries.get(name="Lò Thị Mai")
    world.client(world.commune_officer).post(
        f"/recognition/proposals/{made.pk}/entries/{entry.pk}/decide/", {"decision": "approved"}
    )
    entry.refresh_from_db()
    assert entry.decision == "approved"


def test_certificates_of_merit_wait_for_the_submission(world: World) -> None:
    made = proposal(world)
    answer = world.client(world.commune_officer).get(
        f"/recognition/proposals/{made.pk}/giay-khen.pdf"
    )
    assert answer.status_code == 302


@pytest.mark.parametrize("who", ["member", "member_b", "outsider", "leader"])
def test_others_cannot_download_a_proposal(world: World, who: str) -> None:
    made = proposal(world)
    for tail in ("to-trinh.pdf", "to-trinh.docx", "giay-khen.pdf"):
        answer = world.client(getattr(world, who)).get(f"/recognition/proposals/{made.pk}/{tail}")
        assert answer.status_code == 404, tail
