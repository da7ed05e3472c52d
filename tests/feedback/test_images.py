"""Photos are checked by their content, re-encoded, and stripped of every piece of metadata."""

import io
import struct
import zlib

import pytest
from PIL import Image

from langso.core.errors import DomainError
from langso.feedback import images
from langso.feedback.errors import FeedbackError
from tests.feedback.helpers import jpeg_with_gps, png_bytes, webp_bytes


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
