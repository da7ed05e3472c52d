"""The checker reads a VietQR code pasted as text: the bank and the masked account it pays, the
amount and note, whether it reads whole, and whether the account was reported as a scam."""

import json
from typing import Any

import pytest
from django.test import Client

from langso.access import SYSTEM
from langso.core.vietqr import encode
from langso.trust import services
from langso.trust.engine import Engine, Kind, Reason, Verdict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

CHECK = "/api/v1/trust/check"
ACCOUNT = "0011004455667"
PAYLOAD = encode(
    bank_bin="970436", account=ACCOUNT, amount=250000, name="Lo Van Xuan", purpose="Tien hang"
)
# The same code with one digit of the account changed and the check sum left as it was: what a
# sticker printed over a shop's code, or a hand edit, gives.
TAMPERED = PAYLOAD.replace(ACCOUNT, "0011004455668")


def check(text: str) -> dict[str, Any]:
    response = Client().post(CHECK, json.dumps({"items": [text]}), content_type="application/json")
    assert response.status_code == 200
    [answer] = response.json()
    return answer  # type: ignore[no-any-return]


def _codes(answer: dict[str, Any]) -> list[str]:
    return [reason["code"] for reason in answer["reasons"]]


def test_a_payment_code_shows_the_bank_the_masked_account_the_amount_and_the_note() -> None:
    answer = check(PAYLOAD)
    assert (answer["kind"], answer["verdict"]) == ("account", "unknown")
    assert answer["display"] == "Vietcombank •••• 5667"
    assert _codes(answer) == ["UNKNOWN_ACCOUNT"]
    assert answer["vietqr"] == {
        "readable": True,
        "problem": None,
        "problem_label": None,
        "bank_bin": "970436",
        "bank_name": "Vietcombank",
        "account_masked": "•••• 5667",
        "amount": 250000,
        "purpose": "Tien hang",
        "crc_valid": True,
    }
    assert ACCOUNT not in json.dumps(answer["display"])


def test_a_code_with_a_wrong_check_sum_is_suspicious() -> None:
    answer = check(TAMPERED)
    assert answer["verdict"] == "suspicious"
    assert _codes(answer) == ["PAYMENT_CODE_DAMAGED"]
    assert answer["vietqr"]["crc_valid"] is False
    assert answer["vietqr"]["account_masked"] == "•••• 5668"


def test_a_code_that_does_not_read_is_suspicious_and_says_which_field() -> None:
    broken = encode(bank_bin="970436", account=ACCOUNT).replace("970436", "999999")
    answer = check(broken)
    assert answer["verdict"] == "suspicious"
    assert _codes(answer) == ["PAYMENT_CODE_INVALID"]
    assert answer["vietqr"]["readable"] is False
    assert answer["vietqr"]["problem"] == "VIETQR_BIN_UNKNOWN"
    assert answer["vietqr"]["bank_name"] is None


def test_a_code_paying_a_confirmed_scam_account_is_a_scam() -> None:
    report = services.report_create(actor=SYSTEM, text=f"Vietcombank {ACCOUNT}")
    services.report_moderate(actor=SYSTEM, report_id=report.pk, decision="confirm")
    answer = check(PAYLOAD)
    assert answer["verdict"] == "scam"
    assert "COMMUNITY_CONFIRMED" in _codes(answer)
    assert answer["vietqr"]["crc_valid"] is True
    # The report named Vietcombank: the same number at BIDV is another account.
    assert check(encode(bank_bin="970418", account=ACCOUNT))["verdict"] == "unknown"


def test_pending_reports_of_the_account_count_as_for_any_account() -> None:
    for _ in range(3):
        services.report_create(actor=SYSTEM, text=f"STK {ACCOUNT}")
    answer = check(PAYLOAD)
    assert answer["verdict"] == "suspicious"
    assert "COMMUNITY_REPORTED_OFTEN" in _codes(answer)


def test_text_that_is_not_a_payment_code_is_answered_as_before(engine: Engine) -> None:
    answer = check(f"Vietcombank {ACCOUNT}")
    assert answer["vietqr"] is None
    assert (answer["kind"], answer["display"]) == ("account", f"Vietcombank {ACCOUNT}")
    message = check(f"Bạn trúng thưởng! Chuyển phí vào STK {ACCOUNT} Vietcombank để nhận quà ngay")
    assert message["kind"] == "message"
    assert message["vietqr"] is None
    # The engine alone, without the lists, reads a payment code the same way.
    result = engine.check(PAYLOAD)
    assert (result.kind, result.verdict) == (Kind.ACCOUNT, Verdict.UNKNOWN)
    assert engine.check(TAMPERED).findings[0].code is Reason.PAYMENT_CODE_DAMAGED


def test_the_check_page_shows_what_the_code_says_in_vietnamese() -> None:
    page = Client().post("/kiem-tra", {"q": PAYLOAD}).content.decode()
    assert "Mã thanh toán (VietQR)" in page
    assert "Vietcombank" in page
    assert "•••• 5667" in page
    assert "250.000 đồng" in page
    assert "Tien hang" in page
    assert "đúng: mã còn nguyên vẹn" in page
    facts = page[page.index('<section class="panel vietqr"') :]
    assert ACCOUNT not in facts[: facts.index("</section>")]


def test_the_check_page_warns_of_a_damaged_code() -> None:
    page = Client().post("/kiem-tra", {"q": TAMPERED}).content.decode()
    assert "verdict-suspicious" in page
    assert "sai: mã đã bị hỏng hoặc bị sửa" in page
    broken = Client().post("/kiem-tra", {"q": PAYLOAD[:-12]}).content.decode()
    assert "Trông giống mã thanh toán nhưng không đọc được:" in broken
    assert "mã thanh toán không đọc được" in broken
