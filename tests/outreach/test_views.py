"""The officers' outreach pages: the list, the composer and its live panel, a draft's actions,
the delivery dashboard; each with good and bad input, 404 out of scope and no 500 on garbage."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.outreach import delivery, services
from langso.outreach.audience import Audience
from langso.outreach.channels import base
from langso.outreach.errors import DeliveryError
from langso.outreach.models import Announcement, AnnouncementStatus, Delivery, DeliveryStatus
from tests.outreach.town import Town
from tests.roles import World, unit_today

pytestmark = pytest.mark.usefixtures("fixture_day", "sms_connected")

RAW_CODE = re.compile(r"\b(OUTREACH|DELIVERY)_[A-Z_]+\b")


def has_error(html: str, field: str) -> bool:
    """Whether the form marks ``field`` wrong (its box holds the error)."""
    return bool(
        re.search(rf'class="field has-error">(?:(?!class="field).)*?id_{field}\b', html, re.S)
    )


def fields(world: World, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "title": "Cảnh báo lừa đảo",
        "text": "Chào {ten}, không bấm đường link lạ ở {thon}.",
        "units": [world.code(world.village_a1)],
        "teams": "members",
        "residents": "all",
        "channels": ["app", "sms"],
        "when": "now",
    }
    values.update(changes)
    return values


def a_draft(town: Town, **changes: object) -> Announcement:
    world = town.world
    values: dict[str, object] = {
        "title": "Cảnh báo lừa đảo",
        "text": "Chào {ten}, không bấm đường link lạ ở {thon}.",
        "audience": Audience(
            units=(world.code(world.village_a1),), teams="members", residents_all=True
        ),
        "channels": ("app", "sms"),
    }
    values.update(changes)
    return services.announcement_create(
        actor=world.commune_officer,
        draft=services.Draft(**values),  # type: ignore[arg-type]
    )


class Refusing:
    """An SMS gateway that refuses every number for good."""

    name = "sms"
    rate = 1000.0

    def send(self, message: base.Message) -> base.Result:
        return base.refused(DeliveryError.REFUSED, "400 invalid number")


def sent_with_failures(town: Town) -> Announcement:
    announcement = services.announcement_send(
        actor=town.world.commune_officer, announcement=a_draft(town, urgent=True)
    )
    delivery.drain("sms", adapter=Refusing(), seconds=5)
    return announcement


def other_commune_officer() -> Client:
    user, _ = accounts.user_provision(username="officer_b", password="x" * 12, full_name="B")
    accounts.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=unit_today("03727"))
    client = Client()
    client.force_login(user)
    return client


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_each_announcement_with_its_status_in_words(town: Town) -> None:
    world = town.world
    a_draft(town)
    sent_with_failures(town)
    html = world.client(world.commune_officer).get("/outreach/").content.decode()
    assert html.count("data-row") == 2
    assert 'href="/outreach/new/"' in html
    assert not RAW_CODE.search(html)
    assert ">Draft<" not in html or ">draft<" not in html
    drafts = world.client(world.commune_officer).get("/outreach/", {"status": "draft"})
    assert drafts.content.decode().count("data-row") == 1


def test_the_list_of_another_commune_does_not_show_ours(town: Town) -> None:
    a_draft(town)
    html = other_commune_officer().get("/outreach/").content.decode()
    assert "data-row" not in html


def test_members_see_no_announcement_and_no_button(town: Town) -> None:
    a_draft(town)
    html = town.world.client(town.world.member).get("/outreach/").content.decode()
    assert "data-row" not in html
    assert "/outreach/new/" not in html


@pytest.mark.parametrize("page", ["x", "-1", "99999", "1" * 30])
def test_a_bad_page_number_is_no_error(town: Town, page: str) -> None:
    client = town.world.client(town.world.commune_officer)
    assert client.get("/outreach/", {"page": page, "status": "x" * 300}).status_code == 200


# The composer ---------------------------------------------------------------------------------


def test_the_composer_offers_the_officers_units_and_marks_channels_not_connected(
    town: Town,
) -> None:
    world = town.world
    html = world.client(world.commune_officer).get("/outreach/new/").content.decode()
    assert f'value="{world.code(world.village_a1)}"' in html
    assert f'value="{world.code(world.village_b1)}"' not in html
    # Zalo and email are not configured in the tests: shown, greyed out, and said so.
    zalo = re.search(r'<input[^>]*value="zalo"[^>]*>', html)
    assert zalo is not None and "disabled" in zalo.group(0)
    assert 'value="scam_aware"' in html
    assert "outreach/compose.js" in html


@pytest.mark.parametrize("who", ["leader", "member", "member_b", "outsider"])
def test_only_officers_open_the_composer(town: Town, who: str) -> None:
    client = town.world.client(getattr(town.world, who))
    assert client.get("/outreach/new/").status_code == 404
    assert client.post("/outreach/new/", fields(town.world)).status_code == 404
    assert client.post("/outreach/preview/", fields(town.world)).status_code == 404
    assert not Announcement.objects.exists()


def test_saving_the_composer_makes_a_draft(town: Town) -> None:
    world = town.world
    client = world.client(world.commune_officer)
    answer = client.post(
        "/outreach/new/",
        fields(world, residents="lacking", lacking=["scam_aware"], min_age="60", deadline=""),
    )
    assert answer.status_code == 302
    announcement = Announcement.objects.get()
    assert answer["Location"] == f"/outreach/{announcement.pk}/"
    assert announcement.status == AnnouncementStatus.DRAFT
    assert announcement.audience["residents"] == {
        "all": False,
        "lacking": ["scam_aware"],
        "min_age": 60,
    }
    page = client.get(answer["Location"]).content.decode()
    assert f'action="/outreach/{announcement.pk}/send/"' in page
    assert f'href="/outreach/{announcement.pk}/edit/"' in page
    assert f'action="/outreach/{announcement.pk}/cancel/"' in page


def test_a_scheduled_draft_keeps_its_time_in_vietnam_time(town: Town) -> None:
    world = town.world
    client = world.client(world.commune_officer)
    answer = client.post(
        "/outreach/new/", fields(world, when="later", send_at="2026-09-15T08:30", urgent="on")
    )
    assert answer.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.send_at is not None
    assert timezone.localtime(announcement.send_at).strftime("%H:%M %d/%m") == "08:30 15/09"
    assert announcement.urgent
    form = client.get(f"/outreach/{announcement.pk}/edit/").content.decode()
    assert 'value="2026-09-15T08:30"' in form


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"text": ""}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "Chào {ho_ten}"}, "text"),
        ({"units": []}, "units"),
        ({"units": ["03727"]}, "units"),
        ({"channels": []}, "channels"),
        ({"channels": ["zalo"]}, "channels"),
        ({"teams": "none", "residents": "none"}, None),
        ({"residents": "lacking"}, "lacking"),
        ({"min_age": "500"}, "min_age"),
        ({"when": "later", "send_at": ""}, "send_at"),
        ({"when": "later", "send_at": "2020-01-01T08:00"}, "send_at"),
        ({"link": "guide:khong-co"}, "link"),
    ],
)
def test_the_composer_refuses_bad_input_where_it_is(
    town: Town, changes: dict[str, object], field: str | None
) -> None:
    world = town.world
    answer = world.client(world.commune_officer).post("/outreach/new/", fields(world, **changes))
    assert answer.status_code == 400
    html = answer.content.decode()
    assert 'role="alert"' in html
    assert not RAW_CODE.search(html)
    if field:
        assert has_error(html, field), field
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    "garbage",
    [
        {"title": "\x00", "text": "\x00", "units": "\x00", "channels": "\x00"},
        {"min_age": "9" * 40, "send_at": "9" * 40, "deadline": "99999-99-99"},
        {"link": "campaign:" + "9" * 40, "teams": "x" * 500, "residents": "x"},
        {"image": "not a file", "lacking": ["\x00", "x" * 500]},
    ],
)
def test_garbage_in_the_composer_and_its_panel_is_never_a_server_error(
    town: Town, garbage: dict[str, object]
) -> None:
    client = town.world.client(town.world.commune_officer)
    client.raise_request_exception = False
    # A NUL is refused by the site's middleware (400) before any view sees it.
    assert client.post("/outreach/new/", fields(town.world, **garbage)).status_code == 400
    assert client.post("/outreach/preview/", fields(town.world, **garbage)).status_code in (
        200,
        400,
    )
    assert not Announcement.objects.exists()


def test_a_bad_picture_is_refused_on_its_field(town: Town) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    world = town.world
    picture = SimpleUploadedFile("anh.png", b"not a picture", content_type="image/png")
    answer = world.client(world.commune_officer).post(
        "/outreach/new/", {**fields(world), "image": picture}
    )
    assert answer.status_code == 400
    assert has_error(answer.content.decode(), "image")


def test_the_panel_counts_each_channel_and_the_sms_segments(town: Town) -> None:
    world = town.world
    html = (
        world.client(world.commune_officer)
        .post("/outreach/preview/", fields(world))
        .content.decode()
    )
    # As tests/outreach/test_services.py counts them: two members with a login; their two
    # numbers and three consenting residents by SMS.
    counts = dict(
        re.findall(r'data-channel="(\w+)">\s*<h3>[^<]*<span class="out-reach">(\d+)', html)
    )
    assert counts == {"app": "2", "sms": "5"}
    # The example name fills {ten}; Vietnamese diacritics make the SMS UCS-2.
    assert "Chào Lò Thị Xuân" in html
    sms = re.search(r'class="small out-sms">([^<]*)', html)
    assert sms is not None and "70" in sms.group(1)


def test_the_panel_says_what_is_missing_rather_than_counting_nothing(town: Town) -> None:
    world = town.world
    html = (
        world.client(world.commune_officer)
        .post("/outreach/preview/", fields(world, units=[]))
        .content.decode()
    )
    assert 'class="note small"' in html
    assert "out-reach" not in html


def test_the_panel_of_a_unit_out_of_scope_counts_nobody(town: Town) -> None:
    world = town.world
    html = (
        world.client(world.commune_officer)
        .post("/outreach/preview/", fields(world, units=[world.code(world.village_b1)]))
        .content.decode()
    )
    assert "out-reach" not in html
    assert not RAW_CODE.search(html)


def test_the_composer_inserts_the_communes_templates(town: Town) -> None:
    world = town.world
    services.template_save(
        actor=world.commune_officer,
        unit_code=world.code(world.commune_a),
        name="Nhắc VNeID",
        title="Kích hoạt VNeID",
        text="Chào {ten}, hạn chót {han}.",
    )
    html = world.client(world.commune_officer).get("/outreach/new/").content.decode()
    assert "Nhắc VNeID" in html
    assert 'id="out-template-data"' in html


# A draft's actions ----------------------------------------------------------------------------


def test_send_now_queues_the_messages_and_the_page_shows_them(town: Town) -> None:
    world = town.world
    announcement = a_draft(town)
    client = world.client(world.commune_officer)
    assert client.post(f"/outreach/{announcement.pk}/send/").status_code == 302
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENDING
    page = client.get(f"/outreach/{announcement.pk}/").content.decode()
    assert "out-counts" in page
    assert f'action="/outreach/{announcement.pk}/cancel/"' in page
    assert f'action="/outreach/{announcement.pk}/send/"' not in page
    # Sending twice is refused in words, not with an error page.
    again = client.post(f"/outreach/{announcement.pk}/send/", follow=True)
    assert again.status_code == 200
    assert not RAW_CODE.search(again.content.decode())


def test_schedule_sets_the_time_and_cancel_stops_it(town: Town) -> None:
    world = town.world
    announcement = a_draft(town)
    client = world.client(world.commune_officer)
    later = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(f"/outreach/{announcement.pk}/schedule/", {"send_at": later})
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SCHEDULED
    client.post(f"/outreach/{announcement.pk}/cancel/")
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.CANCELLED
    assert not Delivery.objects.filter(announcement=announcement).exists()


@pytest.mark.parametrize("when", ["", "2020-01-01T08:00", "x" * 300, "9" * 40])
def test_a_bad_schedule_leaves_the_draft_as_it_was(town: Town, when: str) -> None:
    world = town.world
    announcement = a_draft(town)
    answer = world.client(world.commune_officer).post(
        f"/outreach/{announcement.pk}/schedule/", {"send_at": when}, follow=True
    )
    assert answer.status_code == 200
    assert 'role="alert"' in answer.content.decode()
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT


def test_a_sent_announcement_cannot_be_edited(town: Town) -> None:
    world = town.world
    announcement = sent_with_failures(town)
    client = world.client(world.commune_officer)
    answer = client.get(f"/outreach/{announcement.pk}/edit/")
    assert answer.status_code == 302


@pytest.mark.parametrize("path", ["", "edit/", "send/", "schedule/", "cancel/", "deliveries.xlsx"])
def test_another_communes_officer_gets_404_and_changes_nothing(town: Town, path: str) -> None:
    announcement = a_draft(town)
    client = other_commune_officer()
    assert client.get(f"/outreach/{announcement.pk}/{path}").status_code in (404, 405)
    assert client.post(f"/outreach/{announcement.pk}/{path}").status_code in (404, 405)
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT


def test_an_unknown_announcement_is_404(town: Town) -> None:
    client = town.world.client(town.world.commune_officer)
    assert client.get("/outreach/999999/").status_code == 404
    assert client.get(f"/outreach/{'9' * 25}/").status_code == 404


# The dashboard --------------------------------------------------------------------------------


def test_the_dashboard_lists_failed_messages_with_the_reason_in_words(town: Town) -> None:
    world = town.world
    announcement = sent_with_failures(town)
    html = world.client(world.commune_officer).get(f"/outreach/{announcement.pk}/").content.decode()
    failed = Delivery.objects.filter(announcement=announcement, status=DeliveryStatus.FAILED)
    assert failed.count() == 5
    assert html.count("data-delivery") == 5
    assert not RAW_CODE.search(html)
    assert "400 invalid number" not in html
    # Numbers are masked: no full +84 number on the page.
    assert not re.search(r"\+849\d{8}", html)
    # The field app's read rate and the rows per village.
    assert "0 / 2" in html or "(0%)" in html
    assert "Bản Hua Nà" in html


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ({"status": "sent"}, 2),
        ({"status": "sent", "channel": "app"}, 2),
        ({"status": ""}, 7),
        ({"status": "nonsense"}, 7),
        # Without a status asked, the failed ones: what an officer comes for.
        ({"channel": "x" * 300, "page": "x" * 30}, 5),
    ],
)
def test_the_dashboard_filters_by_status_and_ignores_garbage(
    town: Town, query: dict[str, str], rows: int
) -> None:
    world = town.world
    announcement = sent_with_failures(town)
    answer = world.client(world.commune_officer).get(f"/outreach/{announcement.pk}/", query)
    assert answer.status_code == 200
    assert answer.content.decode().count("data-delivery") == rows


def test_the_dashboard_shows_each_zalo_group_with_its_tracked_link(town: Town) -> None:
    world = town.world
    announcement = sent_with_failures(town)
    html = world.client(world.commune_officer).get(f"/outreach/{announcement.pk}/").content.decode()
    codes = re.findall(r"/a/([a-z0-9]{8})", html)
    assert codes
    assert "{ten}" not in html.split("out-posts")[1]
