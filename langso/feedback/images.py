"""Photos from citizens: checked by content, re-encoded, stripped of every piece of metadata.

A photo is accepted when Pillow recognises it as JPEG, PNG or WebP (whatever its name or
declared type says) and is at most 5 MB. Decoding is the costly part (three PNGs of 6,300 by
6,300 pixels took 4.4 s of CPU), so it is bounded from the headers, before any pixel is decoded:

- per photo: a JPEG may have 52 million pixels, enough for the full resolution of a 50 MP phone
  camera (8,160 by 6,144), because it is decoded at a reduced size (``draft``: libjpeg scales by
  1/2, 1/4 or 1/8 while decoding) no smaller than the 2,048-pixel copy we keep, so such a photo
  costs what a 12.5 MP one does. PNG and WebP cannot be decoded smaller: 16 million pixels, more
  than any phone or tablet screenshot (a 4K screen is 8.3 MP) and a 12 MP photo saved as WebP.
- per request: the pixels decoded for all the photos of one report together, at most 40
  million: three 12 MP phone photos (36 M), at most about 2 s of CPU whatever the formats.
- per address: 300 million decoded pixels an hour (``PIXELS_PER_ADDRESS``, counted in
  megapixels by ``core.ratelimit``), about eight reports with three phone photos: a busy
  shared address files that many; a program sending large pictures is stopped.

Pillow's own guard (``MAX_IMAGE_PIXELS``, a warning above it and an error above twice it) would
let a small file that unpacks to a huge image eat the server's memory, so the lower limits of
this module apply first and Pillow's warning is treated as a refusal too. Each refusal names the
photo (its position in the request). The pixels are then turned upright (EXIF orientation),
scaled down to ``MAX_SIDE`` and written as a new JPEG made from the pixels alone: no EXIF, no
GPS, no XMP, no ICC profile, no comments survive. The photo's GPS position is read only when the
citizen asks to use it as the report's location, and then it goes to the report, not the image.
"""

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from langso.core.errors import DomainError
from langso.core.ratelimit import Limit, RateLimited, hit, wait_text
from langso.feedback.errors import FeedbackError

MAX_BYTES = 5 * 1024 * 1024
# Pixels a photo's header may declare, by format (see above).
MAX_PIXELS = {"JPEG": 52_000_000, "PNG": 16_000_000, "WEBP": 16_000_000}
MAX_REQUEST_PIXELS = 40_000_000
PIXELS_PER_ADDRESS = Limit("photo-mp-ip-1h", 300, 3600)
MAX_SIDE = 2048
ACCEPTED_FORMATS = frozenset(MAX_PIXELS)
_GPS_IFD = 0x8825


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    width: int
    height: int


def _refuse_not_image(field: str, number: int) -> DomainError:
    return DomainError(
        FeedbackError.PHOTO_NOT_IMAGE,
        _("File %(number)s is not a photo: send a JPEG, PNG or WebP picture.") % {"number": number},
        field=field,
    )


def _too_many_pixels(field: str, number: int, image: Image.Image | None = None) -> DomainError:
    limit = MAX_PIXELS.get(image.format or "", 0) if image is not None else 0
    if image is None or not limit:
        message = _("Photo %(number)s is too large a picture.") % {"number": number}
    else:
        message = _(
            "Photo %(number)s is too large (%(mp)s million pixels): a %(format)s picture may "
            "have at most %(limit)s million."
        ) % {
            "number": number,
            "mp": f"{image.width * image.height / 1e6:.1f}",
            "format": image.format,
            "limit": limit // 1_000_000,
        }
    return DomainError(FeedbackError.PHOTO_TOO_MANY_PIXELS, message, field=field)


def _fitted(size: tuple[int, int]) -> tuple[int, int]:
    """The size of the copy we keep: ``size`` scaled down to at most MAX_SIDE on each side."""
    width, height = size
    ratio = min(1.0, MAX_SIDE / max(width, height))
    return max(1, round(width * ratio)), max(1, round(height * ratio))


def _open(data: bytes, field: str, number: int) -> Image.Image:
    """The photo, read up to its header: nothing is decoded yet. A JPEG is set to decode at the
    smallest size libjpeg gives that is not smaller than the copy we keep, so its ``size`` is
    then what decoding it will cost."""
    if len(data) > MAX_BYTES:
        raise DomainError(
            FeedbackError.PHOTO_TOO_LARGE,
            _("Photo %(number)s is larger than 5 MB (%(size)s MB).")
            % {"number": number, "size": f"{len(data) / 1024 / 1024:.1f}"},
            field=field,
        )
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(field, number) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _refuse_not_image(field, number) from exc
    if image.format not in ACCEPTED_FORMATS:
        raise _refuse_not_image(field, number)
    limit = MAX_PIXELS[image.format]
    if Image.MAX_IMAGE_PIXELS:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    if image.width * image.height > limit:
        raise _too_many_pixels(field, number, image)
    if image.format == "JPEG":
        image.draft("RGB", _fitted(image.size))
    return image


def _decoded_pixels(photos: Sequence[bytes], field: str) -> list[int]:
    """The pixels each photo will cost to decode, read from the headers; refuses a request whose
    photos would decode more than MAX_REQUEST_PIXELS together, naming the first one past it."""
    costs = []
    for number, data in enumerate(photos, start=1):
        image = _open(data, field, number)
        costs.append(image.width * image.height)
        if sum(costs) > MAX_REQUEST_PIXELS:
            raise DomainError(
                FeedbackError.PHOTOS_TOO_MANY_PIXELS,
                _(
                    "Photo %(number)s is one too many: the photos of one report may have at most "
                    "%(limit)s million pixels together. Send fewer or smaller photos."
                )
                % {"number": number, "limit": MAX_REQUEST_PIXELS // 1_000_000},
                field=field,
            )
    return costs


def photos_admit(photos: Sequence[bytes], *, address: str, field: str = "photos") -> None:
    """Check the photos of one request from their headers (each, and all together) and count
    the megapixels they will cost against ``address``'s hourly budget, before anything is
    decoded. Called by the views outside the filing's transaction, so that the count stays
    even when the filing is refused afterwards."""
    for number, pixels in enumerate(_decoded_pixels(photos, field), start=1):
        usage = hit(PIXELS_PER_ADDRESS, address, amount=math.ceil(pixels / 1_000_000))
        if usage.over:
            raise RateLimited(
                usage.retry_after,
                _(
                    "Photo %(number)s cannot be processed now: too many large photos were sent "
                    "from this connection. Try again in %(wait)s, or send smaller photos."
                )
                % {"number": number, "wait": wait_text(usage.retry_after)},
                field=field,
            )


def clean_photos(photos: Sequence[bytes], *, field: str = "photos") -> list[CleanPhoto]:
    """New JPEGs made from the photos' pixels only, within the bounds of one request."""
    _decoded_pixels(photos, field)
    return [
        clean_photo(data, field=field, number=number) for number, data in enumerate(photos, start=1)
    ]


def clean_photo(data: bytes, *, field: str = "photos", number: int = 1) -> CleanPhoto:
    """A new JPEG made from the photo's pixels only, or a refusal saying what is wrong."""
    image = _open(data, field, number)
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
        raise _too_many_pixels(field, number) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise _refuse_not_image(field, number) from exc
    return CleanPhoto(content=out.getvalue(), width=bare.width, height=bare.height)


def _degrees(value: Any) -> float:
    parts = [float(part) for part in value]
    return parts[0] + parts[1] / 60 + parts[2] / 3600


def photo_location(data: bytes) -> tuple[Decimal, Decimal] | None:
    """The GPS position written in a photo's EXIF, if any (only used when the citizen asks)."""
    try:
        image = _open(data, "photos", 1)
        gps = image.getexif().get_ifd(_GPS_IFD)
        lat = _degrees(gps[2]) * (-1 if gps.get(1) == "S" else 1)
        lon = _degrees(gps[4]) * (-1 if gps.get(3) == "W" else 1)
    except (DomainError, KeyError, TypeError, ValueError, IndexError, ZeroDivisionError):
        return None
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")
