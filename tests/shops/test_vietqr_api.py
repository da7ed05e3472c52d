"""The public VietQR API: make a code (text or PNG), read one, the bank list. Every bad field
answers 422 with its own code and a Vietnamese message naming the field; nothing answers 500."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from langso.core import banks
from langso.core.vietqr import decode, encode
from tests.core.test_vietqr import zbar

pytestmark = pytest.mark.django_db

MAKE = "/api/v1/shops/vietqr"
PNG = "/api/v1/shops/vietqr.png"
DECODE = "/api/v1/shops/vietqr/decode"
BANKS = "/api/v1/banks"
GOOD: dict[str, Any] = {"bank_bin": "970436", "account": "0011004455667"}


def post(url: str, body: Any, client: Client | None = None) -> Any:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return (client or Client()).post(url, data, content_type="application/json")


def test_anyone_makes_a_code_and_reads_it_back() -> None:
    body = {**GOOD, "amount": 50000, "name": "Tạp hoá Lò Thị Xuân", "purpose": "Mua gạo"}
    made = post(MAKE, body)
    assert made.status_code == 200
    payload = made.json()["payload"]
    assert payload == encode(
        bank_bin="970436",
        account="0011004455667",
        amount=50000,
        name="TAP HOA LO THI XUAN",
        purpose="Mua gao",
    )
    read = post(DECODE, {"payload": payload})
    assert read.status_code == 200
    assert read.json() == {
        "bank_bin": "970436",
        "bank_name": "Ngân hàng TMCP Ngoại Thương Việt Nam",
        "bank_short_name": "Vietcombank",
        "account": "0011004455667",
        "amount": 50000,
        "purpose": "Mua gao",
        "merchant_name": "TAP HOA LO THI XUAN",
        "currency": "704",
        "country": "VN",
        "dynamic": True,
        "crc_valid": True,
    }


def test_a_static_code_has_no_amount() -> None:
    payload = post(MAKE, {**GOOD, "amount": None, "name": "", "purpose": None}).json()["payload"]
    assert payload == encode(**GOOD)
    assert post(DECODE, {"payload": payload}).json()["dynamic"] is False


def test_the_png_scans_to_the_same_payload(tmp_path: Path) -> None:
    response = Client().get(PNG, {**GOOD, "amount": "120000", "name": "Bếp Xuân", "purpose": ""})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = tmp_path / "code.png"
    image.write_bytes(response.content)
    found = decode(zbar(image))
    assert (found.account, found.amount, found.merchant_name, found.purpose) == (
        "0011004455667",
        120000,
        "BEP XUAN",
        None,
    )


# Vietnamese, as the lead compiles /work/wt/vietqr-vi.json into the catalogue.
MESSAGES = {
    "VIETQR_BIN": "mã ngân hàng",
    "VIETQR_BIN_UNKNOWN": "mã ngân hàng",
    "VIETQR_ACCOUNT": "số tài khoản",
    "VIETQR_AMOUNT": "số tiền",
    "VIETQR_NAME": "tên chủ tài khoản",
    "VIETQR_PURPOSE": "nội dung chuyển khoản",
}


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"bank_bin": "9704"}, "VIETQR_BIN", "bank_bin"),
        ({"bank_bin": 970436}, "VIETQR_BIN", "bank_bin"),
        ({"bank_bin": None}, "VIETQR_BIN", "bank_bin"),
        ({"bank_bin": "999999"}, "VIETQR_BIN_UNKNOWN", "bank_bin"),
        ({"account": "0011 0044"}, "VIETQR_ACCOUNT", "account"),
        ({"account": "1" * 20}, "VIETQR_ACCOUNT", "account"),
        ({"account": "Lò\x00Văn"}, "VIETQR_ACCOUNT", "account"),
        ({"amount": 0}, "VIETQR_AMOUNT", "amount"),
        ({"amount": 10**13}, "VIETQR_AMOUNT", "amount"),
        ({"amount": 1.5}, "VIETQR_AMOUNT", "amount"),
        ({"amount": "nhiều"}, "VIETQR_AMOUNT", "amount"),
        ({"name": "Cửa hàng tạp hoá của bà Lò Thị Xuân"}, "VIETQR_NAME", "name"),
        ({"name": "Bếp\x00"}, "VIETQR_NAME", "name"),
        ({"name": ["x"]}, "VIETQR_NAME", "name"),
        ({"purpose": "x" * 26}, "VIETQR_PURPOSE", "purpose"),
        ({"purpose": "茶"}, "VIETQR_PURPOSE", "purpose"),
    ],
)
def test_every_bad_field_has_its_code_and_a_vietnamese_message(
    values: dict[str, Any], code: str, field: str
) -> None:
    response = post(MAKE, {**GOOD, **values})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert MESSAGES[code] in body["message"].lower()
    assert body["details"]["errors"][0]["field"] == field


def test_every_bad_field_is_named_at_once() -> None:
    body = post(MAKE, {"bank_bin": "x", "account": "", "amount": -1}).json()
    assert [e["field"] for e in body["details"]["errors"]] == ["bank_bin", "account", "amount"]
    body = Client().get(PNG, {"bank_bin": "x", "account": "1", "amount": "-1"}).json()
    assert [e["field"] for e in body["details"]["errors"]] == ["bank_bin", "amount"]


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ({}, "VIETQR_BIN", "bank_bin"),
        ({"bank_bin": "970436"}, "VIETQR_ACCOUNT", "account"),
        ({**GOOD, "bank_bin": "123456"}, "VIETQR_BIN_UNKNOWN", "bank_bin"),
        ({**GOOD, "amount": "0"}, "VIETQR_AMOUNT", "amount"),
        ({**GOOD, "amount": "1e5"}, "VIETQR_AMOUNT", "amount"),
        ({**GOOD, "amount": str(2**64)}, "VIETQR_AMOUNT", "amount"),
        ({**GOOD, "name": "x" * 30}, "VIETQR_NAME", "name"),
        ({**GOOD, "purpose": "đến hẹn ❤"}, "VIETQR_PURPOSE", "purpose"),
    ],
)
def test_the_png_refuses_bad_values_in_the_same_words(
    query: dict[str, str], code: str, field: str
) -> None:
    response = Client().get(PNG, query)
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert MESSAGES[code] in body["message"].lower()


def test_a_wrong_check_sum_is_an_answer_not_a_refusal() -> None:
    payload = encode(**GOOD)
    tampered = payload.replace("0011004455667", "0011004455668")
    body = post(DECODE, {"payload": tampered}).json()
    assert (body["account"], body["crc_valid"]) == ("0011004455668", False)


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ("hello", "VIETQR_FORMAT", "payload"),
        (encode(**GOOD)[:-10], "VIETQR_FORMAT", "payload"),
        (encode(**GOOD)[:-8], "VIETQR_CRC", "crc"),
        ("0" * 600, "VIETQR_TOO_LONG", "payload"),
        (encode(**GOOD).replace("970436", "999999"), "VIETQR_BIN_UNKNOWN", "bank_bin"),
        (12, "VIETQR_FORMAT", "payload"),
        (None, "VIETQR_FORMAT", "payload"),
    ],
)
def test_a_code_that_does_not_read_names_what_is_wrong(payload: Any, code: str, field: str) -> None:
    response = post(DECODE, {"payload": payload})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert body["message"]


@pytest.mark.parametrize("url", [MAKE, DECODE])
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"", 415, "UNSUPPORTED_MEDIA_TYPE"),  # no body is no JSON (core.web.require_json)
        (b"{", 422, "BODY_INVALID"),
        (b"[]", 422, "BODY_NOT_OBJECT"),
        (b"\xff\xfe", 422, "BODY_INVALID"),
        (json.dumps({"x": "y" * 20_000}), 413, "BODY_TOO_LARGE"),
    ],
)
def test_a_body_that_is_not_an_object_of_ours_is_refused(
    url: str, body: bytes | str, status: int, code: str
) -> None:
    response = post(url, body)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_a_body_not_sent_as_json_is_refused() -> None:
    response = Client().post(MAKE, GOOD)
    assert (response.status_code, response.json()["code"]) == (415, "UNSUPPORTED_MEDIA_TYPE")


def test_the_bank_list_says_where_it_comes_from() -> None:
    body = Client().get(BANKS).json()
    assert "api.vietqr.io/v2/banks" in body["source"]
    assert body["version"] == banks.VERSION
    by_bin = {bank["bin"]: bank for bank in body["banks"]}
    assert by_bin["970436"]["short_name"] == "Vietcombank"
    assert by_bin["970418"]["short_name"] == "BIDV"
    assert by_bin["970449"]["formerly"] == ["LienVietPostBank"]
    assert len(by_bin) == len(body["banks"]) == len(banks.BANKS)
    names = [bank["short_name"].lower() for bank in body["banks"]]
    assert names[:3] == ["ab bank", "acb", "agribank"]


@pytest.mark.parametrize("call", ["make", "png", "decode", "banks"])
def test_every_operation_is_rate_limited_per_address(settings: Any, call: str) -> None:
    settings.LANGSO_VIETQR_PER_MINUTE = 2
    client = Client()

    def once() -> Any:
        if call == "make":
            return post(MAKE, GOOD, client)
        if call == "png":
            return client.get(PNG, GOOD)
        if call == "decode":
            return post(DECODE, {"payload": encode(**GOOD)}, client)
        return client.get(BANKS)

    assert [once().status_code for _ in range(3)] == [200, 200, 429]
    refused = once()
    assert refused.json()["code"] == "RATE_LIMITED"
    assert int(refused["Retry-After"]) >= 1
