"""Loading guides from their Markdown files: pictures stored, links rewritten, published; a
second run changes nothing; a changed file becomes a new version."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from langso.core.errors import DomainError
from langso.learning import guide_selectors as selectors
from langso.learning import guide_services as services
from langso.learning.errors import GuideError
from langso.learning.guide_loader import guide_file_read, guides_load
from langso.learning.models import Guide, GuideImage, GuideVersion
from tests.learning.guides import FIXTURES
from tests.roles import World

pytestmark = pytest.mark.django_db


def _state() -> tuple[object, ...]:
    return (
        list(GuideVersion.objects.order_by("pk").values_list("pk", "steps")),
        list(GuideImage.objects.order_by("pk").values_list("digest", flat=True)),
        list(Guide.objects.order_by("pk").values_list("slug", "published_id", "position")),
    )


def test_the_loader_publishes_each_guide_with_its_pictures(world: World) -> None:
    loaded = guides_load(folder=FIXTURES)
    assert [item.slug for item in loaded] == ["thu-nghiem-otp", "thu-nghiem-vneid"]
    guide, version = selectors.published_guide(slug="thu-nghiem-vneid")
    assert version.title == "Đổi số điện thoại trên ứng dụng VNeID"
    assert version.number == 1
    assert "thu-nghiem-1.png" not in version.steps
    assert version.steps.count("](/huong-dan/anh/") == 2
    assert "Mã kích hoạt gửi về số điện thoại cũ" in version.problems
    assert guide.position == 1
    assert GuideImage.objects.count() == 2


def test_a_second_run_changes_nothing(world: World) -> None:
    guides_load(folder=FIXTURES)
    before = _state()
    again = guides_load(folder=FIXTURES)
    assert not any(item.changed() for item in again)
    assert _state() == before


def test_a_changed_file_becomes_a_new_published_version(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "guides"
    shutil.copytree(FIXTURES, folder)
    guides_load(folder=folder)
    path = folder / "thu-nghiem-otp.md"
    path.write_text(path.read_text().replace("Giữ an toàn mã OTP", "Giữ kín mã OTP"))
    loaded = {item.slug: item for item in guides_load(folder=folder)}
    assert loaded["thu-nghiem-otp"].new_version == 2
    assert loaded["thu-nghiem-otp"].published == 2
    assert not loaded["thu-nghiem-vneid"].changed()
    assert selectors.published_guide(slug="thu-nghiem-otp")[1].title == "Giữ kín mã OTP"


def test_the_command_says_what_it_did(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("guides_load", str(FIXTURES))
    first = capsys.readouterr().out
    assert "thu-nghiem-vneid: created" in first
    call_command("guides_load", str(FIXTURES))
    second = capsys.readouterr().out
    assert "thu-nghiem-vneid: unchanged" in second
    assert "2 guide(s) read, 0 changed." in second


def test_a_file_with_a_missing_picture_is_refused_by_name(world: World, tmp_path: Path) -> None:
    (tmp_path / "hong.md").write_text(
        "---\nslug: hong\ntitle: Hỏng\naudience: Ai\nsource_title: Nguồn\n---\n"
        "1. Bước ![ảnh](khong-co.png)\n",
        encoding="utf-8",
    )
    with pytest.raises(DomainError) as refused:
        guides_load(folder=tmp_path)
    assert refused.value.code == GuideError.FILE_INVALID
    assert "hong.md" in str(refused.value.message)
    assert "khong-co.png" in str(refused.value.message)
    assert Guide.objects.count() == 0


def test_front_matter_is_read_as_the_format_says() -> None:
    found = guide_file_read(FIXTURES / "thu-nghiem-otp.md")
    assert found.slug == "thu-nghiem-otp"
    assert found.position == 2
    assert found.text.skills == []
    assert found.images == ["thu-nghiem-1.png"]
    assert found.text.problems.startswith("- Có người gọi điện")


def test_an_officers_later_version_or_withdrawal_survives_a_rerun(world: World) -> None:
    guides_load(folder=FIXTURES)
    guide, version = selectors.published_guide(slug="thu-nghiem-otp")
    edited = services.guide_version_save(
        actor=world.province_officer,
        guide=guide,
        text=services.GuideText(
            title="Giữ kín mã OTP (bản cán bộ sửa)",
            audience=version.audience,
            steps=version.steps,
            source_title=version.source_title,
        ),
    )
    services.guide_publish(actor=world.province_officer, guide=guide)
    other, _version = selectors.published_guide(slug="thu-nghiem-vneid")
    services.guide_unpublish(actor=world.province_officer, guide=other)
    again = guides_load(folder=FIXTURES)
    assert not any(item.changed() for item in again)
    assert selectors.published_guide(slug="thu-nghiem-otp")[1].pk == edited.pk
    assert not selectors.published_guides().filter(slug="thu-nghiem-vneid").exists()
