"""The Zalo groups' checklist, the public page of a tracked link, the link that stops messages,
and a commune's templates: good and bad input, 404 out of scope, no 500 on garbage."""

import re

import pytest

from langso.outreach import services
from langso.outreach.audience import Audience
from langso.outreach.models import Announcement, Delivery, GroupPost, OptOut, Template
from tests.outreach.town import Town

pytestmark = pytest.mark.usefixtures("fixture_day", "sms_connected")


def sent(town: Town, **changes: object) -> Announcement:
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
    draft = services.announcement_create(
        actor=world.commune_officer,
        draft=services.Draft(**values),  # type: ignore[arg-type]
    )
    return services.announcement_send(actor=world.commune_officer, announcement=draft)


# The leader's checklist -----------------------------------------------------------------------


def test_the_leader_gets_the_text_to_paste_with_a_tracked_link(town: Town) -> None:
    world = town.world
    announcement = sent(town)
    post = GroupPost.objects.get(announcement=announcement)
    html = world.client(world.leader).get("/outreach/groups/").content.decode()
    assert html.count("data-row") == 1
    assert f"/a/{post.code}" in html
    # Nobody's name in a group's text: {ten} reads "everyone", {thon} the team's village.
    paste = re.search(r'<textarea[^>]*class="out-paste"[^>]*>([^<]*)</textarea>', html)
    assert paste is not None
    assert "{ten}" not in paste.group(1) and "{thon}" not in paste.group(1)
    assert "Bản Hua Nà" in paste.group(1)
    assert "data-copy" in html


def test_marking_posted_and_back(town: Town) -> None:
    world = town.world
    post = GroupPost.objects.get(announcement=sent(town))
    client = world.client(world.leader)
    answer = client.post(
        f"/outreach/groups/{post.pk}/posted/", {"posted": "1"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert 'name="posted" value="0"' in answer.content.decode()
    post.refresh_from_db()
    assert post.posted_at is not None and post.posted_by == world.leader
    waiting = client.get("/outreach/groups/", {"waiting": "1"}).content.decode()
    assert "data-row" not in waiting
    answer = client.post(f"/outreach/groups/{post.pk}/posted/", {"posted": "0", "next": "/x"})
    assert answer.status_code == 302
    post.refresh_from_db()
    assert post.posted_at is None


@pytest.mark.parametrize("who", ["member", "member_b", "outsider"])
def test_others_cannot_mark_a_teams_post(town: Town, who: str) -> None:
    world = town.world
    post = GroupPost.objects.get(announcement=sent(town))
    client = world.client(getattr(world, who))
    assert client.post(f"/outreach/groups/{post.pk}/posted/", {"posted": "1"}).status_code == 404
    assert "data-row" not in client.get("/outreach/groups/").content.decode()
    post.refresh_from_db()
    assert post.posted_at is None


def test_marking_an_unknown_post_is_404(town: Town) -> None:
    client = town.world.client(town.world.leader)
    assert client.post("/outreach/groups/99999/posted/", {"posted": "1"}).status_code == 404
    assert client.post(f"/outreach/groups/{'9' * 30}/posted/").status_code == 404


# The public page of a tracked link ------------------------------------------------------------


def test_the_tracked_link_counts_each_open_and_shows_the_group_text(town: Town) -> None:
    post = GroupPost.objects.get(announcement=sent(town))
    client = town.world.client(None)
    for _ in range(2):
        answer = client.get(f"/a/{post.code}")
        assert answer.status_code == 200
    post.refresh_from_db()
    assert post.opens == 2
    html = answer.content.decode()
    assert "Cảnh báo lừa đảo" in html
    assert "{ten}" not in html and "Bản Hua Nà" in html
    # A lean page: no script, no style sheet to fetch.
    assert "<script" not in html and 'rel="stylesheet"' not in html


@pytest.mark.parametrize("code", ["khongco12", "x" * 300, "%00", "..%2f"])
def test_an_unknown_tracked_link_is_a_clear_404(town: Town, code: str) -> None:
    answer = town.world.client(None).get(f"/a/{code}")
    assert answer.status_code in (400, 404)


def test_a_cancelled_announcements_link_leads_nowhere(town: Town) -> None:
    world = town.world
    announcement = sent(town)
    post = GroupPost.objects.get(announcement=announcement)
    services.announcement_cancel(actor=world.commune_officer, announcement=announcement)
    assert world.client(None).get(f"/a/{post.code}").status_code == 404


# Stopping messages ----------------------------------------------------------------------------


def test_the_stop_link_asks_first_and_stops_on_the_button(town: Town) -> None:
    announcement = sent(town)
    delivery = Delivery.objects.filter(announcement=announcement, resident=town.xuan).get()
    token = services.opt_out_token(delivery.pk)
    client = town.world.client(None)
    page = client.get(f"/huy-nhan-tin/{token}")
    assert page.status_code == 200
    assert "<form" in page.content.decode() and 'method="post"' in page.content.decode()
    # A link scanner opening the link stops nothing.
    assert not OptOut.objects.exists()
    client = town.world.client(None)
    client.get(f"/huy-nhan-tin/{token}")
    done = client.post(f"/huy-nhan-tin/{token}")
    assert done.status_code == 200
    assert OptOut.objects.count() == 1


@pytest.mark.parametrize("token", ["1-abcdef012345", "zz-zz", "x" * 400, "-"])
def test_a_bad_stop_link_is_a_clear_404(town: Town, token: str) -> None:
    client = town.world.client(None)
    for method in (client.get, client.post):
        answer = method(f"/huy-nhan-tin/{token}")
        assert answer.status_code == 404
        assert "<h1>" in answer.content.decode()
    assert not OptOut.objects.exists()


# Templates ------------------------------------------------------------------------------------


def test_an_officer_writes_changes_and_deletes_a_template(town: Town) -> None:
    world = town.world
    client = world.client(world.commune_officer)
    commune = world.code(world.commune_a)
    answer = client.post(
        "/outreach/templates/new/",
        {"unit": commune, "name": "Nhắc VNeID", "title": "VNeID", "text": "Chào {ten}."},
    )
    assert answer.status_code == 302
    template = Template.objects.get()
    listing = client.get("/outreach/templates/").content.decode()
    assert listing.count("data-row") == 1 and "Nhắc VNeID" in listing
    form = client.get(f"/outreach/templates/{template.pk}/").content.decode()
    assert 'value="Nhắc VNeID"' in form
    client.post(
        f"/outreach/templates/{template.pk}/",
        {"unit": commune, "name": "Nhắc VNeID mức 2", "title": "", "text": "Hạn {han}."},
    )
    template.refresh_from_db()
    assert template.name == "Nhắc VNeID mức 2"
    assert client.post(f"/outreach/templates/{template.pk}/delete/").status_code == 302
    assert not Template.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "text": "Chào."},
        {"name": "Mẫu", "text": ""},
        {"name": "Mẫu", "text": "Chào {ho_ten}."},
        {"name": "Mẫu", "text": "x" * 2001},
        {"name": "x" * 500, "text": "Chào."},
        {"name": "Mẫu", "text": "Chào.", "unit": "03727"},
        {"name": "Mẫu", "text": "Chào.", "unit": "9" * 50},
    ],
)
def test_a_bad_template_is_refused_in_words(town: Town, data: dict[str, str]) -> None:
    world = town.world
    client = world.client(world.commune_officer)
    answer = client.post("/outreach/templates/new/", {"unit": world.code(world.commune_a), **data})
    assert answer.status_code == 400
    assert 'role="alert"' in answer.content.decode()
    assert "OUTREACH_" not in answer.content.decode()
    assert not Template.objects.exists()


def test_a_template_name_is_once_per_commune(town: Town) -> None:
    world = town.world
    client = world.client(world.commune_officer)
    data = {"unit": world.code(world.commune_a), "name": "Mẫu", "text": "Chào."}
    client.post("/outreach/templates/new/", data)
    answer = client.post("/outreach/templates/new/", data)
    assert answer.status_code == 400
    assert Template.objects.count() == 1


@pytest.mark.parametrize("who", ["leader", "member", "member_b", "outsider"])
def test_only_officers_keep_templates(town: Town, who: str) -> None:
    world = town.world
    template = services.template_save(
        actor=world.commune_officer,
        unit_code=world.code(world.commune_a),
        name="Mẫu",
        title="",
        text="Chào.",
    )
    client = world.client(getattr(world, who))
    assert client.get("/outreach/templates/").status_code == 404
    assert client.get("/outreach/templates/new/").status_code == 404
    assert client.get(f"/outreach/templates/{template.pk}/").status_code == 404
    assert client.post(f"/outreach/templates/{template.pk}/delete/").status_code == 404
    assert Template.objects.count() == 1
