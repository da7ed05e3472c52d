"""Writing guides: versions that never change, publishing a chosen version, withdrawing, the
refusals that name the field, pictures checked and stripped, and the audit log."""

import hashlib
import io

import pytest
from django.utils.translation import gettext
from PIL import Image

from langso.core.errors import DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.learning import guide_selectors as selectors
from langso.learning import guide_services as services
from langso.learning.errors import GuideError
from langso.learning.models import GuideImage, GuideVersion
from tests.learning.guides import guide, picture, text
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_a_new_guide_is_a_draft_the_public_cannot_read(world: World) -> None:
    made = guide(world.province_officer, publish=False)
    assert made.published is None
    assert made.versions.count() == 1
    with pytest.raises(NotFound):
        selectors.published_guide(slug=made.slug)


def test_saving_makes_a_new_version_and_never_changes_an_old_one(world: World) -> None:
    made = guide(world.province_officer)
    first = made.versions.get(number=1)
    before = (first.title, first.steps, first.created_at)
    second = services.guide_version_save(
        actor=world.province_officer, guide=made, text=text(title="Tiêu đề mới", note="Sửa")
    )
    first.refresh_from_db()
    assert second.number == 2
    assert (first.title, first.steps, first.created_at) == before
    assert second.created_by == world.province_officer
    # The public still reads version 1 until version 2 is published.
    _guide, read = selectors.published_guide(slug=made.slug)
    assert read.number == 1


def test_publishing_picks_the_latest_version_or_the_one_asked_for(world: World) -> None:
    made = guide(world.province_officer, publish=False)
    services.guide_version_save(actor=world.province_officer, guide=made, text=text(title="Hai"))
    assert services.guide_publish(actor=world.province_officer, guide=made).number == 2
    assert selectors.published_guide(slug=made.slug)[1].title == "Hai"
    services.guide_publish(actor=world.province_officer, guide=made, number=1)
    assert selectors.published_guide(slug=made.slug)[1].number == 1
    with pytest.raises(DomainError) as refused:
        services.guide_publish(actor=world.province_officer, guide=made, number=9)
    assert refused.value.code == GuideError.VERSION_NOT_FOUND


def test_withdrawing_hides_the_guide_and_keeps_its_versions(world: World) -> None:
    made = guide(world.province_officer)
    services.guide_unpublish(actor=world.province_officer, guide=made)
    with pytest.raises(NotFound):
        selectors.published_guide(slug=made.slug)
    assert made.versions.count() == 1
    assert list(selectors.published_guides()) == []


def test_every_write_is_in_the_audit_log(world: World) -> None:
    made = guide(world.province_officer)
    services.guide_image_upload(
        actor=world.province_officer, guide=made, data=picture(), name="a.png"
    )
    services.guide_unpublish(actor=world.province_officer, guide=made)
    actions = list(
        AuditEntry.objects.filter(object_type="guide", object_id=str(made.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditAction.GUIDE_CREATE,
        AuditAction.GUIDE_SAVE,
        AuditAction.GUIDE_PUBLISH,
        AuditAction.GUIDE_IMAGE,
        AuditAction.GUIDE_UNPUBLISH,
    ]
    assert AuditEntry.objects.filter(actor=world.province_officer).count() == 5


@pytest.mark.parametrize(
    ("changes", "code", "field", "words"),
    [
        ({"title": "  "}, GuideError.FIELD_MISSING, "title", "Title"),
        ({"audience": ""}, GuideError.FIELD_MISSING, "audience", "Who it is for"),
        ({"steps": ""}, GuideError.FIELD_MISSING, "steps", "Steps"),
        ({"title": "x" * 201}, GuideError.FIELD_TOO_LONG, "title", "200"),
        ({"source_url": "javascript:alert(1)"}, GuideError.SOURCE_URL_INVALID, "source_url", ""),
        ({"skills": ["9.9"]}, GuideError.SKILL_UNKNOWN, "skills", "9.9"),
    ],
)
def test_bad_text_is_refused_naming_the_field(
    world: World, changes: dict[str, object], code: GuideError, field: str, words: str
) -> None:
    with pytest.raises(DomainError) as refused:
        services.guide_create(actor=world.province_officer, slug="moi", text=text(**changes))
    assert refused.value.code == code
    assert refused.value.field == field
    # The message names the field in the reader's language.
    assert gettext(words) in str(refused.value.message)


def test_an_address_is_taken_once_and_written_plainly(world: World) -> None:
    guide(world.province_officer, "vneid")
    with pytest.raises(DomainError) as taken:
        services.guide_create(actor=world.province_officer, slug="vneid", text=text())
    assert taken.value.code == GuideError.SLUG_TAKEN
    assert "vneid" in str(taken.value.message)
    for bad in ("VNeID", "có-dấu", "a b", "-a", ""):
        with pytest.raises(DomainError) as invalid:
            services.guide_create(actor=world.province_officer, slug=bad, text=text())
        assert invalid.value.code == GuideError.SLUG_INVALID


@pytest.mark.parametrize("who", ["commune_officer", "leader", "member", "outsider"])
def test_only_province_officers_write_guides(world: World, who: str) -> None:
    made = guide(world.province_officer)
    user = getattr(world, who)
    with pytest.raises(NotFound):
        services.guide_create(actor=user, slug="khac", text=text())
    with pytest.raises(NotFound):
        services.guide_version_save(actor=user, guide=made, text=text())
    with pytest.raises(NotFound):
        services.guide_publish(actor=user, guide=made)
    with pytest.raises(NotFound):
        services.guide_unpublish(actor=user, guide=made)
    with pytest.raises(NotFound):
        services.guide_image_upload(actor=user, guide=made, data=picture(), name="a.png")
    assert GuideVersion.objects.count() == 1


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_picture_is_stored_re_encoded_by_its_digest(world: World, fmt: str) -> None:
    made = guide(world.province_officer)
    image = services.guide_image_upload(
        actor=world.province_officer, guide=made, data=picture(fmt=fmt), name="b 1.png"
    )
    content = bytes(image.content)
    assert image.digest == hashlib.sha256(content).hexdigest()
    assert (image.width, image.height) == (60, 100)
    assert image.content_type in ("image/png", "image/jpeg")
    assert Image.open(io.BytesIO(content)).format in ("PNG", "JPEG")
    assert services.image_url(image) == f"/huong-dan/anh/{image.digest}"
    again = services.guide_image_upload(
        actor=world.province_officer, guide=made, data=picture(fmt=fmt), name="khac.png"
    )
    assert again.pk == image.pk


def test_a_picture_loses_its_metadata(world: World) -> None:
    made = guide(world.province_officer)
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh bí mật"  # Make
    data = picture(fmt="JPEG", exif=exif.tobytes(), comment=b"GPS 21.3,103.9")
    image = services.guide_image_upload(
        actor=world.province_officer, guide=made, data=data, name="a.jpg"
    )
    content = bytes(image.content)
    assert "bí mật".encode() not in content
    assert b"GPS 21.3" not in content
    assert not Image.open(io.BytesIO(content)).getexif()


def test_a_large_picture_is_scaled_down(world: World) -> None:
    made = guide(world.province_officer)
    image = services.guide_image_upload(
        actor=world.province_officer, guide=made, data=picture((2400, 1200)), name="a.png"
    )
    assert (image.width, image.height) == (1200, 600)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (SVG, GuideError.IMAGE_NOT_IMAGE),
        (b"%PDF-1.4 not a picture", GuideError.IMAGE_NOT_IMAGE),
        (b"", GuideError.IMAGE_NOT_IMAGE),
        (picture()[:60], GuideError.IMAGE_NOT_IMAGE),
        (picture(fmt="GIF"), GuideError.IMAGE_NOT_IMAGE),
        (picture((4000, 3001)), GuideError.IMAGE_TOO_MANY_PIXELS),
        (b"\x89PNG" + b"0" * (2 * 1024 * 1024), GuideError.IMAGE_TOO_LARGE),
    ],
    ids=["svg", "pdf", "empty", "truncated", "gif", "too-many-pixels", "too-large"],
)
def test_a_bad_picture_is_refused_and_nothing_is_stored(
    world: World, data: bytes, code: GuideError
) -> None:
    made = guide(world.province_officer)
    with pytest.raises(DomainError) as refused:
        services.guide_image_upload(
            actor=world.province_officer, guide=made, data=data, name="anh.png"
        )
    assert refused.value.code == code
    assert refused.value.field == "image"
    assert GuideImage.objects.count() == 0
