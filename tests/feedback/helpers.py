"""Building blocks of the feedback tests: reports filed through the services, photos made with
Pillow, and an officer of the second commune."""

import io
from datetime import datetime
from typing import Any

from django.utils import timezone
from PIL import Image

from langso.access import ANONYMOUS, SYSTEM, Actor
from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.feedback import services
from langso.feedback.models import Channel, Report
from tests.roles import PASSWORD, World

DESCRIPTION = "Đường vào bản Hua Nà bị sạt lở, xe máy không đi qua được"
# Thuận Châu, Sơn La.
LAT, LON = "21.4345", "103.6760"


def file_report(
    world: World,
    *,
    place: str | None = None,
    channel: Channel = Channel.WEB,
    made_at: datetime | None = None,
    actor: Actor | None = None,
    **changes: Any,
) -> Report:
    """A report filed by a citizen, or by the system when it is dated in the past (only the
    system and officers may date a report), or by ``actor``."""
    values: dict[str, Any] = {
        "category": "duong-sa",
        "description": DESCRIPTION,
        "place": place if place is not None else world.code(world.village_a1),
        "consent": True,
    }
    values.update(changes)
    return services.report_file(
        data=services.ReportInput(**values),
        channel=channel,
        made_at=made_at,
        actor=actor or (SYSTEM if made_at else ANONYMOUS),
    )


def officer_b(world: World) -> User:
    """A commune officer of Xã Mường É (commune B)."""
    user, _ = accounts.user_provision(username="officer_b", password=PASSWORD, full_name="Cán bộ B")
    accounts.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=world.commune_b)
    return user


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in Vietnam's time."""
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def _rational(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    return (float(degrees), float(minutes), round((minutes_full - minutes) * 60, 4))


def jpeg_with_gps(
    lat: float = 21.4345, lon: float = 103.676, size: tuple[int, int] = (64, 48)
) -> bytes:
    """A small JPEG carrying EXIF: camera make, a comment and a GPS position."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Làng Số test camera"  # Make
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = _rational(lat)
    gps[3] = "E"
    gps[4] = _rational(lon)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30), mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 200, 10, 128) if mode == "RGBA" else (10, 200, 10)).save(
        out, format="PNG"
    )
    return out.getvalue()


def webp_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 200)).save(out, format="WEBP")
    return out.getvalue()
