"""Each role's home: the counts of the work waiting, each the length of the list it leads to."""

import re

import pytest
from django.test import Client

from langso import access
from langso.access import ANONYMOUS
from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.feedback.codes import format_code
from langso.homes import selectors
from langso.indicators.models import Indicator, Population
from langso.learning.models import Skill
from langso.outreach import services as outreach
from langso.outreach.audience import Audience
from langso.visits import services as visits
from tests.homes.busy import (
    HOUSEHOLDS_A1,
    VISITED_A1,
    Busy,
    counts_on_home,
    rows_of_list,
    visit_event,
)
from tests.outreach.town import build_town
from tests.roles import World

pytestmark = pytest.mark.django_db

ROLES = ["province_officer", "commune_officer", "leader", "member"]


@pytest.mark.parametrize("who", ROLES)
def test_every_count_on_a_home_equals_the_rows_of_the_list_it_leads_to(
    busy: Busy, who: str
) -> None:
    client = busy.world.client(getattr(busy.world, who))
    counts = counts_on_home(client)
    assert counts, "the home shows no count"
    for url, count in counts:
        assert rows_of_list(client, url) == count, url


def test_the_counts_are_the_work_actually_waiting(busy: Busy) -> None:
    """Checked against the data built, so that "count equals list" cannot pass on two zeros."""
    world = busy.world
    officer = dict(counts_on_home(world.client(world.commune_officer)))
    code = world.code(world.commune_a)
    assert officer["/feedback/reports/?status=new"] == 2
    assert officer["/feedback/reports/?overdue=on"] == 1
    assert officer["/home/imports/"] == 1
    assert officer["/id-conflicts/"] == 1
    assert officer["/corrections/"] == 1
    assert officer[f"/home/{code}/quiet-villages/"] == 1  # A2; A1 had visits yesterday
    # The commune's team has no leader; A2's has no Zalo group; A1's has both.
    assert officer[f"/home/{code}/teams/?incomplete=1"] == 2
    assert officer[f"/home/{code}/without-account/"] == 2  # the leaders of A1 and A2
    province = dict(counts_on_home(world.client(world.province_officer)))
    assert province["/kiem-tra/kiem-duyet"] == 1
    leader = dict(counts_on_home(world.client(world.leader)))
    village = world.code(world.village_a1)
    assert leader[f"/home/{village}/not-visited/"] == HOUSEHOLDS_A1 - VISITED_A1
    assert leader[f"/home/{village}/to-do/"] == HOUSEHOLDS_A1


def test_a_list_longer_than_a_page_is_counted_over_all_its_pages(busy: Busy) -> None:
    client = busy.world.client(busy.world.leader)
    url = f"/home/{busy.world.code(busy.world.village_a1)}/not-visited/"
    first = client.get(url).content.decode()
    assert first.count("data-row") == 50
    assert 'rel="next"' in first
    assert rows_of_list(client, url) == HOUSEHOLDS_A1 - VISITED_A1


def test_a_household_that_has_everything_leaves_the_to_do(busy: Busy) -> None:
    world = busy.world
    version = selectors.seen_unit(actor=world.leader, code=world.code(world.village_a1))
    before = selectors.households_to_do(actor=world.leader, version=version)
    resident = busy.households[0].residents.get()
    event = visit_event(busy.households[0], 0)
    event["observations"] = [
        {"resident_id": resident.pk, "indicator": i.code, "value": True}
        for i in Indicator.objects.filter(population=Population.RESIDENTS, computed=False)
    ]
    # Proficiency in the basic skills is worked out from the skills seen, not ticked.
    event["skills"] = [
        {"resident_id": resident.pk, "skill": code, "value": True}
        for code in Skill.objects.filter(basic=True).values_list("code", flat=True)
    ]
    visits.sync_push(actor=world.member, device_id="test", events=[event])
    after = selectors.households_to_do(actor=world.leader, version=version)
    assert len(after) == len(before) - 1
    assert busy.households[0].pk not in {row.household.pk for row in after}


def test_the_to_do_names_who_lacks_what(busy: Busy) -> None:
    client = busy.world.client(busy.world.member)
    page = client.get(f"/home/{busy.world.code(busy.world.village_a1)}/to-do/")
    html = page.content.decode()
    assert "Lò Văn 1" in html
    assert "Người trưởng thành có điện thoại thông minh" in html


def test_a_person_with_several_roles_sees_each_part(busy: Busy) -> None:
    world = busy.world
    accounts.role_grant(user=world.commune_officer, role=Role.TEAM_LEADER, unit=world.village_a1)
    html = world.client(world.commune_officer).get("/").content.decode()
    code, village = world.code(world.commune_a), world.code(world.village_a1)
    assert f"/home/{code}/quiet-villages/" in html
    assert f"/home/{village}/not-visited/" in html
    assert "https://zalo.me/g/huana01" in html


def test_the_leader_sees_the_zalo_group_its_qr_and_each_members_week(busy: Busy) -> None:
    html = busy.world.client(busy.world.leader).get("/").content.decode()
    assert "https://zalo.me/g/huana01" in html
    assert "<svg" in html
    assert "Lò Văn Xuân" in html  # the team's leader, on the week's table


def test_a_member_gets_the_field_app_and_the_to_do(busy: Busy) -> None:
    html = busy.world.client(busy.world.member).get("/").content.decode()
    assert 'href="/field/"' in html
    assert f"/home/{busy.world.code(busy.world.village_a1)}/to-do/" in html
    assert "/quiet-villages/" not in html


def test_someone_without_a_role_is_told_to_ask_for_one(world: World) -> None:
    html = world.client(world.outsider).get("/").content.decode()
    assert "chưa được giao vai trò" in html


def test_a_visitor_is_sent_to_log_in(world: World) -> None:
    answer = world.client(None).get("/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_officers_lists_are_not_for_the_team(busy: Busy) -> None:
    world = busy.world
    village = world.code(world.village_a1)
    for path in ("teams/", "without-account/", "quiet-villages/"):
        assert world.client(world.leader).get(f"/home/{village}/{path}").status_code == 404
        assert world.client(world.commune_officer).get(f"/home/{village}/{path}").status_code == 200


def test_another_communes_member_cannot_open_a_villages_lists(busy: Busy) -> None:
    world = busy.world
    village = world.code(world.village_a1)
    for path in ("not-visited/", "to-do/"):
        assert world.client(world.member_b).get(f"/home/{village}/{path}").status_code == 404


def test_imports_waiting_are_only_the_uploaders_own(busy: Busy) -> None:
    world = busy.world
    assert selectors.imports_waiting(actor=world.commune_officer).count() == 1
    assert selectors.imports_waiting(actor=world.province_officer).count() == 0
    html = world.client(world.province_officer).get("/home/imports/").content.decode()
    assert "data-row" not in html


def test_the_last_things_that_happened_are_on_the_officers_home(busy: Busy) -> None:
    world = busy.world
    version = selectors.managed_unit(actor=world.commune_officer, code=world.code(world.commune_a))
    texts = [h.text for h in selectors.recent(actor=world.commune_officer, version=version)]
    assert 0 < len(texts) <= selectors.RECENT
    assert any("Hua Nà" in t and "member" in t for t in texts)  # a visit, by its member
    assert any(format_code(busy.reports[0].code) in t for t in texts)  # feedback received


def test_a_bad_page_number_shows_the_last_page_not_an_error(busy: Busy) -> None:
    client = busy.world.client(busy.world.leader)
    url = f"/home/{busy.world.code(busy.world.village_a1)}/not-visited/"
    for page in ("x", "-1", "999999", "1" * 30):
        assert client.get(url, {"page": page}).status_code == 200


def test_the_menu_shows_each_role_what_it_may_open(world: World) -> None:
    assert access.menu_for(ANONYMOUS) == ["guides", "verify", "check"]
    assert access.menu_for(world.outsider) == ["accounts", "guides", "check"]
    assert access.menu_for(world.member) == [
        "units", "dashboard", "campaigns", "certificates", "recognition", "households", "visits",
        "shops", "teams", "accounts", "field", "guides", "check",
    ]  # fmt: skip
    commune = access.menu_for(world.commune_officer)
    assert {"feedback", "imports", "outreach"} <= set(commune)
    # A team leader posts announcements in the team's Zalo group.
    assert "outreach" in access.menu_for(world.leader)
    assert "moderation" not in commune
    assert "field" not in commune
    assert "moderation" in access.menu_for(world.province_officer)


def test_the_guides_entry_leads_editors_to_their_desk_and_everyone_else_to_the_guides(
    world: World,
) -> None:
    def guides_link(client: Client) -> str:
        html = client.get("/").content.decode()
        nav = html[html.index('class="menu-wide"') :]
        nav = nav[: nav.index("</ul>")]
        links: list[str] = re.findall(r'href="([^"]+)"', nav)
        return next(link for link in links if "guide" in link or "huong-dan" in link)

    assert guides_link(world.client(world.province_officer)) == "/guides/manage/"
    assert guides_link(world.client(world.commune_officer)) == "/huong-dan/"
    assert guides_link(world.client(world.member)) == "/huong-dan/"


def test_every_menu_entry_opens(world: World) -> None:
    for who in (*ROLES, "member_b", "outsider"):
        client = world.client(getattr(world, who))
        html = client.get("/").content.decode()
        nav = html[html.index('class="menu-wide"') :]
        nav = nav[: nav.index("</ul>")]
        links = re.findall(r'href="([^"]+)"', nav)
        assert links, who
        for link in links:
            assert client.get(link).status_code == 200, (who, link)


def test_the_current_place_is_marked_in_the_menu(busy: Busy) -> None:
    client = busy.world.client(busy.world.commune_officer)
    html = client.get("/feedback/reports/").content.decode()
    assert 'href="/feedback/reports/" aria-current="page"' in html
    assert html.count('aria-current="page"') == 2  # the phone's menu and the wide one


def test_the_menu_badges_count_new_and_overdue_feedback(busy: Busy) -> None:
    html = busy.world.client(busy.world.commune_officer).get("/").content.decode()
    assert "2 mới" in html
    assert "1 quá hạn" in html


def test_announcements_waiting_are_counted_on_the_officers_and_the_leaders_home(
    world: World,
) -> None:
    town = build_town(world)
    audience = Audience(units=(world.code(world.village_a1),), teams="members")
    draft = outreach.Draft(title="Họp tổ", text="Chào {ten}.", audience=audience, channels=("app",))
    outreach.announcement_create(actor=world.commune_officer, draft=draft)
    outreach.announcement_send(
        actor=world.commune_officer,
        announcement=outreach.announcement_create(actor=world.commune_officer, draft=draft),
    )
    officer = world.client(world.commune_officer)
    counts = dict(counts_on_home(officer))
    assert counts["/outreach/?status=draft"] == 1
    assert rows_of_list(officer, "/outreach/?status=draft") == 1
    assert 'href="/outreach/new/"' in officer.get("/").content.decode()
    # The world's leader leads A1 as its deputy (tests/outreach/town.py): one post to make.
    assert town.leader_person.user_id == world.leader.pk
    leader = world.client(world.leader)
    counts = dict(counts_on_home(leader))
    assert counts["/outreach/groups/?waiting=1"] == 1
    assert rows_of_list(leader, "/outreach/groups/?waiting=1") == 1
    member = counts_on_home(world.client(world.member))
    assert not any(url.startswith("/outreach/") for url, _count in member)
