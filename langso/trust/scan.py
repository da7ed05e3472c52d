"""QR codes read from a picture: what a villager got in Zalo or photographed on a counter, to
be checked as if its text had been pasted (``views.check_page``, ``api.check_image``).

The picture is the costly part, bounded the way citizens' photos are (``feedback.images``),
before any pixel is decoded: JPEG, PNG or WebP only, whatever the file's name or declared type
says; at most 5 MB; from the header, at most 52 million pixels for a JPEG, which libjpeg then
decodes at a reduced size (``draft``) no smaller than 1,024 pixels a side, ample for a code,
and 16 million for PNG and WebP, which cannot be decoded smaller; and the megapixels decoded
counted per address and hour (``pixels_limit``, ``core.ratelimit``). Pillow's own guard against
decompression bombs is set above these limits, and its warning is treated as a refusal too.

Written here rather than shared with ``feedback.images``: that module keeps a photo (it
re-encodes it without metadata and names each of several photos in its refusals, with the
feedback app's codes), where this one only looks for codes in one picture and throws it away,
and the trust app depends on ``core`` alone.

The reader is zxing-cpp (a maintained C++ library, wheels for every Python and machine we
support), asked for QR codes only. It reads a code at any angle, inverted or small in a big
picture; a picture holding several codes (a shop's counter: its VietQR and its Zalo page) gets
each one checked, in reading order, up to ``MAX_CODES``.
"""

import io
import math
import warnings
from dataclasses import dataclass
from typing import Any

import zxingcpp
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from langso.core import vietqr
from langso.core.errors import DomainError
from langso.core.ratelimit import Limit, RateLimited, hit, wait_text
from langso.trust.engine import Result
from langso.trust.errors import TrustError
from langso.trust.reasons import render
from langso.trust.selectors import MAX_BODY_BYTES, TooLarge, Unprocessable

MAX_BYTES = 5 * 1024 * 1024
# The whole request: the picture, the form's token, and the multipart framing.
MAX_BODY = MAX_BYTES + MAX_BODY_BYTES
MAX_PIXELS = {"JPEG": 52_000_000, "PNG": 16_000_000, "WEBP": 16_000_000}
# A QR code photographed from arm's length, or a screenshot of a chat, reads at this size; a
# bigger picture only costs more to look through.
MAX_SIDE = 2048
MAX_CODES = 4
MAX_SHOWN = 300


def pixels_limit() -> Limit:
    """Megapixels decoded per address and hour: some two hundred phone photos (3 MP each once
    reduced) or screenshots; a busy shared address sends fewer, a program sending large
    pictures is stopped."""
    megapixels = int(getattr(settings, "LANGSO_TRUST_SCAN_MEGAPIXELS_PER_HOUR", 600))
    return Limit("trust-scan-mp-1h", megapixels, 3600)


@dataclass(frozen=True)
class Code:
    """The text of one QR code in a picture, and how it may be shown: a payment code's account
    masked (``vietqr.mask_payload``), anything else as it is, cut to ``MAX_SHOWN``."""

    text: str
    shown: str
    payment: bool


def _not_image() -> DomainError:
    return Unprocessable(
        TrustError.SCAN_NOT_IMAGE,
        _("The file is not a picture: send a photo or screenshot in JPEG, PNG or WebP."),
        field="image",
    )


def _too_many_pixels(image: Image.Image | None = None) -> DomainError:
    if image is None:
        message = _("The picture is too large: send a smaller photo or a screenshot.")
    else:
        message = _(
            "The picture is too large (%(mp)s million pixels): a %(format)s picture may have at "
            "most %(limit)s million. Send a smaller photo or a screenshot."
        ) % {
            "mp": f"{image.width * image.height / 1e6:.1f}",
            "format": image.format,
            "limit": MAX_PIXELS[image.format or "PNG"] // 1_000_000,
        }
    return TooLarge(TrustError.SCAN_TOO_MANY_PIXELS, message, field="image")


def too_large(size: int) -> DomainError:
    return TooLarge(
        TrustError.SCAN_TOO_LARGE,
        _("The picture is larger than 5 MB (%(size)s MB): send a smaller photo or a screenshot.")
        % {"size": f"{size / 1024 / 1024:.1f}"},
        field="image",
        details={"limit": MAX_BYTES},
    )


def no_image() -> DomainError:
    return Unprocessable(
        TrustError.SCAN_NO_IMAGE,
        _("Choose a photo or screenshot of the QR code to check."),
        field="image",
    )


def _fitted(size: tuple[int, int], side: int) -> tuple[int, int]:
    width, height = size
    ratio = min(1.0, side / max(width, height))
    return max(1, round(width * ratio)), max(1, round(height * ratio))


def open_picture(data: bytes) -> Image.Image:
    """The picture, read up to its header: nothing is decoded yet. A JPEG is set to decode at
    the smallest size libjpeg gives (1/2, 1/4 or 1/8) that is not smaller than half
    ``MAX_SIDE``, so its ``size`` is what decoding it will cost: a 12 MP phone photo costs 3."""
    if not data:
        raise no_image()
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise _not_image() from error
    if image.format not in MAX_PIXELS:
        raise _not_image()
    limit = MAX_PIXELS[image.format]
    if Image.MAX_IMAGE_PIXELS:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    if image.width * image.height > limit:
        raise _too_many_pixels(image)
    if image.format == "JPEG":
        image.draft("L", _fitted(image.size, MAX_SIDE // 2))
    return image


def admit(image: Image.Image, *, address: str) -> None:
    """Count the megapixels ``image`` will cost to decode against ``address``'s hourly budget,
    before it is decoded: a refused picture is counted too, its header having been read."""
    usage = hit(pixels_limit(), address, amount=math.ceil(image.width * image.height / 1e6))
    if usage.over:
        raise RateLimited(
            usage.retry_after,
            _(
                "The picture cannot be read now: too many large pictures were sent from this "
                "connection. Try again in %(wait)s, or send a smaller picture."
            )
            % {"wait": wait_text(usage.retry_after)},
            field="image",
        )


def _grey(image: Image.Image) -> Image.Image:
    """The picture in shades of grey, at most ``MAX_SIDE`` a side, a transparent background
    made white (a code drawn on a transparent PNG is black on black otherwise)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image.load()
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    grey = image.convert("L")
    grey.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BILINEAR)
    return grey


def read_codes(image: Image.Image) -> list[Code]:
    """The QR codes in a picture opened by ``open_picture``, in reading order (top to bottom,
    left to right), each text once. Refuses a picture that cannot be decoded, holds no code,
    too many, or a code holding bytes rather than text."""
    try:
        grey = _grey(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    # Pillow's decoders raise many kinds of error on a damaged file (a PNG cut short, a broken
    # JPEG stream): whatever it is, the answer is the same, the picture cannot be read.
    except Exception as error:
        raise Unprocessable(
            TrustError.SCAN_UNREADABLE,
            _("The picture is damaged and cannot be read: take the photo or screenshot again."),
            field="image",
        ) from error
    found = zxingcpp.read_barcodes(
        grey, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    found.sort(key=lambda code: (code.position.top_left.y, code.position.top_left.x))
    texts = list(dict.fromkeys(code.text for code in found if code.valid))
    if not texts:
        raise Unprocessable(
            TrustError.SCAN_NO_CODE,
            _(
                "No QR code was found in the picture. Take the photo again closer to the code, "
                "straight on and in good light, or send a screenshot."
            ),
            field="image",
        )
    if len(texts) > MAX_CODES:
        raise Unprocessable(
            TrustError.SCAN_TOO_MANY_CODES,
            _(
                "The picture holds %(count)s QR codes: at most %(limit)s are checked at once. "
                "Crop the picture to the code you want to check."
            )
            % {"count": len(texts), "limit": MAX_CODES},
            field="image",
            details={"count": len(texts), "limit": MAX_CODES},
        )
    binary = {code.text for code in found if code.content_type == zxingcpp.ContentType.Binary}
    codes = []
    for text in texts:
        if not text.strip() or text in binary or _has_controls(text):
            raise Unprocessable(
                TrustError.SCAN_NOT_TEXT,
                _(
                    "The QR code in the picture holds no text to check (it holds data for an "
                    "app). Ask the person who sent it what it is for."
                ),
                field="image",
            )
        codes.append(_code(text))
    return codes


def _has_controls(text: str) -> bool:
    return any(ord(char) < 32 and char not in "\t\r\n" for char in text) or "\ufffd" in text


def _code(text: str) -> Code:
    payment = vietqr.looks_like(text)
    shown = vietqr.mask_payload(text) if payment else text.strip()
    if len(shown) > MAX_SHOWN:
        shown = shown[: MAX_SHOWN - 1] + "…"
    return Code(text=text.strip(), shown=shown, payment=payment)


def upload(request: HttpRequest) -> bytes:
    """The picture posted in the field ``image`` of a multipart body, the size of the whole
    body having been checked. A body that does not parse is answered as a picture that did not
    arrive, not as Django's bare page (or, in the API, a server error)."""
    try:
        sent = request.FILES.get("image")
    except RequestDataTooBig as error:
        raise too_large(int(request.META.get("CONTENT_LENGTH") or 0)) from error
    except (MultiPartParserError, SuspiciousOperation) as error:
        raise Unprocessable(
            TrustError.SCAN_NO_IMAGE,
            _("The picture did not arrive whole: choose it and send it again."),
            field="image",
        ) from error
    if sent is None:
        raise no_image()
    if (sent.size or 0) > MAX_BYTES:
        raise too_large(sent.size or 0)
    return bytes(sent.read())


def read_picture(data: bytes, *, address: str) -> list[Code]:
    """The QR codes of a picture sent from ``address``: opened, counted, decoded, read."""
    image = open_picture(data)
    admit(image, address=address)
    return read_codes(image)


def answer(code: Code, result: Result) -> dict[str, Any]:
    """The check of one code as the API and the page show it: the check of its text, with the
    text ``read`` and, for a payment code, its account masked where the text is repeated."""
    shown = render(result)
    shown["read"] = code.shown
    if code.payment:
        shown["input"] = code.shown
        # A payment code that does not read is shown as its text, which holds the account.
        if result.payment is None or result.payment.problem:
            display = code.shown
            shown["display"] = display if len(display) <= 80 else display[:79] + "…"
    return shown
