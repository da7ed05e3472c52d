"""The field app's files, the visits page of a unit and a team's activity: access and content."""

import gzip
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from langso.access import SYSTEM
from langso.people.services import ResidentData, household_create, resident_create
from langso.teams import services as teams
from langso.teams.models import TeamRole
from langso.visits import services
from tests.roles import World

pytestmark = pytest.mark.django_db


def visit(world: World, days_ago: int = 1) -> int:
    household = household_create(actor=SYSTEM, village=world.village_a1, head_name="Lò Văn Pánh")
    head = resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name="Lò Văn Pánh", birth_year=1980, is_head=True),
    )
    results = services.sync_push(
        actor=world.member,
        device_id="t",
        events=[
            {
                "id": str(uuid.uuid4()),
                "household_id": household.pk,
                "occurred_at": (timezone.now() - timedelta(days=days_ago)).isoformat(),
                "topics": ["vneid"],
                "residents_present": [head.pk],
                "observations": [{"resident_id": head.pk, "indicator": "vneid_l2", "value": True}],
            }
        ],
    )
    assert results[0]["status"] == "created"
    return household.pk


def test_the_field_app_shell_is_public_and_says_where_the_api_is(world: World) -> None:
    page = world.client(None).get("/field/")
    assert page.status_code == 200
    assert b'id="field-config"' in page.content
    assert b"/api/v1" in page.content


def test_the_service_worker_caches_the_shell_under_field(world: World) -> None:
    worker = world.client(None).get("/field/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/field/"
    assert b"/static/field/app.js" in worker.content
    assert b"langso-field-" in worker.content


def test_the_app_can_be_installed(world: World) -> None:
    manifest = world.client(None).get("/field/manifest.webmanifest").json()
    assert manifest["start_url"] == "/field/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert sizes == {"192x192", "512x512"}
    icon = world.client(None).get("/field/icon-512.png")
    assert icon.content.startswith(b"\x89PNG")


def test_every_page_and_the_browsers_favicon_request_get_the_icon(world: World) -> None:
    client = world.client(None)
    assert (
        b'rel="icon" type="image/png" href="/field/icon-192.png"' in client.get("/kiem-tra").content
    )
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"] == "/field/icon-192.png"
    assert client.get(answer["Location"]).content.startswith(b"\x89PNG")


def test_the_first_load_is_well_under_150_kb_compressed(world: World) -> None:
    shell = world.client(None).get("/field/").content
    static = Path(settings.BASE_DIR) / "static" / "field"
    files = [shell, *(path.read_bytes() for path in static.iterdir())]
    total = sum(len(gzip.compress(content)) for content in files)
    assert total < 150 * 1024, total


def test_officers_and_the_village_team_see_its_visits(world: World) -> None:
    visit(world)
    code = world.code(world.village_a1)
    for who in ("member", "leader", "commune_officer", "province_officer"):
        page = world.client(getattr(world, who)).get(f"/units/{code}/visits/")
        assert page.status_code == 200, who
        assert "Lò Văn Pánh" in page.content.decode()


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_others_get_404_for_a_villages_visits(world: World, who: str) -> None:
    visit(world)
    code = world.code(world.village_a1)
    assert world.client(getattr(world, who)).get(f"/units/{code}/visits/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    response = world.client(None).get(f"/units/{world.code(world.village_a1)}/visits/")
    assert response.status_code == 302


def test_households_not_visited_lately_are_listed(world: World) -> None:
    visit(world, days_ago=40)
    household_create(actor=SYSTEM, village=world.village_a1, head_name="Hộ Chưa Thăm")
    page = world.client(world.commune_officer).get("/units/03721/visits/?days=30").content.decode()
    unvisited = page[page.index("<h2>") :]
    assert "Hộ Chưa Thăm" in unvisited and "Lò Văn Pánh" in unvisited
    recent = world.client(world.commune_officer).get("/units/03721/visits/?days=60").content
    assert "Lò Văn Pánh" not in recent.decode()[recent.decode().index("<h2>") :]


def test_a_thousand_days_stay_a_number_the_form_can_send_back(world: World) -> None:
    """Vietnamese writes 1000 as "1.000", which a number field reads back as 1."""
    visit(world)
    page = world.client(world.commune_officer).get("/units/03721/visits/?days=1000").content
    assert 'value="1000"' in page.decode()
    assert "?days=1000&amp;member=" in page.decode()


def test_a_bad_number_of_days_names_the_parameter(world: World) -> None:
    response = world.client(world.commune_officer).get("/units/03721/visits/?days=x")
    assert response.status_code == 400
    assert "days" in response.content.decode()


def test_the_leader_sees_what_each_member_did(world: World) -> None:
    membership = teams.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Thành Viên", role=TeamRole.MEMBER
    )
    teams.person_link_user(person_id=membership.person_id, user=world.member)
    visit(world)
    page = world.client(world.leader).get(f"/teams/{world.team_a1.pk}/activity/")
    assert page.status_code == 200
    row = page.content.decode().split("Thành Viên", 1)[1].split("</tr>", 1)[0]
    # One visit, one household, one person, one indicator moved.
    assert row.count('class="n">1<') == 4


@pytest.mark.parametrize("who", ["member", "member_b", "outsider"])
def test_members_and_others_get_404_for_a_teams_activity(world: World, who: str) -> None:
    response = world.client(getattr(world, who)).get(f"/teams/{world.team_a1.pk}/activity/")
    assert response.status_code == 404
