"""The guides' pages: public ones for anyone (small, cheap to reload, drafts 404), pictures kept
for ever, and the editor's back office for province officers only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from langso.learning import guide_services as services
from langso.learning.models import Guide, GuideImage, GuideVersion
from tests.learning.guides import TITLE, guide, picture, text, with_picture
from tests.roles import World

pytestmark = pytest.mark.django_db

NOT_EDITORS = ["commune_officer", "leader", "member", "member_b", "outsider"]


def test_anyone_reads_the_list_and_a_guide_without_logging_in(world: World) -> None:
    made = with_picture(world.province_officer)
    guide(world.province_officer, "ban-nhap", publish=False, title="Bản nháp bí mật")
    anonymous = Client()
    listing = anonymous.get("/huong-dan/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert TITLE in page
    assert "Bản nháp bí mật" not in page
    answer = anonymous.get(f"/huong-dan/{made.slug}/")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert TITLE in html
    assert 'loading="lazy"' in html
    assert f"/huong-dan/{made.slug}/poster.pdf" in html
    assert f"/huong-dan/{made.slug}/to-gap.pdf" in html
    assert "data:image/png;base64," in html  # the QR code, in the page
    assert "https://vneid.gov.vn/" in html


def test_the_public_page_is_small_and_runs_no_script(world: World) -> None:
    made = with_picture(world.province_officer)
    html = Client().get(f"/huong-dan/{made.slug}/").content
    assert len(html) < 12_000
    assert b"<script" not in html
    assert b"stylesheet" not in html


def test_a_draft_or_withdrawn_guide_is_404_for_the_public_and_for_non_editors(
    world: World,
) -> None:
    draft = guide(world.province_officer, "nhap", publish=False)
    withdrawn = guide(world.province_officer, "da-rut")
    services.guide_unpublish(actor=world.province_officer, guide=withdrawn)
    for user in [None, world.member, world.commune_officer, world.province_officer]:
        client = world.client(user)
        for slug in (draft.slug, withdrawn.slug, "khong-co"):
            for tail in ("", "poster.pdf", "to-gap.pdf"):
                assert client.get(f"/huong-dan/{slug}/{tail}").status_code == 404


def test_a_reload_of_an_unchanged_guide_costs_a_304(world: World) -> None:
    made = guide(world.province_officer)
    client = Client()
    first = client.get(f"/huong-dan/{made.slug}/")
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "max-age=" in first["Cache-Control"]
    again = client.get(f"/huong-dan/{made.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(f"/huong-dan/{made.slug}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    listing = client.get("/huong-dan/")
    assert client.get("/huong-dan/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    # A newly published version is a new page.
    services.guide_version_save(actor=world.province_officer, guide=made, text=text(title="Mới"))
    services.guide_publish(actor=world.province_officer, guide=made)
    changed = client.get(f"/huong-dan/{made.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Mới" in changed.content.decode()
    assert client.get("/huong-dan/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 200


def test_a_picture_is_served_by_its_digest_and_kept_for_ever(world: World) -> None:
    with_picture(world.province_officer)
    image = GuideImage.objects.get()
    client = Client()
    answer = client.get(f"/huong-dan/anh/{image.digest}")
    assert answer.status_code == 200
    assert answer["Content-Type"] == image.content_type
    assert "immutable" in answer["Cache-Control"]
    assert answer.content == bytes(image.content)
    cached = client.get(f"/huong-dan/anh/{image.digest}", HTTP_IF_NONE_MATCH=answer["ETag"])
    assert cached.status_code == 304
    assert client.get("/huong-dan/anh/" + "0" * 64).status_code == 404
    assert client.get("/huong-dan/anh/abc").status_code == 404


# The back office --------------------------------------------------------------------------------


def _editor_urls(slug: str) -> list[str]:
    return [
        "/guides/manage/",
        "/guides/manage/new/",
        f"/guides/manage/{slug}/",
        f"/guides/manage/{slug}/versions/",
        f"/guides/manage/{slug}/versions/1/",
        f"/guides/manage/{slug}/images/",
    ]


def test_a_province_officer_opens_every_editor_page(world: World) -> None:
    made = with_picture(world.province_officer)
    client = world.client(world.province_officer)
    for url in _editor_urls(made.slug):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", NOT_EDITORS)
def test_anyone_else_gets_404_from_the_editor_and_writes_nothing(world: World, who: str) -> None:
    made = guide(world.province_officer, publish=False)
    client = world.client(getattr(world, who))
    for url in _editor_urls(made.slug):
        assert client.get(url).status_code == 404, url
    for tail in ("", "publish/", "unpublish/", "images/", "preview/"):
        assert client.post(f"/guides/manage/{made.slug}/{tail}", {"title": "x"}).status_code == 404
    assert client.post("/guides/manage/new/", {"slug": "x"}).status_code == 404
    assert GuideVersion.objects.count() == 1
    assert Guide.objects.get().published is None


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_editor(world: World) -> None:
    answer = Client().get("/guides/manage/")
    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def _form(**changes: str) -> dict[str, str]:
    values = {
        "title": "Nộp hồ sơ trên Cổng dịch vụ công",
        "audience": "Người dân có tài khoản VNeID",
        "summary": "",
        "steps": "1. Mở dichvucong.gov.vn",
        "problems": "",
        "source_title": "Văn phòng Chính phủ",
        "source_url": "https://dichvucong.gov.vn/",
        "skills": "",
        "note": "",
    }
    values.update(changes)
    return values


def test_an_officer_creates_edits_and_publishes_a_guide_through_the_pages(world: World) -> None:
    client = world.client(world.province_officer)
    created = client.post("/guides/manage/new/", _form(slug="dich-vu-cong"))
    assert created.status_code == 302
    made = Guide.objects.get(slug="dich-vu-cong")
    assert made.published is None
    saved = client.post(f"/guides/manage/{made.slug}/", _form(title="Bản hai", note="Sửa tiêu đề"))
    assert saved.status_code == 302
    assert Client().get("/huong-dan/dich-vu-cong/").status_code == 404
    client.post(f"/guides/manage/{made.slug}/", _form(title="Bản ba"), follow=False)
    published = client.post(f"/guides/manage/{made.slug}/publish/", {"number": "2"})
    assert published.status_code == 302
    assert "Bản hai" in Client().get("/huong-dan/dich-vu-cong/").content.decode()
    client.post(f"/guides/manage/{made.slug}/", {**_form(title="Bản bốn"), "publish": "1"})
    assert "Bản bốn" in Client().get("/huong-dan/dich-vu-cong/").content.decode()
    history = client.get(f"/guides/manage/{made.slug}/versions/").content.decode()
    assert "Sửa tiêu đề" in history
    assert list(made.versions.values_list("title", flat=True)) == [
        "Bản bốn",
        "Bản ba",
        "Bản hai",
        "Nộp hồ sơ trên Cổng dịch vụ công",
    ]
    client.post(f"/guides/manage/{made.slug}/unpublish/")
    assert Client().get("/huong-dan/dich-vu-cong/").status_code == 404


def test_a_form_with_a_mistake_says_which_field_and_saves_nothing(world: World) -> None:
    client = world.client(world.province_officer)
    answer = client.post("/guides/manage/new/", _form(slug="Có Dấu", title=""))
    assert answer.status_code == 400
    assert Guide.objects.count() == 0
    made = guide(world.province_officer, publish=False)
    answer = client.post(f"/guides/manage/{made.slug}/", _form(source_url="ftp://x"))
    assert answer.status_code == 400
    assert made.versions.count() == 1


def test_an_upload_gives_the_line_to_paste_and_a_bad_file_is_refused(world: World) -> None:
    made = guide(world.province_officer, publish=False)
    client = world.client(world.province_officer)
    good = SimpleUploadedFile("b1.png", picture(), content_type="image/png")
    answer = client.post(
        f"/guides/manage/{made.slug}/images/", {"image": good}, HTTP_HX_REQUEST="1"
    )
    image = GuideImage.objects.get()
    assert answer.status_code == 200
    assert f"](/huong-dan/anh/{image.digest})" in answer.content.decode()
    svg = SimpleUploadedFile("x.png", b"<svg onload='alert(1)'/>", content_type="image/png")
    refused = client.post(f"/guides/manage/{made.slug}/images/", {"image": svg})
    assert refused.status_code == 400
    assert GuideImage.objects.count() == 1


def test_the_preview_shows_the_text_as_the_public_will_and_writes_nothing(world: World) -> None:
    made = guide(world.province_officer, publish=False)
    client = world.client(world.province_officer)
    answer = client.post(
        f"/guides/manage/{made.slug}/preview/",
        {"steps": "1. **Đậm** <script>x</script>", "problems": ""},
        HTTP_HX_REQUEST="1",
    )
    assert answer.status_code == 200
    assert "<strong>Đậm</strong>" in answer.content.decode()
    assert "<script>" not in answer.content.decode()
    assert made.versions.count() == 1


def test_publishing_a_version_that_does_not_exist_is_refused(world: World) -> None:
    made = guide(world.province_officer, publish=False)
    client = world.client(world.province_officer)
    for number in ("abc", "9", "²"):
        answer = client.post(f"/guides/manage/{made.slug}/publish/", {"number": number})
        assert answer.status_code == 400
        assert "GUIDE_VERSION_NOT_FOUND" in answer.content.decode()
    made.refresh_from_db()
    assert made.published is None
