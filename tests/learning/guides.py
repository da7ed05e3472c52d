"""Guides for the tests, built through the services."""

import io
from pathlib import Path

from PIL import Image

from langso.access import Actor
from langso.learning import guide_services as services
from langso.learning.models import Guide

FIXTURES = Path(__file__).parent / "fixtures"
TITLE = "Đổi số điện thoại trên ứng dụng VNeID"


def text(**changes: object) -> services.GuideText:
    values: dict[str, object] = {
        "title": TITLE,
        "audience": "Người dân đã có tài khoản định danh điện tử mức độ 2",
        "summary": "Khi đổi điện thoại, làm theo các bước sau.",
        "steps": "1. **Mở ứng dụng VNeID** và chọn “Quên mật khẩu”.\n2. Nhập số định danh.",
        "problems": "- **Mã gửi về số cũ.** Đến công an xã.",
        "source_title": "Bộ Công an — Hướng dẫn sử dụng VNeID",
        "source_url": "https://vneid.gov.vn/",
    }
    values.update(changes)
    return services.GuideText(**values)  # type: ignore[arg-type]


def picture(size: tuple[int, int] = (60, 100), fmt: str = "PNG", **info: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format=fmt, **info)
    return out.getvalue()


def guide(
    actor: Actor, slug: str = "doi-so-vneid", *, publish: bool = True, **changes: object
) -> Guide:
    made = services.guide_create(actor=actor, slug=slug, text=text(**changes))
    if publish:
        services.guide_publish(actor=actor, guide=made)
    made.refresh_from_db()
    return made


def with_picture(actor: Actor, slug: str = "co-anh") -> Guide:
    """A published guide whose first step shows an uploaded picture."""
    made = services.guide_create(actor=actor, slug=slug, text=None)
    image = services.guide_image_upload(actor=actor, guide=made, data=picture(), name="b1.png")
    steps = f"1. Mở ứng dụng.\n\n   ![Màn hình đầu]({services.image_url(image)})\n"
    services.guide_version_save(actor=actor, guide=made, text=text(steps=steps))
    services.guide_publish(actor=actor, guide=made)
    made.refresh_from_db()
    return made
