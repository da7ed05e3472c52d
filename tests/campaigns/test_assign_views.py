"""The pages that share a campaign's households among members, and each member's to-do."""

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.campaigns import services as campaigns
from langso.campaigns.models import Assignment, Campaign
from langso.core.dates import today
from langso.people import services as people
from langso.people.models import Household
from langso.visits import services as visits
from tests.browser import PHONE, phone
from tests.homes.pages import problems, visible_text
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

# People in households 1 to 6 of village A1 (household 5 has nobody recorded yet).
PEOPLE = [3, 1, 2, 4, 0, 2]
# The second member of A1, named as people are (pages show the name, never the login).
MEMBER2 = "Cầm Thị Hoa"
VNEID = "Công dân từ 14 tuổi đã kích hoạt định danh điện tử mức 2 (VNeID)"


@dataclass
class Plan:
    world: World
    campaign: Campaign
    households: list[Household]
    elsewhere: Household
    member2: User
    officer_b: User

    def village_url(self, suffix: str = "") -> str:
        code = self.world.code(self.world.village_a1)
        return f"/campaigns/{self.campaign.pk}/villages/{code}/{suffix}"

    @property
    def to_do_url(self) -> str:
        return f"/campaigns/{self.campaign.pk}/to-do/"


def _user(username: str, full_name: str, role: Role, unit: object) -> User:
    user, _ = accounts.user_provision(username=username, password=PASSWORD, full_name=full_name)
    accounts.role_grant(user=user, role=role, unit=unit)  # type: ignore[arg-type]
    return user


def build_plan(world: World) -> Plan:
    year = today().year
    households = []
    for number, count in enumerate(PEOPLE, 1):
        household = people.household_create(
            actor=SYSTEM, village=world.village_a1, number=str(number), head_name=f"Lò Văn {number}"
        )
        for index in range(count):
            people.resident_create(
                actor=SYSTEM,
                household=household,
                data=people.ResidentData(
                    full_name=f"Lò Văn {number}" if index == 0 else f"Lò Thị {number}.{index}",
                    birth_year=year - 30,
                    is_head=index == 0,
                ),
            )
        households.append(household)
    elsewhere = people.household_create(
        actor=SYSTEM, village=world.village_a2, number="1", head_name="Cầm Văn Khác"
    )
    campaign = campaigns.campaign_create(
        actor=world.commune_officer,
        name="VNeID mức 2 toàn xã",
        basis_number="125/KH-UBND",
        basis_date=None,
        unit_code=world.code(world.commune_a),
        starts_on=today() - timedelta(days=10),
        ends_on=today() + timedelta(days=80),
        goals=[campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
    )
    campaigns.campaign_activate(actor=world.commune_officer, campaign=campaign)
    return Plan(
        world=world,
        campaign=campaign,
        households=households,
        elsewhere=elsewhere,
        member2=_user("member2", MEMBER2, Role.TEAM_MEMBER, world.village_a1),
        officer_b=_user("officer_b", "Cán bộ xã B", Role.COMMUNE_OFFICER, world.commune_b),
    )


@pytest.fixture
def plan(fixture_day: object, world: World) -> Plan:
    return build_plan(world)


def _rows(html: str) -> int:
    return html.count("data-row")


def _holders(plan: Plan) -> dict[int, int]:
    return dict(
        Assignment.objects.filter(campaign=plan.campaign, ended_at__isnull=True).values_list(
            "household_id", "member_id"
        )
    )


# Who may open what ----------------------------------------------------------------------------


def test_the_leader_of_the_village_sees_every_household_in_number_order(plan: Plan) -> None:
    answer = plan.world.client(plan.world.leader).get(plan.village_url())
    assert answer.status_code == 200
    html = answer.content.decode()
    assert _rows(html) == len(PEOPLE)
    heads = re.findall(r"Lò Văn (\d+)</label>", html)
    assert heads == [str(n) for n in range(1, len(PEOPLE) + 1)]
    assert problems(visible_text(html)) == []


def test_the_officers_above_the_village_may_share_it_out(plan: Plan) -> None:
    for who in (plan.world.commune_officer, plan.world.province_officer):
        assert plan.world.client(who).get(plan.village_url()).status_code == 200


@pytest.mark.parametrize("who", ["member", "member_b", "outsider", "officer_b"])
def test_who_does_not_share_out_the_village_gets_404(plan: Plan, who: str) -> None:
    user = plan.officer_b if who == "officer_b" else getattr(plan.world, who)
    client = plan.world.client(user)
    for url in (
        plan.village_url(),
        plan.village_url(f"households/{plan.households[0].pk}/"),
        f"/campaigns/{plan.campaign.pk}/villages/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (plan.village_url("split/"), plan.village_url("give/")):
        answer = client.post(url, {"households": [plan.households[0].pk], "member": "none"})
        assert answer.status_code == 404, url
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("who", ["member_b", "outsider", "officer_b"])
def test_who_is_outside_the_campaign_gets_404_for_the_to_do(plan: Plan, who: str) -> None:
    user = plan.officer_b if who == "officer_b" else getattr(plan.world, who)
    assert plan.world.client(user).get(plan.to_do_url).status_code == 404


def test_a_village_outside_the_campaign_is_refused_in_words(plan: Plan) -> None:
    client = plan.world.client(plan.world.province_officer)
    url = f"/campaigns/{plan.campaign.pk}/villages/{plan.world.code(plan.world.village_b1)}/"
    answer = client.get(url)
    assert answer.status_code == 400
    assert "không phải là thôn, bản của chiến dịch này" in answer.content.decode()


# Sharing out ------------------------------------------------------------------------------------


def test_the_even_split_says_what_it_will_do_and_does_it(plan: Plan) -> None:
    client = plan.world.client(plan.world.leader)
    html = client.get(plan.village_url()).content.decode()
    # 12 people recorded in 6 households, for the 2 members of the village (not its leader).
    assert "Chia đều 6 hộ cho 2 thành viên theo thứ tự số hộ, mỗi người khoảng 6 nhân khẩu" in html
    answer = client.post(plan.village_url("split/"))
    assert answer.status_code == 302
    holders = _holders(plan)
    assert set(holders) == {h.pk for h in plan.households}
    order = [holders[h.pk] for h in plan.households]
    first, second = sorted({plan.world.member.pk, plan.member2.pk})
    # Runs in household-number order: the first member's households, then the second's.
    assert order == sorted(order, key=[first, second].index)
    assert set(order) == {first, second}
    page = client.get(answer["Location"]).content.decode()
    assert "Đã chia đều: 6 hộ có người giữ mới." in page


def test_the_split_preview_names_each_members_run_as_the_split_makes_it(plan: Plan) -> None:
    client = plan.world.client(plan.world.leader)
    html = client.get(plan.village_url()).content.decode()
    previewed = re.findall(rf"<strong>(member|{MEMBER2})</strong>: (\d+) hộ", html)
    client.post(plan.village_url("split/"))
    names = {plan.world.member.pk: "member", plan.member2.pk: MEMBER2}
    counts: dict[str, int] = {}
    for member in _holders(plan).values():
        counts[names[member]] = counts.get(names[member], 0) + 1
    assert {name: int(n) for name, n in previewed} == counts


def test_giving_households_by_hand_and_moving_one_keeps_who_had_it_when(plan: Plan) -> None:
    world = plan.world
    client = world.client(world.leader)
    first, second = plan.households[0], plan.households[1]
    answer = client.post(
        plan.village_url("give/"),
        {"households": [first.pk, second.pk], "member": str(world.member.pk)},
    )
    assert answer.status_code == 302
    assert _holders(plan) == {first.pk: world.member.pk, second.pk: world.member.pk}
    client.post(plan.village_url("give/"), {"households": [first.pk], "member": plan.member2.pk})
    assert _holders(plan)[first.pk] == plan.member2.pk
    rows = Assignment.objects.filter(campaign=plan.campaign, household=first).order_by("pk")
    assert [(row.member_id, row.ended_at is None) for row in rows] == [
        (world.member.pk, False),
        (plan.member2.pk, True),
    ]
    history = client.get(plan.village_url(f"households/{first.pk}/"))
    assert history.status_code == 200
    html = history.content.decode()
    assert "đang giữ" in html
    assert html.index(MEMBER2) < html.index("<strong>member</strong>")  # newest first
    assert "member2" not in html
    assert problems(visible_text(html)) == []


def test_households_taken_back_belong_to_nobody(plan: Plan) -> None:
    client = plan.world.client(plan.world.leader)
    client.post(plan.village_url("split/"))
    ids = [h.pk for h in plan.households[:2]]
    answer = client.post(plan.village_url("give/"), {"households": ids, "member": "none"})
    assert answer.status_code == 302
    assert not set(ids) & set(_holders(plan))
    page = client.get(plan.village_url(), {"show": "unassigned"}).content.decode()
    assert _rows(page) == 2


def test_a_household_of_another_village_is_refused_with_its_message(plan: Plan) -> None:
    client = plan.world.client(plan.world.leader)
    answer = client.post(
        plan.village_url("give/"),
        {
            "households": [plan.households[0].pk, plan.elsewhere.pk],
            "member": plan.world.member.pk,
        },
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert f"Hộ {plan.elsewhere.pk} không phải là hộ của thôn, bản này." in html
    assert not Assignment.objects.exists()
    # The households ticked stay ticked, and the member chosen stays chosen, to try again.
    assert f'value="{plan.households[0].pk}" id="h-{plan.households[0].pk}" checked' in html
    assert problems(visible_text(html)) == []


def test_giving_without_choosing_anyone_is_refused_in_words(plan: Plan) -> None:
    client = plan.world.client(plan.world.leader)
    answer = client.post(plan.village_url("give/"), {"households": [plan.households[0].pk]})
    assert answer.status_code == 400
    assert "Chọn người nhận" in answer.content.decode()
    answer = client.post(plan.village_url("give/"), {"member": plan.world.member.pk})
    assert answer.status_code == 400
    assert "Chọn ít nhất một hộ" in answer.content.decode()
    assert not Assignment.objects.exists()


def test_a_closed_campaign_shows_no_forms_and_refuses_to_share(plan: Plan) -> None:
    campaigns.campaign_close(actor=plan.world.commune_officer, campaign=plan.campaign)
    client = plan.world.client(plan.world.leader)
    html = client.get(plan.village_url()).content.decode()
    assert "/split/" not in html
    assert 'name="households"' not in html
    answer = client.post(plan.village_url("split/"))
    assert answer.status_code == 400
    assert "Chiến dịch này đã kết thúc." in answer.content.decode()


def test_the_village_list_counts_what_is_given_and_what_is_not(plan: Plan) -> None:
    world = plan.world
    client = world.client(world.commune_officer)
    client.post(
        plan.village_url("give/"),
        {"households": [h.pk for h in plan.households[:4]], "member": world.member.pk},
    )
    html = client.get(f"/campaigns/{plan.campaign.pk}/villages/").content.decode()
    assert _rows(html) == 2  # A1 and A2
    a1 = html[html.index("Bản Hua Nà") :]
    assert re.search(r'<td class="n">6</td>\s*<td class="n">4</td>\s*<td class="n[^"]*">2</td>', a1)
    waiting = client.get(f"/campaigns/{plan.campaign.pk}/villages/", {"unassigned": "1"})
    assert _rows(waiting.content.decode()) == 2  # A1 has 2 left, A2 its one
    leader = world.client(world.leader).get(f"/campaigns/{plan.campaign.pk}/villages/")
    assert _rows(leader.content.decode()) == 1  # the leader shares out A1 only
    assert problems(visible_text(html)) == []


def test_a_long_village_is_shown_fifty_households_a_page(plan: Plan) -> None:
    for number in range(7, 60):
        people.household_create(actor=SYSTEM, village=plan.world.village_a1, number=str(number))
    client = plan.world.client(plan.world.leader)
    first = client.get(plan.village_url()).content.decode()
    assert _rows(first) == 50
    assert 'rel="next"' in first
    second = client.get(plan.village_url(), {"page": "2"}).content.decode()
    assert _rows(second) == 59 - 50


# Who did what -----------------------------------------------------------------------------------


def _visit(actor: User, household: Household, observations: list[dict[str, object]]) -> None:
    event = {
        "id": str(uuid.uuid4()),
        "kind": "visit",
        "household_id": household.pk,
        "occurred_at": timezone.localtime(timezone.now() - timedelta(hours=1)).isoformat(),
        "topics": ["vneid"],
        "observations": observations,
        "note": "",
    }
    answers = visits.sync_push(actor=actor, device_id="test", events=[event])
    assert [a["status"] for a in answers] == ["created"]


def test_the_leader_sees_who_visited_a_household_someone_else_holds(plan: Plan) -> None:
    world = plan.world
    client = world.client(world.leader)
    first = plan.households[0]
    client.post(plan.village_url("give/"), {"households": [first.pk], "member": world.member.pk})
    head = first.residents.order_by("pk").first()
    assert head is not None
    # The member2 visits a household given to the member and brings its head to VNeID.
    _visit(plan.member2, first, [{"resident_id": head.pk, "indicator": "vneid_l2", "value": True}])
    html = client.get(plan.village_url()).content.decode()
    row = html[html.index(f'id="h-{first.pk}"') :]
    row = row[: row.index("</tr>")]
    assert MEMBER2 in row
    table = html[html.index("Ai đã làm gì") :]
    cells = r"\s*<td[^>]*>(\d+)</td>" * 3
    found = re.search(rf"{MEMBER2}</th>{cells}", table)
    assert found is not None
    assert found.groups() == ("0", "1", "1")  # holds none, one visit, one person moved


# To-do ------------------------------------------------------------------------------------------


def test_a_member_sees_only_their_own_to_do_most_left_first(plan: Plan) -> None:
    world = plan.world
    world.client(world.leader).post(plan.village_url("split/"))
    holders = _holders(plan)
    mine = [h for h in plan.households if holders[h.pk] == world.member.pk]
    theirs = [h for h in plan.households if holders[h.pk] == plan.member2.pk]
    client = world.client(world.member)
    answer = client.get(plan.to_do_url)
    assert answer.status_code == 200
    html = answer.content.decode()
    with_people = [h for h in mine if PEOPLE[int(h.number) - 1]]
    assert _rows(html) == len(with_people)
    for household in theirs:
        assert f"<strong>{household.head_name}</strong>" not in html
    shown = [int(n) for n in re.findall(r"<strong>Lò Văn (\d+)</strong>", html)]
    assert [PEOPLE[n - 1] for n in shown] == sorted((PEOPLE[n - 1] for n in shown), reverse=True)
    assert VNEID in html
    assert "vneid_l2" not in visible_text(html)
    assert 'href="/field/"' in html
    assert problems(visible_text(html)) == []
    # Another member's to-do is not the member's to read, whoever asks for it.
    assert client.get(plan.to_do_url, {"member": plan.member2.pk}).status_code == 404


def test_the_leader_reads_a_members_to_do_but_not_of_another_village(plan: Plan) -> None:
    world = plan.world
    world.client(world.leader).post(plan.village_url("split/"))
    leader = world.client(world.leader)
    answer = leader.get(plan.to_do_url, {"member": plan.member2.pk})
    assert answer.status_code == 200
    assert f"Việc cần làm của {MEMBER2}" in answer.content.decode()
    # A member of another commune holds nothing the leader shares out.
    assert leader.get(plan.to_do_url, {"member": world.member_b.pk}).status_code == 404
    for odd in ("x", "-1", str(2**63), "9" * 30):
        assert leader.get(plan.to_do_url, {"member": odd}).status_code == 404


def test_a_household_with_everything_leaves_the_to_do_for_the_done_list(plan: Plan) -> None:
    world = plan.world
    second = plan.households[1]  # one person
    world.client(world.leader).post(
        plan.village_url("give/"), {"households": [second.pk], "member": world.member.pk}
    )
    client = world.client(world.member)
    assert _rows(client.get(plan.to_do_url).content.decode()) == 1
    head = second.residents.get()
    _visit(world.member, second, [{"resident_id": head.pk, "indicator": "vneid_l2", "value": True}])
    html = client.get(plan.to_do_url).content.decode()
    assert _rows(html) == 0
    assert "1 hộ đã xong" in html


def test_the_follow_up_day_is_on_the_to_do(plan: Plan) -> None:
    world = plan.world
    first = plan.households[0]
    world.client(world.leader).post(
        plan.village_url("give/"), {"households": [first.pk], "member": world.member.pk}
    )
    due = today() + timedelta(days=3)
    answers = visits.sync_push(
        actor=world.member,
        device_id="test",
        events=[
            {
                "kind": "follow_up",
                "id": str(uuid.uuid4()),
                "household_id": first.pk,
                "due_on": due.isoformat(),
            }
        ],
    )
    assert [a["status"] for a in answers] == ["created"]
    html = world.client(world.member).get(plan.to_do_url).content.decode()
    assert f"Hẹn quay lại ngày {due:%d/%m/%Y}" in html


# In a browser ------------------------------------------------------------------------------------


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def _read(page: Any, where: str) -> list[str]:
    """What is wrong with the page on the phone: words a person must not read, or a width
    past the phone's."""
    found = [f"{where}: {p}" for p in problems(page.inner_text("body"))]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"{where}: {width} px wide")
    return found


@pytest.mark.django_db(transaction=True)
def test_a_leader_shares_out_on_a_phone_without_scripts_and_the_member_reads_the_to_do(
    fixture_day: object,
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
) -> None:
    # The live server speaks plain http; cookies marked Secure would not come back over it.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    plan = build_plan(world)
    base = live_server.url
    context, page, errors = phone(chromium, locale="vi-VN", java_script_enabled=False)
    _log_in(page, base, "leader")
    page.goto(base + plan.village_url())
    failures = _read(page, "village")
    page.locator("form[action$='/split/'] button").click()
    page.wait_for_load_state("load")
    assert "Đã chia đều: 6 hộ có người giữ mới." in page.inner_text(".messages")
    first = plan.households[0]
    page.locator(f"#h-{first.pk}").check()
    page.select_option("#give-member", label=MEMBER2)
    page.locator(".give-bar button").click()
    page.wait_for_load_state("load")
    assert f"Đã giao 1 hộ cho {MEMBER2}." in page.inner_text(".messages")
    failures += _read(page, "village after giving")
    page.goto(base + plan.village_url(f"households/{first.pk}/"))
    failures += _read(page, "history")
    page.goto(f"{base}/")
    failures += _read(page, "leader's home")
    context.close()
    context, page, more = phone(chromium, locale="vi-VN", java_script_enabled=False)
    _log_in(page, base, "member")
    page.goto(f"{base}/")
    page.locator(f"a[href='{plan.to_do_url}']").click()
    page.wait_for_load_state("load")
    assert page.locator("[data-row]").count() >= 1
    failures += _read(page, "to-do")
    context.close()
    assert failures == []
    assert errors + more == []
