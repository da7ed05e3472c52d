"""Entering a petition the commune received on paper, by phone or in person: the officer's form,
what it files, what it refuses, and who may open it."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.feedback import calendar, services
from langso.feedback.codes import format_code
from langso.feedback.errors import FeedbackError
from langso.feedback.models import Category, Channel, EventKind, Intake, Report
from langso.outreach.models import Delivery
from langso.units import services as units
from langso.units.models import Kind, Unit
from tests.feedback.helpers import aware, officer_b
from tests.roles import World

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def old_village(commune: Unit, name: str) -> Unit:
    """A village on the books for a season: the world's own villages begin today, and a
    petition made before a village existed has no village to go to."""
    return units.unit_create(
        actor=SYSTEM,
        name=name,
        kind=Kind.VILLAGE,
        parent=commune,
        valid_from=today() - timedelta(days=90),
    )


@pytest.fixture
def village_a3(world: World) -> Unit:
    return old_village(world.commune_a, "Bản Pá Sàng")


@pytest.fixture
def village_b2(world: World) -> Unit:
    return old_village(world.commune_b, "Bản Nà Lốc")


def entry(world: World, village: Unit, **changes: Any) -> dict[str, Any]:
    """What an officer types for a paper petition made two weeks ago in ``village``."""
    return {
        "category": "duong-sa",
        "description": "Đơn kiến nghị sửa đường vào bản Pá Sàng bị sạt lở",
        "place": world.code(village),
        "place_q": "",
        "made": (today() - timedelta(days=14)).isoformat(),
        "intake": Intake.PAPER.value,
        "name": "",
        "phone": "",
        **changes,
    }


def in_english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def url() -> str:
    return reverse("feedback:officer_new")


def deadline_from(day: date) -> date:
    return calendar.add_working_days(day, Category.objects.get(code="duong-sa").deadline_days)


# Filing


def test_an_officer_enters_a_paper_petition_dated_the_day_it_was_made(
    world: World, village_a3: Unit
) -> None:
    day = today() - timedelta(days=14)
    client = world.client(world.commune_officer)
    data = entry(
        world,
        village_a3,
        made=day.isoformat(),
        name="Lò Văn Xuân",
        phone="0912 345 678",
        wants_updates="on",
        consent="on",
    )
    response = client.post(url(), data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert response["Location"] == reverse("feedback:report", args=[report.code])
    assert report.channel == Channel.OFFICER
    assert report.commune == world.commune_a
    assert report.village == village_a3
    # The hour was not written down: noon in Vietnam on the day given.
    assert report.made_at == aware(day.year, day.month, day.day, 12)
    assert report.due_on == deadline_from(day)
    assert report.due_on != deadline_from(today())
    assert report.name_masked == "L. V. X."
    assert report.phone_masked == "*******678"
    assert report.wants_updates
    filed = report.events.get()
    assert filed.kind == EventKind.FILED
    assert filed.actor == world.commune_officer
    assert filed.at == report.made_at
    assert not filed.public
    assert filed.text == "Tiếp nhận bằng văn bản giấy (đơn, thư)."
    assert format_code(report.code) in Delivery.objects.get(source_ref=str(report.pk)).text


def test_an_officer_may_enter_more_petitions_from_one_number_than_a_citizen_may_send(
    world: World, village_a3: Unit
) -> None:
    client = world.client(world.commune_officer)
    for number in range(5):
        response = client.post(
            url(),
            entry(
                world,
                village_a3,
                description=f"Đơn số {number} của trưởng bản về đường vào bản",
                name="Lò Văn Xuân",
                phone="0912 345 678",
                consent="on",
            ),
        )
        assert response.status_code == 302
    assert Report.objects.filter(channel=Channel.OFFICER).count() == 5


def test_the_officer_is_shown_the_tracking_code_to_hand_to_the_citizen(
    world: World, village_a3: Unit
) -> None:
    client = world.client(world.commune_officer)
    response = client.post(url(), entry(world, village_a3), follow=True)
    report = Report.objects.get()
    assert response.redirect_chain == [(reverse("feedback:report", args=[report.code]), 302)]
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1
    assert format_code(report.code) in shown[0]
    assert format_code(report.code) in response.content.decode()


def test_how_the_petition_came_in_stays_off_the_public_page(world: World, village_a3: Unit) -> None:
    client = world.client(world.commune_officer)
    client.post(url(), entry(world, village_a3, intake=Intake.PHONE.value))
    report = Report.objects.get()
    assert report.events.get().text == "Tiếp nhận qua điện thoại."
    public = Client().get(reverse("feedback:track_report", args=[report.code]))
    assert public.status_code == 200
    assert "Tiếp nhận qua điện thoại" not in public.content.decode()


def test_a_petition_made_today_is_dated_the_moment_it_is_entered(world: World) -> None:
    # The world's own villages begin today, so today is the one day they take a petition.
    data = entry(world, world.village_a1, made=today().isoformat(), intake=Intake.IN_PERSON.value)
    before = timezone.now()
    response = world.client(world.commune_officer).post(url(), data)
    after = timezone.now()
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.village == world.village_a1
    assert before <= report.made_at <= after
    assert report.due_on == deadline_from(today())
    assert report.events.get().text == "Tiếp nhận trực tiếp."


def test_a_petition_without_contact_details_needs_no_consent(
    world: World, village_a3: Unit
) -> None:
    response = world.client(world.commune_officer).post(url(), entry(world, village_a3))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.name_sealed is None
    assert report.phone_sealed is None
    assert not Delivery.objects.exists()


def test_a_province_officer_enters_a_petition_for_any_commune_of_the_province(
    world: World, village_b2: Unit
) -> None:
    response = world.client(world.province_officer).post(url(), entry(world, village_b2))
    assert response.status_code == 302
    assert Report.objects.get().commune == world.commune_b


# Refusals


def refused(client: Client, data: dict[str, Any]) -> Any:
    """Post ``data``, expect the form back with its errors, and nothing saved."""
    response = in_english(client).post(url(), data)
    assert response.status_code == 400
    assert not Report.objects.exists()
    return response


def test_a_day_in_the_future_is_refused_and_nothing_is_saved(
    world: World, village_a3: Unit
) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    data = entry(world, village_a3, made=tomorrow)
    response = refused(world.client(world.commune_officer), data)
    assert response.context["form"].errors["made"] == ["A report cannot be made in the future."]


def test_a_day_more_than_a_year_ago_is_refused(world: World, village_a3: Unit) -> None:
    long_ago = (today() - timedelta(days=400)).isoformat()
    data = entry(world, village_a3, made=long_ago)
    response = refused(world.client(world.commune_officer), data)
    assert response.context["form"].errors["made"] == [
        "A petition made more than a year ago cannot be entered."
    ]


@pytest.mark.parametrize("place", ["commune_b", "village_b2"])
def test_a_place_outside_the_officers_communes_is_refused(
    world: World, village_b2: Unit, place: str
) -> None:
    unit = village_b2 if place == "village_b2" else world.commune_b
    response = refused(world.client(world.commune_officer), entry(world, unit))
    assert response.context["form"].errors["place"] == [
        "You can enter reports only for the communes and villages you handle."
    ]


def test_an_officer_of_commune_a_cannot_file_for_a_village_of_commune_b_today(
    world: World,
) -> None:
    data = entry(world, world.village_b1, made=today().isoformat())
    response = refused(world.client(world.commune_officer), data)
    assert response.context["form"].errors["place"] == [
        "You can enter reports only for the communes and villages you handle."
    ]


def test_an_officer_of_commune_b_cannot_file_for_a_village_of_commune_a(
    world: World, village_a3: Unit
) -> None:
    response = refused(world.client(officer_b(world)), entry(world, village_a3))
    assert "place" in response.context["form"].errors


def test_updates_without_a_phone_number_are_refused(world: World, village_a3: Unit) -> None:
    data = entry(world, village_a3, name="Lò Văn Xuân", consent="on", wants_updates="on")
    response = refused(world.client(world.commune_officer), data)
    assert response.context["form"].errors["phone"] == ["Give a phone number to receive updates."]


@pytest.mark.parametrize("contact", [{"name": "Lò Văn Xuân"}, {"phone": "0912345678"}])
def test_a_contact_without_the_citizens_consent_is_refused(
    world: World, village_a3: Unit, contact: dict[str, str]
) -> None:
    data = entry(world, village_a3, **contact)
    response = refused(world.client(world.commune_officer), data)
    assert response.context["form"].errors["consent"] == [
        "Tick the box to confirm that the citizen agreed to give their name and phone number, "
        "or leave both empty."
    ]


def test_how_the_petition_was_received_must_be_said(world: World, village_a3: Unit) -> None:
    data = entry(world, village_a3, intake="")
    response = refused(world.client(world.commune_officer), data)
    assert "intake" in response.context["form"].errors


def test_the_service_refuses_an_unknown_way_of_receiving(world: World) -> None:
    data = services.ReportInput(
        category="duong-sa", description="Đường hỏng", place=world.code(world.village_a1)
    )
    with pytest.raises(DomainError) as error:
        services.report_enter(actor=world.commune_officer, data=data, made_on=today(), intake="fax")
    assert error.value.code == FeedbackError.INTAKE_REQUIRED
    assert not Report.objects.exists()


def test_a_refused_form_keeps_what_was_typed_and_escapes_it(world: World, village_a3: Unit) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    data = entry(world, village_a3, made=tomorrow, description=SCRIPT, name=SCRIPT, consent="on")
    text = refused(world.client(world.commune_officer), data).content.decode()
    assert SCRIPT not in text
    assert "&lt;script&gt;" in text
    assert "Bản Pá Sàng" in text


# The place search


def test_the_place_search_offers_only_places_the_officer_handles(world: World) -> None:
    search = reverse("feedback:officer_places")
    mine = world.client(world.commune_officer).get(search, {"place_q": "ban"}).content.decode()
    assert world.code(world.village_a1) in mine
    assert world.code(world.village_b1) not in mine
    province = world.client(world.province_officer).get(search, {"place_q": "ban bung"})
    assert world.code(world.village_b1) in province.content.decode()


def test_the_place_search_ignores_diacritics(world: World) -> None:
    search = reverse("feedback:officer_places")
    found = world.client(world.commune_officer).get(search, {"place_q": "hua na"})
    assert found.status_code == 200
    assert world.code(world.village_a1) in found.content.decode()


def test_the_find_button_searches_places_without_javascript(world: World, village_a3: Unit) -> None:
    data = entry(world, village_a3, place="", place_q="pa sang", find="1")
    response = world.client(world.commune_officer).post(url(), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert world.code(village_a3) in text
    assert "Đơn kiến nghị sửa đường" in text
    assert "errorlist" not in text
    assert not Report.objects.exists()


# Who may open it


def test_the_form_opens_for_officers_with_today_as_the_default_day(world: World) -> None:
    for officer in (world.commune_officer, world.province_officer):
        response = world.client(officer).get(url())
        assert response.status_code == 200
        text = response.content.decode()
        assert 'name="intake"' in text
        assert f'value="{today().isoformat()}"' in text


def test_the_queue_links_to_the_entry_form(world: World) -> None:
    page = world.client(world.commune_officer).get(reverse("feedback:queue"))
    assert f'href="{url()}"' in page.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(world: World, village_a3: Unit) -> None:
    for response in (
        Client().get(url()),
        Client().post(url(), entry(world, village_a3)),
        Client().get(reverse("feedback:officer_places"), {"place_q": "hua na"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["member", "leader", "member_b", "outsider"])
def test_team_members_leaders_and_people_without_a_role_get_404(
    world: World, village_a3: Unit, who: str
) -> None:
    client = world.client(getattr(world, who))
    assert client.get(url()).status_code == 404
    assert client.post(url(), entry(world, village_a3)).status_code == 404
    search = client.get(reverse("feedback:officer_places"), {"place_q": "hua na"})
    assert search.status_code == 404
    assert not Report.objects.exists()
