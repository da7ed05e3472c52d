"""A QR code given as a picture, on /kiem-tra and through the API: read on the server and
checked as if its text had been pasted (a VietQR code: the bank, the masked account, the check
digits, the lists; a link: the link check; other text: the text check). The account of a
payment code is never written in full on the page or in the answer. Bad files get a code and
a Vietnamese message, never a 500."""

import io
import json
import struct
import zlib
from typing import Any

import pytest
import qrcode
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageFilter

from langso.access import SYSTEM
from langso.core.vietqr import encode, mask_payload
from langso.trust import scan, services
from langso.trust.models import BlockSource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

PAGE = "/kiem-tra"
API = "/api/v1/trust/check-image"
ACCOUNT = "0011004455667"
PAYLOAD = encode(
    bank_bin="970436", account=ACCOUNT, amount=250000, name="Lo Van Xuan", purpose="Tien hang"
)
# One digit of the account changed and the check sum left as it was: a sticker over the code.
TAMPERED = PAYLOAD.replace(ACCOUNT, "0011004455668")
SCAM_LINK = "https://vietcombank-hoantien.top/nhan"


def qr_image(text: str, *, box: int = 8) -> Image.Image:
    return qrcode.make(text, box_size=box, border=4).get_image().convert("RGB")


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def photo(text: str) -> bytes:
    """The code as a phone photographs it on a counter: small in a big grey picture, turned,
    a little blurred, and saved as a JPEG of poor quality."""
    code = qr_image(text, box=4).resize((420, 420)).rotate(17, expand=True, fillcolor="#8a8a8a")
    picture = Image.new("RGB", (2400, 3200), "#8a8a8a")
    picture.paste(code, (900, 1300))
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=45)
    return out.getvalue()


def page(data: bytes, name: str = "ma.png") -> tuple[int, str]:
    response = Client().post(f"{PAGE}?scan", {"image": SimpleUploadedFile(name, data)})
    return response.status_code, response.content.decode()


def api(data: bytes, name: str = "ma.png") -> tuple[int, Any]:
    response = Client().post(API, {"image": SimpleUploadedFile(name, data)})
    return response.status_code, response.json()


def block(host: str) -> None:
    services.blocklist_import(name="chongluadao", fmt="hosts", content=f"0.0.0.0 {host}\n")


# Reading ------------------------------------------------------------------------------------


def test_a_payment_code_in_a_picture_shows_the_bank_and_the_masked_account_only() -> None:
    status, answer = api(png(qr_image(PAYLOAD)))
    assert status == 200
    [item] = answer
    assert (item["kind"], item["verdict"], item["display"]) == (
        "account",
        "unknown",
        "Vietcombank •••• 5667",
    )
    assert item["vietqr"]["account_masked"] == "•••• 5667"
    assert item["vietqr"]["amount"] == 250000
    assert item["vietqr"]["crc_valid"] is True
    assert item["read"] == mask_payload(PAYLOAD)
    assert item["read"].count("•") == len(ACCOUNT) - 4
    assert item["input"] == item["read"]
    assert ACCOUNT not in json.dumps(answer)


def test_the_page_says_what_the_picture_holds_in_vietnamese_without_the_account() -> None:
    status, html = page(png(qr_image(PAYLOAD)))
    assert status == 200
    assert "Mã QR trong ảnh là mã thanh toán (VietQR):" in html
    assert "Vietcombank" in html
    assert "•••• 5667" in html
    assert "250.000 đồng" in html
    assert "đúng: mã còn nguyên vẹn" in html
    # Not in the facts, not in the report link, nowhere.
    assert ACCOUNT not in html
    assert "ghi ngân hàng và số tài khoản mà ứng dụng ngân hàng" in html


def test_a_photo_of_a_code_on_a_counter_reads_too() -> None:
    status, answer = api(photo(PAYLOAD), "IMG_2041.jpg")
    assert status == 200
    assert answer[0]["display"] == "Vietcombank •••• 5667"


def test_a_payment_code_is_masked_character_for_character() -> None:
    short = encode(bank_bin="970436", account="123456")
    assert "0106••••56" in mask_payload(short)
    assert "0102••" in mask_payload(encode(bank_bin="970436", account="12"))
    # A code that does not read: every long run of digits is masked, the account among them.
    assert ACCOUNT not in mask_payload(PAYLOAD[:-12])
    assert mask_payload("https://zalo.me/0912345678") == "https://zalo.me/••••••5678"


def test_a_code_with_a_wrong_check_sum_is_suspicious() -> None:
    status, answer = api(png(qr_image(TAMPERED)))
    assert status == 200
    assert answer[0]["verdict"] == "suspicious"
    assert [r["code"] for r in answer[0]["reasons"]] == ["PAYMENT_CODE_DAMAGED"]
    assert answer[0]["vietqr"]["crc_valid"] is False
    html = page(png(qr_image(TAMPERED)))[1]
    assert "sai: mã đã bị hỏng hoặc bị sửa" in html
    assert "0011004455668" not in html


def test_a_payment_code_that_does_not_read_shows_no_account_either() -> None:
    broken = PAYLOAD[:-12]
    status, answer = api(png(qr_image(broken)))
    assert status == 200
    assert answer[0]["vietqr"]["readable"] is False
    assert ACCOUNT not in json.dumps(answer)
    assert ACCOUNT not in page(png(qr_image(broken)))[1]


def test_a_code_paying_a_confirmed_scam_account_is_a_scam() -> None:
    report = services.report_create(actor=SYSTEM, text=f"Vietcombank {ACCOUNT}")
    services.report_moderate(actor=SYSTEM, report_id=report.pk, decision="confirm")
    _status, answer = api(photo(PAYLOAD), "IMG_2041.jpg")
    assert answer[0]["verdict"] == "scam"
    assert "COMMUNITY_CONFIRMED" in [r["code"] for r in answer[0]["reasons"]]
    assert "verdict-scam" in page(png(qr_image(PAYLOAD)))[1]


def test_a_link_on_a_scam_list_in_a_code_is_a_scam_and_is_shown() -> None:
    block("vietcombank-hoantien.top")
    assert BlockSource.objects.filter(name="chongluadao").exists()
    status, answer = api(png(qr_image(SCAM_LINK)))
    assert status == 200
    [item] = answer
    assert (item["kind"], item["verdict"], item["read"]) == ("link", "scam", SCAM_LINK)
    assert "BLOCKLISTED" in [r["code"] for r in item["reasons"]]
    html = page(png(qr_image(SCAM_LINK)))[1]
    assert "Mã QR trong ảnh chứa:" in html
    assert "vietcombank-hoantien.top/nhan" in html
    assert "verdict-scam" in html
    # A link is no one's account: the report form gets it as it was read.
    assert "bao-cao?text=https%3A//vietcombank-hoantien.top/nhan" in html


def test_plain_text_in_a_code_is_checked_as_text() -> None:
    text = "Chúc mừng! Bạn trúng thưởng, gửi mã OTP cho tổng đài để nhận quà"
    status, answer = api(png(qr_image(text)))
    assert status == 200
    assert (answer[0]["kind"], answer[0]["read"]) == ("message", text)
    assert "ASKS_FOR_CODE" in [r["code"] for r in answer[0]["reasons"]]


def test_each_code_of_a_picture_is_checked_in_reading_order() -> None:
    picture = Image.new("RGB", (1400, 700), "white")
    picture.paste(qr_image(PAYLOAD, box=6), (20, 60))
    picture.paste(qr_image("https://zalo.me/0912345678", box=6), (740, 40))
    status, answer = api(png(picture))
    assert status == 200
    assert [item["kind"] for item in answer] == ["link", "account"]
    html = page(png(picture))[1]
    assert html.count('class="scanned"') == 2
    assert 'id="vietqr-title2"' in html


def test_a_picture_with_too_many_codes_asks_to_crop_it() -> None:
    picture = Image.new("RGB", (1500, 1000), "white")
    for n in range(6):
        picture.paste(
            qr_image(f"https://example.vn/{n}", box=4), (20 + 480 * (n % 3), 20 + 480 * (n // 3))
        )
    status, answer = api(png(picture))
    assert (status, answer["code"]) == (422, "SCAN_TOO_MANY_CODES")
    assert answer["details"] == {"count": 6, "limit": scan.MAX_CODES}
    status, html = page(png(picture))
    assert status == 422
    assert "Cắt ảnh" in html


def test_a_transparent_png_code_reads() -> None:
    code = qrcode.make(SCAM_LINK, box_size=8).get_image().convert("L")
    picture = Image.new("RGBA", code.size, (0, 0, 0, 0))
    picture.putalpha(Image.eval(code, lambda value: 255 - value))
    status, answer = api(png(picture))
    assert status == 200
    assert answer[0]["read"] == SCAM_LINK


# Bad files ----------------------------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares a huge picture in a few bytes (a decompression bomb's header)."""
    head = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + head
    ihdr = struct.pack(">I", len(head)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + end


def _gif() -> bytes:
    out = io.BytesIO()
    qr_image(SCAM_LINK).save(out, format="GIF")
    return out.getvalue()


BAD_FILES = [
    ("garbage", b"\x00\xff" * 500, 422, "SCAN_NOT_IMAGE"),
    ("text", b"https://vietcombank.com.vn", 422, "SCAN_NOT_IMAGE"),
    ("gif", _gif(), 422, "SCAN_NOT_IMAGE"),
    ("truncated", png(qr_image(PAYLOAD))[:400], 422, "SCAN_UNREADABLE"),
    ("huge header", _png_header(60_000, 60_000), 413, "SCAN_TOO_MANY_PIXELS"),
    ("no code", png(Image.new("RGB", (600, 400), "#c0c0c0")), 422, "SCAN_NO_CODE"),
    ("empty", b"", 422, "SCAN_NO_IMAGE"),
]


@pytest.mark.parametrize(
    ("what", "data", "status", "code"), BAD_FILES, ids=[f[0] for f in BAD_FILES]
)
def test_a_bad_file_gets_a_code_and_a_vietnamese_message(
    what: str, data: bytes, status: int, code: str
) -> None:
    answered, answer = api(data)
    assert (answered, answer["code"], answer["field"]) == (status, code, "image")
    answered, html = page(data)
    assert answered == status
    assert f"<code>{code}</code>" in html


def test_the_messages_of_bad_files_are_vietnamese() -> None:
    assert "không phải là ảnh" in page(b"garbage")[1]
    assert "Không tìm thấy mã QR" in page(png(Image.new("RGB", (300, 300), "white")))[1]
    assert "Hãy chọn ảnh chụp hoặc ảnh màn hình" in page(b"")[1]


def test_a_picture_larger_than_five_megabytes_is_refused_before_it_is_read() -> None:
    data = png(qr_image(PAYLOAD)) + b"\x00" * (scan.MAX_BYTES + 1)
    status, answer = api(data)
    assert (status, answer["code"]) == (413, "SCAN_TOO_LARGE")
    status, html = page(data)
    assert (status, "<code>SCAN_TOO_LARGE</code>" in html) == (413, True)


def test_a_code_holding_bytes_is_not_text() -> None:
    code = qrcode.QRCode()
    code.add_data(b"\x00\x01\x02\xfe\xff binary")
    picture = code.make_image().get_image().convert("RGB")
    status, answer = api(png(picture))
    assert (status, answer["code"]) == (422, "SCAN_NOT_TEXT")


@pytest.mark.parametrize("path", [f"{PAGE}?scan", API])
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'--xx\r\nContent-Disposition: form-data; name="image"; filename="a"\r\n\r\nab', "xx"),
        (b"garbage", ""),
        (b"garbage", "\x01"),
    ],
)
def test_a_broken_multipart_body_is_a_picture_that_did_not_arrive(
    path: str, body: bytes, content_type: str
) -> None:
    boundary = f"; boundary={content_type}" if content_type else ""
    response = Client(raise_request_exception=False).generic(
        "POST", path, body, content_type=f"multipart/form-data{boundary}"
    )
    assert response.status_code == 422
    assert "SCAN_NO_IMAGE" in response.content.decode()


def test_the_api_takes_only_multipart() -> None:
    response = Client().post(API, json.dumps({"image": "x"}), content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (415, "UNSUPPORTED_MEDIA_TYPE")
    response = Client().post(API, {"other": SimpleUploadedFile("a.png", b"x")})
    assert (response.status_code, response.json()["code"]) == (422, "SCAN_NO_IMAGE")


def test_the_openapi_document_declares_the_picture_and_its_answers() -> None:
    operation = Client().get("/api/openapi.json").json()["paths"][API]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"200", "413", "415", "422", "429"} <= set(operation["responses"])


# Limits -------------------------------------------------------------------------------------


def test_pictures_count_against_the_checks_per_minute(settings: Any) -> None:
    settings.LANGSO_TRUST_CHECKS_PER_MINUTE = 2
    data = png(qr_image(SCAM_LINK))
    assert [api(data)[0] for _ in range(2)] == [200, 200]
    status, answer = api(data)
    assert (status, answer["code"]) == (429, "RATE_LIMITED")
    assert page(data)[0] == 429


def test_megapixels_decoded_count_per_address_and_hour(settings: Any) -> None:
    settings.LANGSO_TRUST_SCAN_MEGAPIXELS_PER_HOUR = 20
    big = photo(PAYLOAD)  # 2,400 by 3,200 pixels, decoded at half size: 2 megapixels
    for _ in range(10):
        assert api(big, "IMG.jpg")[0] == 200
    status, answer = api(big, "IMG.jpg")
    assert (status, answer["code"], answer["field"]) == (429, "RATE_LIMITED", "image")
    assert "quá nhiều ảnh lớn" in answer["message"]


def test_a_big_jpeg_is_decoded_at_a_reduced_size() -> None:
    image = scan.open_picture(photo(PAYLOAD))
    assert image.size == (1200, 1600)
