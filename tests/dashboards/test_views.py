"""The dashboard page: indicators against targets, the ranking, the trend, filters, and access."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from langso.core.dates import today
from langso.dashboards.templatetags import dashboard_numbers
from tests.indicators.data import People
from tests.roles import World

pytestmark = pytest.mark.django_db


def dashboard_url(code: str) -> str:
    return reverse("dashboards:unit", args=[code])


def page(client: Client, code: str, query: str = "", language: str = "vi") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(dashboard_url(code) + query)
    assert response.status_code == 200, response.content
    return response.content.decode()


def item_of(text: str, label: str) -> str:
    """The list item of the indicator or unit called ``label``."""
    start = text.index(f">{label}</a>")
    return text[start : text.index("</li>", start)]


def ranking_of(text: str) -> str:
    ranking = text[text.index('id="ranking"') :]
    return ranking[: ranking.index("</ol>")]


def test_each_indicator_shows_its_percent_figures_and_target(world: World, people: People) -> None:
    text = page(world.client(world.commune_officer), "03721")
    smartphone = item_of(text, "Người trưởng thành có điện thoại thông minh")
    assert "80,0%" in smartphone
    assert "4/5" in smartphone
    assert 'style="width: 80.0%"' in smartphone
    assert 'class="dash-target" style="left: 80.0%"' in smartphone
    assert 'class="dash-fill reached"' in smartphone
    epayment = item_of(text, "Người từ 15 tuổi có tài khoản ngân hàng hoặc ví điện tử")
    assert "33,3%" in epayment
    assert "2/6" in epayment
    assert "dash-missed" in epayment


def test_english_pages_write_numbers_the_english_way(world: World, people: People) -> None:
    text = page(world.client(world.commune_officer), "03721", language="en")
    smartphone = item_of(text, "Adults with a smartphone")
    assert "80.0%" in smartphone
    assert "target 80%" in smartphone
    assert "reached" in smartphone


def test_numbers_on_dashboards_follow_the_language() -> None:
    with translation.override("vi"):
        assert dashboard_numbers.number(2228) == "2.228"
        assert dashboard_numbers.percent(12.5) == "12,5%"
        assert dashboard_numbers.target_percent(80.0) == "80%"
    with translation.override("en"):
        assert dashboard_numbers.number(2228) == "2,228"
        assert dashboard_numbers.percent(12.5) == "12.5%"
    assert dashboard_numbers.percent(None) == "—"
    assert dashboard_numbers.bar_width(133.3) == "100.0%"
    assert dashboard_numbers.bar_width(None) == "0%"


def test_children_are_ranked_by_the_chosen_indicator_with_bars(
    world: World, people: People
) -> None:
    client = world.client(world.commune_officer)
    smartphone = ranking_of(page(client, "03721"))
    assert smartphone.index("Tiểu khu 3") < smartphone.index("Bản Hua Nà")
    assert "100,0%" in item_of(smartphone, "Tiểu khu 3")
    epayment = ranking_of(page(client, "03721", "?indicator=epayment"))
    assert epayment.index("Bản Hua Nà") < epayment.index("Tiểu khu 3")
    assert 'style="width: 50.0%"' in item_of(epayment, "Bản Hua Nà")


def test_children_link_to_their_dashboards_and_villages_to_their_households(
    world: World, people: People
) -> None:
    text = page(world.client(world.commune_officer), "03721", "?indicator=epayment")
    for village in (world.village_a1, world.village_a2):
        code = world.code(village)
        assert f'href="{dashboard_url(code)}?indicator=epayment"' in text
        assert f'href="/units/{code}/households/"' in text


def test_a_village_dashboard_links_to_its_household_list(world: World, people: People) -> None:
    code = world.code(world.village_a1)
    text = page(world.client(world.member), code)
    assert f'href="/units/{code}/households/"' in text
    assert "This unit has no units under it." in page(world.client(world.member), code, "", "en")


def test_the_trend_chart_gets_twelve_months_ending_today(world: World, people: People) -> None:
    text = page(world.client(world.commune_officer), "03721")
    found = re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', text)
    assert found is not None
    data = json.loads(found.group(1))
    assert len(data["labels"]) == len(data["percent"]) == 12
    assert data["labels"][-1] == today().strftime("%m/%Y")
    assert (data["percent"][-1], data["numerator"][-1], data["denominator"][-1]) == (80.0, 4, 5)
    assert data["target"] == 80.0
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>' in text
    assert '<script src="/static/dashboards/trend.js" defer></script>' in text
    scripts = re.findall(r"<script(?: [^>]*)?>", text)
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)


def test_a_filter_counts_residents_and_leaves_households_out(world: World, people: People) -> None:
    text = page(world.client(world.commune_officer), "03721", "?sex=F")
    smartphone = item_of(text, "Người trưởng thành có điện thoại thông minh")
    assert "66,7%" in smartphone
    assert "2/3" in smartphone
    broadband = item_of(text, "Hộ gia đình có Internet băng rộng cáp quang")
    assert "—" in broadband
    assert "dash-bar" not in broadband
    assert '<option value="F" selected>' in text


def test_the_ethnicity_filter_offers_the_groups_present(world: World, people: People) -> None:
    text = page(world.client(world.commune_officer), "03721", "?ethnicity=Th%C3%A1i&age=18-35")
    options = re.findall(r'<option value="([^"]*)"[^>]*>', text[text.index('name="ethnicity"') :])
    assert options[:4] == ["", "Kinh", "Thái", "Mông"]
    assert '<option value="Thái" selected>' in text
    assert '<option value="18-35" selected>' in text
    assert "1/1" in item_of(text, "Người trưởng thành có điện thoại thông minh")


def test_a_past_day_says_so_and_counts_as_of_then(world: World, people: People) -> None:
    day = today() - timedelta(days=1)
    text = page(world.client(world.province_officer), "03721", f"?on={day.isoformat()}", "en")
    assert f"Figures as of {day.strftime('%d/%m/%Y')}" in text
    assert "0/0" in item_of(text, "Adults with a smartphone")


def test_ancestors_out_of_scope_are_named_but_not_linked(world: World, people: People) -> None:
    officer = page(world.client(world.commune_officer), "03721")
    assert "Tỉnh Sơn La" in officer
    assert f'href="{dashboard_url("14")}' not in officer
    province = page(world.client(world.province_officer), "03721")
    assert f'href="{dashboard_url("14")}' in province


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("?on=2025-02-30", "INVALID_INPUT"),
        ("?sex=X", "INVALID_INPUT"),
        ("?age=20-30", "INVALID_INPUT"),
        ("?ethnicity=Klingon", "INVALID_INPUT"),
        ("?indicator=nope", "INDICATOR_UNKNOWN"),
    ],
)
def test_a_bad_parameter_gets_a_page_that_says_what_is_wrong(
    world: World, query: str, code: str
) -> None:
    response = world.client(world.commune_officer).get(dashboard_url("03721") + query)
    assert response.status_code == 400
    assert code in response.content.decode()


@pytest.mark.parametrize("name", ["dashboards:unit", "dashboards:xlsx"])
@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("province_officer", "commune_a", 200),
        ("province_officer", "village_b1", 200),
        ("commune_officer", "commune_a", 200),
        ("commune_officer", "village_a1", 200),
        ("commune_officer", "commune_b", 404),
        ("commune_officer", "village_b1", 404),
        ("member", "village_a1", 200),
        ("member", "village_b1", 404),
        ("member", "commune_a", 404),
        ("outsider", "village_a1", 404),
        ("outsider", "commune_a", 404),
    ],
)
def test_who_may_open_which_dashboard(
    world: World, name: str, who: str, unit: str, status: int
) -> None:
    url = reverse(name, args=[world.code(getattr(world, unit))])
    response = world.client(getattr(world, who)).get(url)
    assert response.status_code == status
    if status == 404:
        assert "UNIT_NOT_FOUND" in response.content.decode()


@pytest.mark.parametrize("name", ["dashboards:unit", "dashboards:xlsx"])
def test_an_anonymous_visitor_is_sent_to_log_in(world: World, name: str) -> None:
    url = reverse(name, args=["03721"])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_units_without_anyone_counted_are_listed_apart_from_the_ranking(
    world: World, people: People
) -> None:
    text = page(world.client(world.province_officer), "14")
    ranking = ranking_of(text)
    assert "Xã Thuận Châu" in ranking
    assert "Xã Mường Bám" not in ranking
    without = text[text.index("</ol>") :]
    assert "Xã Mường Bám" in without
