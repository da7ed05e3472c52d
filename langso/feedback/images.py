"""Photos from citizens: checked by content, re-encoded, stripped of every piece of metadata.

A photo is accepted when Pillow recognises it as JPEG, PNG or WebP (whatever its name or
declared type says), is at most 5 MB and at most ``MAX_PIXELS`` pixels. The pixel limit is
checked from the header before anything is decoded: Pillow's own guard (``MAX_IMAGE_PIXELS``,
a warning above it and an error above twice it) would let a small file that unpacks to a huge
image eat the server's memory, so the lower limit of this module applies first and Pillow's
warning is treated as a refusal too. The pixels are then turned upright (EXIF orientation),
scaled down to ``MAX_SIDE`` and written as a new JPEG made from the pixels alone: no EXIF, no GPS,
no XMP, no ICC profile, no comments survive. The photo's GPS position is read only when the
citizen asks to use it as the report's location, and then it goes to the report, not the image.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from langso.core.errors import DomainError
from langso.feedback.errors import FeedbackError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2048
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
_GPS_IFD = 0x8825


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    width: int
    height: int


def _refuse_not_image(field: str) -> DomainError:
    return DomainError(
        FeedbackError.PHOTO_NOT_IMAGE,
        _("This file is not a photo: send a JPEG, PNG or WebP picture."),
        field=field,
    )


def _open(data: bytes, field: str) -> Image.Image:
    if len(data) > MAX_BYTES:
        raise DomainError(
            FeedbackError.PHOTO_TOO_LARGE,
            _("A photo may be at most 5 MB (this one is %(size)s MB).")
            % {"size": f"{len(data) / 1024 / 1024:.1f}"},
            field=field,
        )
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(field) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _refuse_not_image(field) from exc
    if image.format not in ACCEPTED_FORMATS:
        raise _refuse_not_image(field)
    width, height = image.size
    if width * height > min(MAX_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_PIXELS):
        raise _too_many_pixels(field)
    return image


def _too_many_pixels(field: str) -> DomainError:
    return DomainError(
        FeedbackError.PHOTO_TOO_MANY_PIXELS,
        _("This picture is too large (more than %(mp)s million pixels).")
        % {"mp": MAX_PIXELS // 1_000_000},
        field=field,
    )


def clean_photo(data: bytes, *, field: str = "photos") -> CleanPhoto:
    """A new JPEG made from the photo's pixels only, or a refusal saying what is wrong."""
    image = _open(data, field)
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
        if upright.mode in ("RGBA", "LA") or (
            upright.mode == "P" and "transparency" in upright.info
        ):
            rgba = upright.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            upright = flat
        rgb = upright.convert("RGB")
        rgb.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        # A fresh image holds the pixels and nothing else: no info dict, so no metadata.
        bare = Image.frombytes("RGB", rgb.size, rgb.tobytes())
        out = io.BytesIO()
        bare.save(out, format="JPEG", quality=82, optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(field) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise _refuse_not_image(field) from exc
    return CleanPhoto(content=out.getvalue(), width=bare.width, height=bare.height)


def _degrees(value: Any) -> float:
    parts = [float(part) for part in value]
    return parts[0] + parts[1] / 60 + parts[2] / 3600


def photo_location(data: bytes) -> tuple[Decimal, Decimal] | None:
    """The GPS position written in a photo's EXIF, if any (only used when the citizen asks)."""
    try:
        image = _open(data, "photos")
        gps = image.getexif().get_ifd(_GPS_IFD)
        lat = _degrees(gps[2]) * (-1 if gps.get(1) == "S" else 1)
        lon = _degrees(gps[4]) * (-1 if gps.get(3) == "W" else 1)
    except (DomainError, KeyError, TypeError, ValueError, IndexError, ZeroDivisionError):
        return None
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")
