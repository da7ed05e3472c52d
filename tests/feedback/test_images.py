"""Photos are checked by their content, re-encoded, and stripped of every piece of metadata."""

import io
import struct
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import translation
from PIL import Image

from langso.core import ratelimit
from langso.core.errors import DomainError
from langso.core.ratelimit import RateLimited
from langso.feedback import images
from langso.feedback.errors import FeedbackError
from tests.feedback.helpers import jpeg_with_gps, png_bytes, webp_bytes


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    """Messages are checked in Vietnamese, whatever language an earlier test left active."""
    with translation.override("vi"):
        yield


def _png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (a decompression bomb's disguise)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_jpeg_loses_its_exif_gps_and_comment() -> None:
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    clean = images.clean_photo(original)
    stored = Image.open(io.BytesIO(clean.content))
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert "exif" not in stored.info and "comment" not in stored.info
    assert "icc_profile" not in stored.info
    assert b"GPS" not in clean.content and b"secret comment" not in clean.content
    assert (clean.width, clean.height) == (64, 48)


def test_png_with_transparency_and_webp_become_jpeg() -> None:
    for data in (png_bytes(), png_bytes(mode="RGB"), webp_bytes()):
        clean = images.clean_photo(data)
        assert Image.open(io.BytesIO(clean.content)).format == "JPEG"


def test_a_large_photo_is_scaled_down() -> None:
    out = io.BytesIO()
    Image.new("RGB", (3000, 1500), (1, 2, 3)).save(out, format="JPEG")
    clean = images.clean_photo(out.getvalue())
    assert (clean.width, clean.height) == (2048, 1024)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4 not a photo",
        b"<script>alert(1)</script>",
        b"GIF89a" + b"\x00" * 40,
        jpeg_with_gps()[:60],
        b"",
    ],
)
def test_files_that_are_not_photos_are_refused(data: bytes) -> None:
    with pytest.raises(DomainError) as refused:
        images.clean_photo(data)
    assert refused.value.code == FeedbackError.PHOTO_NOT_IMAGE


def test_a_gif_is_refused_even_though_pillow_reads_it() -> None:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="GIF")
    with pytest.raises(DomainError) as refused:
        images.clean_photo(out.getvalue())
    assert refused.value.code == FeedbackError.PHOTO_NOT_IMAGE


def test_a_file_over_5_mb_is_refused_before_it_is_read() -> None:
    with pytest.raises(DomainError) as refused:
        images.clean_photo(b"\xff\xd8" + b"\x00" * (5 * 1024 * 1024))
    assert refused.value.code == FeedbackError.PHOTO_TOO_LARGE


@pytest.mark.parametrize("side", [7000, 20_000, 60_000])
def test_a_decompression_bomb_is_refused_from_its_header(side: int) -> None:
    bomb = _png_header_claiming(side, side)
    assert len(bomb) < 200
    with pytest.raises(DomainError) as refused:
        images.clean_photo(bomb)
    assert refused.value.code == FeedbackError.PHOTO_TOO_MANY_PIXELS


def test_the_photo_location_is_read_only_on_request() -> None:
    point = images.photo_location(jpeg_with_gps(21.4345, 103.676))
    assert point is not None
    assert abs(float(point[0]) - 21.4345) < 0.0001
    assert abs(float(point[1]) - 103.676) < 0.0001
    assert images.photo_location(png_bytes()) is None
    assert images.photo_location(b"junk") is None


# Bounds on decoding, from the headers


def _flat(width: int, height: int, fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 60)).save(out, format=fmt)
    return out.getvalue()


def test_a_png_over_16_million_pixels_is_refused_from_its_header_naming_the_photo() -> None:
    fine = png_bytes()
    with pytest.raises(DomainError) as refused:
        images.clean_photos([fine, _png_header_claiming(4100, 4100)])
    assert refused.value.code == FeedbackError.PHOTO_TOO_MANY_PIXELS
    assert "ảnh số 2" in str(refused.value.message).lower()
    assert "16" in str(refused.value.message)


def test_a_50_megapixel_phone_jpeg_is_accepted_and_decoded_at_reduced_size() -> None:
    photo = _flat(8160, 6144, "JPEG")
    assert len(photo) <= images.MAX_BYTES

    image = Image.open(io.BytesIO(photo))
    image.draft("RGB", (2048, 1542))
    clean = images.clean_photo(photo)

    assert image.size == (4080, 3072)
    assert (clean.width, clean.height) == (2048, 1542)


def test_photos_decoding_more_than_40_million_pixels_together_are_refused_before_decoding() -> None:
    # Each header claims 15.2 million pixels and holds almost nothing: decoding any of them
    # would fail, so the refusal shows that none was decoded.
    claims = [_png_header_claiming(3900, 3900) for _ in range(3)]

    with pytest.raises(DomainError) as refused:
        images.clean_photos(claims)

    assert refused.value.code == FeedbackError.PHOTOS_TOO_MANY_PIXELS
    assert "ảnh số 3" in str(refused.value.message).lower()
    assert "40" in str(refused.value.message)


def test_three_12_megapixel_phone_photos_fit_in_one_request() -> None:
    photo = _flat(4000, 3000, "JPEG")

    cleaned = images.clean_photos([photo, photo, photo])

    assert [(c.width, c.height) for c in cleaned] == [(2048, 1536)] * 3


@pytest.mark.django_db
def test_each_address_decodes_at_most_300_megapixels_an_hour() -> None:
    claim = _png_header_claiming(3900, 3900)  # 15.2 MP: counted as 16
    with time_machine.travel(datetime(2026, 3, 2, 10, 7, 30, tzinfo=UTC), tick=False):
        for _ in range(18):
            images.photos_admit([claim], address="203.0.113.7")
        with pytest.raises(RateLimited) as refused:
            images.photos_admit([png_bytes(), claim], address="203.0.113.7")
        images.photos_admit([claim], address="203.0.113.8")

    assert refused.value.status == 429
    assert refused.value.retry_after == 3150
    assert "ảnh số 2" in str(refused.value.message).lower()
    assert "53 phút" in str(refused.value.message)


@pytest.mark.django_db
def test_a_jpeg_costs_the_address_what_decoding_it_at_reduced_size_costs() -> None:
    images.photos_admit([_flat(8160, 6144, "JPEG")], address="203.0.113.7")

    assert ratelimit.peek(images.PIXELS_PER_ADDRESS, "203.0.113.7").count == 13
