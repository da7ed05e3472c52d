"""The officers' campaign pages: the list, creating a campaign, a draft's goals, activating and
closing, the progress page for each role, raising a unit's targets, and the day picker."""

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from langso.access import SYSTEM
from langso.campaigns import services
from langso.campaigns.errors import CampaignError
from langso.campaigns.models import Campaign, CampaignStatus, Goal, UnitTarget
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import services as people
from langso.people.models import Resident
from langso.people.services import ResidentData
from langso.units import services as units
from langso.units.models import Kind
from langso.visits import services as sync
from tests.homes.pages import problems, visible_text
from tests.roles import World

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# On the fixture day (14/09/2026) the campaign is in its 14th day of 90.
STARTS = date(2026, 9, 1)
ENDS = date(2026, 11, 29)
REGISTERED = date(2026, 6, 1)
VNEID = "Công dân từ 14 tuổi đã kích hoạt định danh điện tử mức 2 (VNeID)"


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@dataclass
class Plan:
    """Commune A's campaign "VNeID mức 2" (90% of its citizens aged 14+, and 20 more people
    guided on online safety), active since 01/09/2026, with villages A1 and A2:

    ======  ==========  ========  =================  ========
    village  population  baseline  achieved (14/09)  gained
    ======  ==========  ========  =================  ========
    A1      10          2         5                  3
    A2      6           1         1                  0
    commune 16          3         6                  3
    ======  ==========  ========  =================  ========

    One of A1's gains came from a visit of ``member`` on 10/09.
    """

    campaign: Campaign
    a1: list[Resident]
    a2: list[Resident]


def observe(resident: Resident, code: str, when: datetime, source: Source = Source.MANUAL) -> None:
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code=code),
        subject=people.resident_subject(resident),
        value=True,
        observed_at=when,
        source=source,
    )


def villagers(world: World, village: Any, count: int, prefix: str) -> list[Resident]:
    found = []
    for number in range(1, count + 1):
        home = people.household_create(
            actor=SYSTEM, village=village, number=str(number), day=REGISTERED
        )
        found.append(
            people.resident_create(
                actor=SYSTEM,
                household=home,
                data=ResidentData(
                    full_name=f"{prefix} {number}", birth_year=1980 + number, is_head=True
                ),
                day=REGISTERED,
            )
        )
    return found


def build_plan(world: World, *, activate: bool = True) -> Plan:
    """Needs the fixture day (the dates are written out)."""
    a1 = villagers(world, world.village_a1, 10, "Lò Văn")
    a2 = villagers(world, world.village_a2, 6, "Cầm Thị")
    for resident in (a1[0], a1[1], a2[0]):
        observe(resident, "vneid_l2", at(date(2026, 8, 20)))
    observe(a1[2], "vneid_l2", at(date(2026, 9, 5)))
    observe(a1[3], "vneid_l2", at(date(2026, 9, 13)))
    sync.sync_push(
        actor=world.member,
        device_id="phone-1",
        events=[
            {
                "kind": "visit",
                "id": str(uuid.uuid4()),
                "household_id": a1[4].household_id,
                "occurred_at": at(date(2026, 9, 10)).isoformat(),
                "topics": ["vneid"],
                "observations": [{"resident_id": a1[4].pk, "indicator": "vneid_l2", "value": True}],
            }
        ],
    )
    campaign = services.campaign_create(
        actor=world.commune_officer,
        name="VNeID mức 2",
        basis_number="125/KH-UBND",
        basis_date=date(2026, 8, 25),
        unit_code=world.code(world.commune_a),
        starts_on=STARTS,
        ends_on=ENDS,
        goals=[
            services.GoalData(indicator="vneid_l2", target_share=Decimal("0.9")),
            services.GoalData(indicator="scam_aware", target_count=20),
        ],
    )
    if activate:
        campaign = services.campaign_activate(actor=world.commune_officer, campaign=campaign)
    return Plan(campaign=campaign, a1=a1, a2=a2)


def old_village(world: World) -> Any:
    """Bản Nà Sản of commune A, listed since May (the role fixture's villages begin today, so
    they have no past days), with 4 citizens: 1 with VNeID level 2 before the start, 1 on 05/09
    and 1 on 12/09."""
    village = units.unit_create(
        actor=SYSTEM,
        name="Bản Nà Sản",
        kind=Kind.VILLAGE,
        parent=world.commune_a,
        valid_from=date(2026, 5, 1),
    )
    residents = villagers(world, village, 4, "Quàng Văn")
    observe(residents[0], "vneid_l2", at(date(2026, 8, 20)))
    observe(residents[1], "vneid_l2", at(date(2026, 9, 5)))
    observe(residents[2], "vneid_l2", at(date(2026, 9, 12)))
    return village


def page_url(campaign: Campaign, **query: str) -> str:
    url = reverse("campaigns:campaign", args=[campaign.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text_of(response: Any) -> str:
    return visible_text(response.content.decode())


def goal_card(html: str, name: str) -> str:
    start = html.index(f">{name}</h3>")
    return html[start : html.index("</section>", start)]


# The list ---------------------------------------------------------------------------------------


def test_the_list_shows_each_campaign_with_its_status_unit_dates_and_plan(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    draft = services.campaign_create(
        actor=world.commune_officer,
        name="Bình dân học vụ số đợt 2",
        basis_number="40/QĐ-UBND",
        basis_date=None,
        unit_code=world.code(world.village_a1),
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 12, 31),
        goals=[services.GoalData(indicator="scam_aware", target_share=Decimal("0.5"))],
    )
    response = world.client(world.commune_officer).get(reverse("campaigns:list"))
    assert response.status_code == 200
    text = text_of(response)
    assert "VNeID mức 2" in text and "Bình dân học vụ số đợt 2" in text
    assert "Đang triển khai" in text and "Bản nháp" in text
    assert "Xã Thuận Châu" in text and "Bản Hua Nà" in text
    assert "01/09/2026 – 29/11/2026" in text
    assert "Kế hoạch số 125/KH-UBND ngày 25/08/2026" in text
    assert "Quyết định số 40/QĐ-UBND" in text
    assert "Tạo chiến dịch" in text
    assert problems(text) == []
    html = response.content.decode()
    assert f'href="/campaigns/{plan.campaign.pk}/"' in html
    assert f'href="/campaigns/{draft.pk}/"' in html


def test_a_campaign_past_its_end_but_not_closed_says_so(fixture_day: object, world: World) -> None:
    services.campaign_activate(
        actor=world.commune_officer,
        campaign=services.campaign_create(
            actor=world.commune_officer,
            name="Đợt cũ",
            basis_number="12/KH-UBND",
            basis_date=None,
            unit_code=world.code(world.commune_a),
            starts_on=date(2026, 6, 1),
            ends_on=date(2026, 8, 31),
            goals=[services.GoalData(indicator="vneid_l2", target_share=Decimal("0.8"))],
        ),
    )
    text = text_of(world.client(world.commune_officer).get(reverse("campaigns:list")))
    assert "Đang triển khai · đã hết hạn" in text


def test_members_see_the_active_campaigns_of_their_commune_but_not_drafts_nor_a_create_button(
    fixture_day: object, world: World
) -> None:
    build_plan(world)
    services.campaign_create(
        actor=world.commune_officer,
        name="Nháp chưa công bố",
        basis_number="1/KH-UBND",
        basis_date=None,
        unit_code=world.code(world.commune_a),
        starts_on=STARTS,
        ends_on=ENDS,
        goals=[services.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
    )
    text = text_of(world.client(world.member).get(reverse("campaigns:list")))
    assert "VNeID mức 2" in text
    assert "Nháp chưa công bố" not in text
    assert "Tạo chiến dịch" not in text
    for who in (world.member_b, world.outsider):
        text = text_of(world.client(who).get(reverse("campaigns:list")))
        assert "VNeID mức 2" not in text
        assert "Chưa có chiến dịch nào" in text


def test_the_list_pages_fifty_at_a_time(fixture_day: object, world: World) -> None:
    for number in range(51):
        services.campaign_create(
            actor=world.commune_officer,
            name=f"Chiến dịch {number}",
            basis_number=f"{number + 1}/KH-UBND",
            basis_date=None,
            unit_code=world.code(world.commune_a),
            starts_on=STARTS,
            ends_on=ENDS,
            goals=[services.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
        )
    client = world.client(world.commune_officer)
    first = client.get(reverse("campaigns:list")).content.decode()
    assert first.count("data-row") == 50
    assert 'rel="next"' in first
    second = client.get(reverse("campaigns:list"), {"page": "2"}).content.decode()
    assert second.count("data-row") == 1


def test_the_menu_leads_everyone_with_a_role_to_the_campaigns(world: World) -> None:
    for who in (world.province_officer, world.commune_officer, world.leader, world.member):
        html = world.client(who).get("/").content.decode()
        assert '<a href="/campaigns/">Chiến dịch</a>' in html
    assert "/campaigns/" not in world.client(world.outsider).get("/").content.decode()


# Creating a campaign ----------------------------------------------------------------------------


def form_data(world: World, **changes: str) -> dict[str, str]:
    data = {
        "name": "90 ngày VNeID mức 2",
        "basis_number": "125/KH-UBND",
        "basis_date": "2026-08-25",
        "unit": world.code(world.commune_a),
        "starts_on": "2026-09-15",
        "ends_on": "2026-12-13",
        "goals-TOTAL_FORMS": "3",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "12",
        "goals-0-indicator": "vneid_l2",
        "goals-0-target_percent": "90",
        "goals-0-target_count": "",
        "goals-1-indicator": "scam_aware",
        "goals-1-target_percent": "",
        "goals-1-target_count": "1.500",
        "goals-2-indicator": "",
        "goals-2-target_percent": "",
        "goals-2-target_count": "",
    }
    data.update(changes)
    return data


def test_the_create_form_offers_the_officers_own_units_and_the_catalog_in_vietnamese(
    world: World,
) -> None:
    response = world.client(world.commune_officer).get(reverse("campaigns:new"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{world.code(world.commune_a)}"' in html
    assert f'<option value="{world.code(world.village_a1)}">Bản Hua Nà</option>' in html
    assert world.code(world.village_b1) not in html
    assert f">{VNEID}</option>" in html
    assert problems(text_of(response)) == []
    province = world.client(world.province_officer).get(reverse("campaigns:new"))
    html = province.content.decode()
    assert '<option value="14"' in html
    assert f'<option value="{world.code(world.commune_b)}">' in html
    assert '<optgroup label="Các xã, phường, đặc khu của Tỉnh Sơn La">' in html


@pytest.mark.parametrize("who", ["leader", "member", "member_b", "outsider"])
def test_only_officers_open_the_create_form(world: World, who: str) -> None:
    client = world.client(getattr(world, who))
    assert client.get(reverse("campaigns:new")).status_code == 404
    assert client.post(reverse("campaigns:new"), form_data(world)).status_code == 404
    assert not Campaign.objects.exists()


def test_a_commune_officer_creates_a_draft_with_a_percent_and_a_count_goal(
    fixture_day: object, world: World
) -> None:
    client = world.client(world.commune_officer)
    response = client.post(reverse("campaigns:new"), form_data(world))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/{campaign.pk}/"
    assert campaign.status == CampaignStatus.DRAFT
    assert (campaign.name, campaign.basis_number, campaign.basis_date) == (
        "90 ngày VNeID mức 2",
        "125/KH-UBND",
        date(2026, 8, 25),
    )
    goals = list(
        Goal.objects.filter(campaign=campaign).values_list(
            "indicator_id", "target_share", "target_count"
        )
    )
    assert goals == [("vneid_l2", Decimal("0.9000"), None), ("scam_aware", None, 1500)]
    page = client.get(response["Location"])
    assert "bản nháp" in text_of(page).lower()


def test_a_percent_written_the_vietnamese_way_is_understood(
    fixture_day: object, world: World
) -> None:
    client = world.client(world.commune_officer)
    client.post(reverse("campaigns:new"), form_data(world, **{"goals-0-target_percent": "87,5"}))
    assert Goal.objects.get(indicator_id="vneid_l2").target_share == Decimal("0.875")


def field_block(html: str, field_id: str) -> str:
    """The form's block (a field's div) that holds the input with ``field_id``."""
    position = html.index(f'id="{field_id}"')
    start = html.rindex('<div class="field', 0, position)
    return html[start : html.index("</div>", position)]


# (a change to the good form, the field that must show the error, words of the error)
BAD_FORMS = [
    ({"name": "   "}, "id_name", "Hãy đặt tên cho chiến dịch."),
    ({"name": "x" * 250}, "id_name", "200 ký tự"),
    ({"basis_number": ""}, "id_basis_number", "125/KH-UBND"),
    ({"ends_on": "2026-09-01"}, "id_ends_on", "trước ngày bắt đầu"),
    ({"ends_on": "2037-01-01"}, "id_ends_on", "mười năm"),
    ({"ends_on": "hôm qua"}, "id_ends_on", "dd/mm/yyyy"),
    ({"starts_on": "0001-01-01"}, "id_starts_on", "01/01/1900"),
    ({"unit": "03727"}, "id_unit", "Hãy chọn"),
    ({"goals-1-indicator": "vneid_l2"}, "id_goals-1-indicator", "đã là một mục tiêu"),
    ({"goals-0-target_count": "100"}, "id_goals-0-target_percent", "không phải cả hai"),
    ({"goals-0-target_percent": ""}, "id_goals-0-target_percent", "không phải cả hai"),
    ({"goals-0-target_percent": "120"}, "id_goals-0-target_percent", "100"),
    ({"goals-0-target_percent": "chín mươi"}, "id_goals-0-target_percent", "87,5"),
    ({"goals-0-target_percent": "87,125"}, "id_goals-0-target_percent", "hai chữ số thập phân"),
    ({"goals-1-target_count": "0"}, "id_goals-1-target_count", "10.000.000"),
    ({"goals-1-target_count": "nhiều"}, "id_goals-1-target_count", "số nguyên"),
    ({"goals-2-target_percent": "50"}, "id_goals-2-indicator", "Hãy chọn chỉ số"),
    ({"goals-2-indicator": "karaoke"}, "id_goals-2-indicator", "Hãy chọn"),
]


@pytest.mark.parametrize(("change", "field", "words"), BAD_FORMS)
def test_each_error_shows_its_vietnamese_message_on_its_field_and_nothing_is_saved(
    fixture_day: object, world: World, change: dict[str, str], field: str, words: str
) -> None:
    response = world.client(world.commune_officer).post(
        reverse("campaigns:new"), form_data(world, **change)
    )
    assert response.status_code == 400
    html = response.content.decode()
    block = field_block(html, field)
    assert "has-error" in block, block
    assert words in visible_text(block), visible_text(block)
    assert "Chiến dịch chưa được lưu" in text_of(response)
    assert problems(text_of(response)) == []
    assert not Campaign.objects.exists()
    assert not Goal.objects.exists()


def test_a_campaign_without_goals_is_refused_above_the_goals(
    fixture_day: object, world: World
) -> None:
    empty = {
        f"goals-{i}-{name}": ""
        for i in range(3)
        for name in ("indicator", "target_percent", "target_count")
    }
    response = world.client(world.commune_officer).post(
        reverse("campaigns:new"), form_data(world, **empty)
    )
    assert response.status_code == 400
    html = response.content.decode()
    goals = html[html.index('<fieldset class="camp-goals">') :]
    assert "Chiến dịch cần ít nhất một mục tiêu." in visible_text(goals[: goals.index("data-goal")])
    assert not Campaign.objects.exists()


def test_every_error_code_of_creating_a_campaign_is_shown_by_the_form() -> None:
    """The codes that creating a campaign raises are each reached by a case above (BAD_FORMS
    or the campaign without goals), so that a new code gets a case too."""
    reached = {
        CampaignError.NAME_REQUIRED,
        CampaignError.BASIS_REQUIRED,
        CampaignError.DATE_ORDER,
        CampaignError.GOAL_TWICE,
        CampaignError.TARGET_INVALID,
        CampaignError.GOALS_REQUIRED,
    }
    # Offered only from lists the form makes (the units one manages, the catalog): a tampered
    # value is refused by the form's choice before the service sees it.
    by_choice = {CampaignError.UNIT_LEVEL, CampaignError.INDICATOR_UNKNOWN}
    source = Path(services.__file__).read_text()
    body = "".join(
        source[source.index(f"def {start}") : source.index(f"def {end}")]
        for start, end in (
            ("_check_goals", "_write_goals"),
            ("campaign_create", "campaign_goals_set"),
        )
    )
    raised = {CampaignError[name] for name in re.findall(r"CampaignError\.(\w+)", body)}
    assert raised == reached | by_choice


def test_add_a_goal_row_keeps_what_was_typed_and_saves_nothing(
    fixture_day: object, world: World
) -> None:
    response = world.client(world.commune_officer).post(
        reverse("campaigns:new"), {**form_data(world, ends_on=""), "more": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_goals-3-indicator"' in html
    assert 'value="90 ngày VNeID mức 2"' in html
    assert 'value="1.500"' in html
    # The end date is not filled in yet: no refusal for it while rows are added.
    assert "Chiến dịch chưa được lưu" not in text_of(response)
    assert "has-error" not in html
    assert not Campaign.objects.exists()


# A draft's goals, activating, closing ---------------------------------------------------------


def goals_data(**changes: str) -> dict[str, str]:
    data = {
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "12",
        "goals-0-indicator": "vneid_l2",
        "goals-0-target_percent": "95",
        "goals-0-target_count": "",
        "goals-1-indicator": "",
        "goals-1-target_percent": "",
        "goals-1-target_count": "",
    }
    data.update(changes)
    return data


def test_a_drafts_goals_are_edited_until_activation_then_frozen(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world, activate=False)
    client = world.client(world.commune_officer)
    url = reverse("campaigns:goals", args=[plan.campaign.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="90"' in form.content.decode()
    assert 'value="20"' in form.content.decode()
    saved = client.post(url, goals_data())
    assert saved.status_code == 302
    assert list(
        Goal.objects.filter(campaign=plan.campaign).values_list("indicator_id", "target_share")
    ) == [("vneid_l2", Decimal("0.9500"))]

    page = client.get(page_url(plan.campaign)).content.decode()
    assert "Kích hoạt chiến dịch" in page
    assert "không thể hoàn tác" in visible_text(page)
    activated = client.post(reverse("campaigns:activate", args=[plan.campaign.pk]))
    assert activated.status_code == 302
    plan.campaign.refresh_from_db()
    assert plan.campaign.status == CampaignStatus.ACTIVE

    refused = client.get(url)
    assert refused.status_code == 400
    assert "Không thể thay đổi mục tiêu" in text_of(refused)
    again = client.post(url, goals_data(**{"goals-0-target_percent": "50"}))
    assert again.status_code == 400
    assert Goal.objects.get(campaign=plan.campaign).target_share == Decimal("0.95")
    assert "Sửa mục tiêu" not in text_of(client.get(page_url(plan.campaign)))


def test_a_goal_refused_by_the_goals_page_shows_on_its_row(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world, activate=False)
    url = reverse("campaigns:goals", args=[plan.campaign.pk])
    response = world.client(world.commune_officer).post(
        url, goals_data(**{"goals-1-indicator": "vneid_l2", "goals-1-target_percent": "80"})
    )
    assert response.status_code == 400
    block = field_block(response.content.decode(), "id_goals-1-indicator")
    assert "đã là một mục tiêu" in visible_text(block)


def test_closing_asks_for_a_post_and_ends_the_campaign(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    client = world.client(world.commune_officer)
    url = reverse("campaigns:close", args=[plan.campaign.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    plan.campaign.refresh_from_db()
    assert plan.campaign.status == CampaignStatus.CLOSED
    text = text_of(client.get(page_url(plan.campaign)))
    assert "Đã kết thúc" in text
    assert "Kết thúc chiến dịch" not in text


@pytest.mark.parametrize("who", ["leader", "member", "member_b", "outsider", "province_officer"])
def test_only_who_manages_the_campaigns_unit_activates_or_closes_it(
    fixture_day: object, world: World, who: str
) -> None:
    plan = build_plan(world, activate=False)
    client = world.client(getattr(world, who))
    response = client.post(reverse("campaigns:activate", args=[plan.campaign.pk]))
    plan.campaign.refresh_from_db()
    if who == "province_officer":
        # The province's officers manage every commune of it.
        assert response.status_code == 302
        assert plan.campaign.status == CampaignStatus.ACTIVE
    else:
        assert response.status_code == 404
        assert plan.campaign.status == CampaignStatus.DRAFT


# The progress page ------------------------------------------------------------------------------


def test_the_commune_officer_reads_each_goal_against_the_plan(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    response = world.client(world.commune_officer).get(page_url(plan.campaign))
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert "Kế hoạch số 125/KH-UBND ngày 25/08/2026" in text
    assert "Xã Thuận Châu" in text
    assert "01/09/2026 – 29/11/2026" in text
    assert "Ngày thứ 14/90" in text
    assert "Đang triển khai" in text
    vneid = visible_text(goal_card(html, VNEID))
    # Population 16, baseline 3, achieved 6 (37,5%), gained 3; 90% of 16 is 15 people.
    for words in ("37,5%", "chỉ tiêu: 90%", "16", "+3", "15"):
        assert words in vneid, (words, vneid)
    assert re.search(r"Còn thiếu\s+9\s+người", vneid), vneid
    assert "kịp tiến độ" in vneid
    assert "Kết thúc chiến dịch" in text  # the close button, for who manages it
    assert 'id="burnup-data"' in html
    assert problems(text) == []


def test_the_page_ranks_the_villages_laggards_first_with_links_to_their_own_page(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    html = world.client(world.commune_officer).get(page_url(plan.campaign)).content.decode()
    children = html[html.index('id="children"') :]
    a1, a2 = world.code(world.village_a1), world.code(world.village_a2)
    assert children.index(f'data-child="{a2}"') < children.index(f'data-child="{a1}"')
    assert f'href="?unit={a2}&amp;on=2026-09-14"' in children
    assert f'href="/campaigns/{plan.campaign.pk}/targets/{a2}/"' in children
    village = world.client(world.commune_officer).get(page_url(plan.campaign, unit=a1))
    text = text_of(village)
    assert "Số liệu của Bản Hua Nà" in text
    assert "50,0%" in visible_text(goal_card(village.content.decode(), VNEID))


def test_the_members_gains_are_shown_per_village(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    html = world.client(world.commune_officer).get(page_url(plan.campaign)).content.decode()
    members = visible_text(html[html.index('id="members"') :])
    assert "Bản Hua Nà" in members
    # The member visited once and brought one person to VNeID level 2.
    assert re.search(r"member\s+1\s+1", members), members


def test_the_province_officer_sees_the_commune_campaign_but_may_not_activate_nothing_else(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    response = world.client(world.province_officer).get(page_url(plan.campaign))
    assert response.status_code == 200
    assert "Ngày thứ 14/90" in text_of(response)


@pytest.mark.parametrize("who", ["leader", "member"])
def test_the_villages_team_sees_its_own_village_of_the_campaign(
    fixture_day: object, world: World, who: str
) -> None:
    plan = build_plan(world)
    response = world.client(getattr(world, who)).get(page_url(plan.campaign))
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert "Số liệu của Bản Hua Nà" in text
    assert "50,0%" in visible_text(goal_card(html, VNEID))
    assert "Kết thúc chiến dịch" not in text
    assert "Nâng chỉ tiêu" not in text
    assert "Tiểu khu 3" not in text
    commune = world.client(getattr(world, who)).get(
        page_url(plan.campaign, unit=world.code(world.commune_a))
    )
    assert commune.status_code == 404


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_outsiders_get_404_from_every_page_of_the_campaign(
    fixture_day: object, world: World, who: str
) -> None:
    plan = build_plan(world)
    client = world.client(getattr(world, who))
    pk = plan.campaign.pk
    for url in (
        page_url(plan.campaign),
        reverse("campaigns:goals", args=[pk]),
        reverse("campaigns:targets", args=[pk, world.code(world.village_a1)]),
        reverse("campaigns:xlsx", args=[pk]),
    ):
        assert client.get(url).status_code == 404, url
    for name in ("activate", "close"):
        assert client.post(reverse(f"campaigns:{name}", args=[pk])).status_code == 404


def test_a_unit_outside_the_campaign_is_404(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    client = world.client(world.province_officer)
    response = client.get(page_url(plan.campaign, unit=world.code(world.village_b1)))
    assert response.status_code == 404


def test_a_past_day_of_the_campaign_shows_its_figures_as_the_indicators_api_does(
    fixture_day: object, world: World
) -> None:
    old = old_village(world)
    campaign = services.campaign_activate(
        actor=world.commune_officer,
        campaign=services.campaign_create(
            actor=world.commune_officer,
            name="Nà Sản số",
            basis_number="7/KH-UBND",
            basis_date=None,
            unit_code=world.code(old),
            starts_on=STARTS,
            ends_on=ENDS,
            goals=[services.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
        ),
    )
    client = world.client(world.commune_officer)
    response = client.get(page_url(campaign, on="2026-09-06"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày thứ 6/90" in visible_text(html)
    assert "Số liệu tính đến ngày 06/09/2026" in visible_text(html)
    api = client.get(f"/api/v1/units/{world.code(old)}/indicators", {"on": "2026-09-06"}).json()
    [figure] = [item for item in api if item["indicator"] == "vneid_l2"]
    assert (figure["numerator"], figure["denominator"]) == (2, 4)
    assert "50,0%" in visible_text(goal_card(html, VNEID))
    today = client.get(page_url(campaign)).content.decode()
    assert "75,0%" in visible_text(goal_card(today, VNEID))


@pytest.mark.parametrize(
    "value", ["hôm qua", "2026-02-30", "0001-01-01", "9999-12-31", "2026-08-01", "2026-12-01"]
)
def test_a_bad_day_answers_the_page_with_the_day_field_marked(
    fixture_day: object, world: World, value: str
) -> None:
    plan = build_plan(world)
    response = world.client(world.commune_officer).get(page_url(plan.campaign, on=value))
    assert response.status_code == 400
    html = response.content.decode()
    form = html[html.index('class="asof camp-dayform') :]
    form = form[: form.index("</form>")]
    assert "has-error" in form[:40]
    assert 'aria-invalid="true"' in form
    assert "từ 01/09/2026 đến 14/09/2026" in visible_text(form) or "dd/mm/yyyy" in visible_text(
        form
    )
    # The page still shows the latest figures, said as such.
    assert "Ngày thứ 14/90" in visible_text(html)
    assert problems(visible_text(html)) == []


# Raising a unit's targets -----------------------------------------------------------------------


def test_a_commune_officer_raises_a_villages_target(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    client = world.client(world.commune_officer)
    a1 = world.code(world.village_a1)
    url = reverse("campaigns:targets", args=[plan.campaign.pk, a1])
    form = client.get(url)
    assert form.status_code == 200
    assert "Ít nhất 90%" in text_of(form)
    response = client.post(url, {"goal_vneid_l2": "95", "goal_scam_aware": "8"})
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/{plan.campaign.pk}/?unit={a1}"
    raised = UnitTarget.objects.get(unit=world.village_a1, indicator_id="vneid_l2")
    assert raised.target_share == Decimal("0.95")
    # Saved again unchanged, nothing more is written.
    assert client.post(url, {"goal_vneid_l2": "95", "goal_scam_aware": "8"}).status_code == 302
    assert UnitTarget.objects.filter(unit=world.village_a1).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "chỉ tiêu: 95%" in visible_text(goal_card(page, VNEID))


def test_a_target_below_the_level_above_is_refused_with_the_services_words(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    client = world.client(world.commune_officer)
    url = reverse("campaigns:targets", args=[plan.campaign.pk, world.code(world.village_a1)])
    response = client.post(url, {"goal_vneid_l2": "80", "goal_scam_aware": ""})
    assert response.status_code == 400
    block = field_block(response.content.decode(), "id_goal_vneid_l2")
    assert "has-error" in block
    assert "80% thấp hơn mức 90%" in visible_text(block)
    assert "nâng lên, không được hạ xuống" in visible_text(block)
    assert not UnitTarget.objects.exists()


def test_nobody_but_who_manages_the_unit_raises_its_targets(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    url = reverse("campaigns:targets", args=[plan.campaign.pk, world.code(world.village_a1)])
    for who in (world.leader, world.member):
        client = world.client(who)
        assert client.get(url).status_code == 404
        assert client.post(url, {"goal_vneid_l2": "99"}).status_code == 404
    assert not UnitTarget.objects.exists()
    own = reverse("campaigns:targets", args=[plan.campaign.pk, world.code(world.commune_a)])
    assert world.client(world.commune_officer).get(own).status_code == 404


def test_the_targets_page_wants_at_least_one_target(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    url = reverse("campaigns:targets", args=[plan.campaign.pk, world.code(world.village_a2)])
    response = world.client(world.commune_officer).post(url, {"goal_vneid_l2": ""})
    assert response.status_code == 400
    assert "Hãy nhập ít nhất một chỉ tiêu." in text_of(response)
