"""The VietQR codec: published payloads read and made the same, every malformed field refused
with its own code, round trips of random valid codes, and a real QR image read by zbar."""

import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from langso.core import banks
from langso.core.errors import VietQRError
from langso.core.qr import qr_png
from langso.core.vietqr import (
    MAX_PAYLOAD,
    VietQR,
    VietQRInvalid,
    crc16,
    decode,
    encode,
    looks_like,
)

# Payloads other people published, with the CRC they print. Each is read, and those our
# encoder can make (the fields in NAPAS's order) are made byte for byte.
PUBLISHED = [
    # VietQR's own example of a dynamic code (79,000 đ to VietinBank 113366668888, "Ung Ho Quy
    # Vac Xin"), https://www.vietqr.io/danh-sach-api/link-tao-ma-nhanh/api-tao-ma-qr/
    pytest.param(
        "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
        "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF",
        VietQR("970415", "113366668888", 79000, "Ung Ho Quy Vac Xin", initiation="12"),
        True,
        id="vietqr.io-dynamic",
    ),
    # The same account as a static code: the test vector of giautm/sgqr-go (vietqr_test.go).
    pytest.param(
        "00020101021138560010A0000007270126000697041501121133666688880208QRIBFTTA53037045802VN"
        "6304F443",
        VietQR("970415", "113366668888"),
        True,
        id="sgqr-go-static",
    ),
    # README of the npm package vietnam-qr-pay 1.5.1 ("VietQR Tĩnh" and "VietQR Động", ACB).
    pytest.param(
        "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN"
        "6304AE9F",
        VietQR("970416", "257678859"),
        True,
        id="vietnam-qr-pay-static",
    ),
    pytest.param(
        "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540510000"
        "5802VN62150811Chuyen tien630453E6",
        VietQR("970416", "257678859", 10000, "Chuyen tien", initiation="12"),
        True,
        id="vietnam-qr-pay-dynamic",
    ),
    # vietnam-qr-pay's ZaloPay code: an account number with letters, at BVBank.
    pytest.param(
        "00020101021138620010A00000072701320006970454011899ZP24009M072482670208QRIBFTTA5303704"
        "5802VN6304073C",
        VietQR("970454", "99ZP24009M07248267"),
        True,
        id="vietnam-qr-pay-zalopay",
    ),
    # vietnam-qr-pay's MoMo code: a reference label (62/05) we read past.
    pytest.param(
        "00020101021138620010A000000727013200069710250118PSP1234567890000000208QRIBFTTA5303704"
        "5802VN62190515MOMOW2W123456786304821F",
        VietQR("971025", "PSP123456789000000"),
        False,
        id="vietnam-qr-pay-momo",
    ),
    # README of the PyPI package napas-qr-python 0.1.1: the fields in another order, and a
    # purpose on a static code.
    pytest.param(
        "00020101021153037045802VN38540010A00000072701240006970436011010319334300208QRIBFTTA"
        "62220818Thanh toan hoa don6304FCE9",
        VietQR("970436", "1031933430", None, "Thanh toan hoa don"),
        False,
        id="napas-qr-python",
    ),
]


def _same(found: VietQR, expected: VietQR) -> None:
    assert (found.bank_bin, found.account, found.amount, found.purpose) == (
        expected.bank_bin,
        expected.account,
        expected.amount,
        expected.purpose,
    )
    assert found.initiation == expected.initiation
    assert (found.currency, found.country, found.service) == ("704", "VN", "QRIBFTTA")
    assert found.crc_valid


@pytest.mark.parametrize(("payload", "expected", "ours"), PUBLISHED)
def test_published_payloads_are_read(payload: str, expected: VietQR, ours: bool) -> None:
    found = decode(payload)
    _same(found, expected)
    assert found.crc == payload[-4:]
    assert found.bank is not None


# The others were made in another field order, or with fields our encoder does not write.
@pytest.mark.parametrize(("payload", "expected", "ours"), [p for p in PUBLISHED if p.values[2]])
def test_published_payloads_are_made_byte_for_byte(
    payload: str, expected: VietQR, ours: bool
) -> None:
    made = encode(
        bank_bin=expected.bank_bin,
        account=expected.account,
        amount=expected.amount,
        purpose=expected.purpose,
    )
    assert made == payload


def test_the_crc_is_ccitt_false() -> None:
    # The check value of CRC-16/CCITT-FALSE in Greg Cook's catalogue of CRC algorithms.
    assert crc16(b"123456789") == 0x29B1


def test_name_and_purpose_are_written_without_tones_as_banks_show_them() -> None:
    payload = encode(
        bank_bin="970436",
        account="0011004455667",
        amount=25000,
        name="Tạp hoá Lò Thị Xuân",
        purpose="Mua  đường",
    )
    found = decode(payload)
    assert found.merchant_name == "TAP HOA LO THI XUAN"
    assert found.purpose == "Mua duong"
    assert found.dynamic
    assert "5919TAP HOA LO THI XUAN" in payload


def _with_crc(body: str) -> str:
    """A payload from its data objects, with the right CRC: the test's own writer."""
    body += "6304"
    return body + f"{crc16(body.encode()):04X}"


def _napas(bank_bin: str = "970436", account: str = "0011004455667", **kw: str) -> str:
    beneficiary = f"00{len(bank_bin):02d}{bank_bin}01{len(account):02d}{account}"
    guid = kw.get("guid", "A000000727")
    service = kw.get("service", "QRIBFTTA")
    inner = f"00{len(guid):02d}{guid}01{len(beneficiary):02d}{beneficiary}"
    inner += f"02{len(service):02d}{service}"
    return f"38{len(inner):02d}{inner}"


def _payload(*, head: str = "000201010211", napas: str = "", tail: str = "5303704") -> str:
    return _with_crc(head + (napas or _napas()) + tail + "5802VN")


GOOD = _payload()


def test_the_test_writer_makes_what_the_encoder_makes() -> None:
    assert encode(bank_bin="970436", account="0011004455667") == GOOD


def _refused(payload: str, **kw: bool) -> VietQRInvalid:
    with pytest.raises(VietQRInvalid) as caught:
        decode(payload, **kw)
    assert caught.value.status == 422
    return caught.value


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        (GOOD[:-12], VietQRError.FORMAT, "payload"),  # cut short
        ("000201010211ABCD", VietQRError.FORMAT, "payload"),  # an ID that is not digits
        ("0002010102113899", VietQRError.FORMAT, "payload"),  # a length past the end
        ("0002010100", VietQRError.FORMAT, "payload"),  # an empty value
        ("000201000201" + GOOD[6:], VietQRError.FORMAT, "payload"),  # an ID twice
        ("hello", VietQRError.FORMAT, "payload"),
        ("", VietQRError.VERSION, "payload"),
        ("0" * (MAX_PAYLOAD + 1), VietQRError.TOO_LONG, "payload"),
        (_with_crc("000202010211" + _napas() + "5303704"), VietQRError.VERSION, "payload"),
        (_payload(head="000201010213"), VietQRError.INITIATION, "payload"),
        (_payload(napas=_napas(guid="A000000728")), VietQRError.NOT_NAPAS, "payload"),
        (_with_crc("0002010102115303704" + "5802VN"), VietQRError.NOT_NAPAS, "payload"),
        (_payload(napas=_napas(service="QRPUSH")), VietQRError.SERVICE, "payload"),
        (_payload(napas=_napas(bank_bin="97043")), VietQRError.BIN, "bank_bin"),
        (_payload(napas=_napas(bank_bin="97043X")), VietQRError.BIN, "bank_bin"),
        (_payload(napas=_napas(bank_bin="999999")), VietQRError.BIN_UNKNOWN, "bank_bin"),
        (_payload(napas=_napas(account="0011-0044")), VietQRError.ACCOUNT, "account"),
        (_payload(napas=_napas(account="1" * 20)), VietQRError.ACCOUNT, "account"),
        (_payload(tail="5303704" + "54010"), VietQRError.AMOUNT, "amount"),
        (_payload(tail="5303704" + "5403012"), VietQRError.AMOUNT, "amount"),
        (_payload(tail="5303704" + "540410.5"), VietQRError.AMOUNT, "amount"),
        (_payload(tail="5303704" + "5414" + "1" * 14), VietQRError.AMOUNT, "amount"),
        (_payload(tail="5303840"), VietQRError.CURRENCY, "currency"),
        (_payload(tail=""), VietQRError.CURRENCY, "currency"),
        (_with_crc("000201010211" + _napas() + "53037045802TH"), VietQRError.COUNTRY, "country"),
        (_payload(tail="5303704" + "5926" + "A" * 26), VietQRError.NAME, "name"),
        (_payload(tail="5303704" + "5904LÒ V"), VietQRError.NAME, "name"),
        (_payload(tail="5303704" + "6230" + "0826" + "x" * 26), VietQRError.PURPOSE, "purpose"),
        (_payload(tail="5303704" + "62040801"), VietQRError.FORMAT, "payload"),
        (GOOD[:-8], VietQRError.CRC, "crc"),  # no CRC at all
        (GOOD + "9902XX", VietQRError.CRC, "crc"),  # something after the CRC
        (GOOD[:-4] + "ZZZZ", VietQRError.CRC, "crc"),
    ],
)
def test_each_malformed_field_has_its_code(payload: str, code: VietQRError, field: str) -> None:
    error = _refused(payload)
    assert (error.code, error.field) == (code, field)


def test_a_wrong_crc_reads_but_says_so() -> None:
    tampered = GOOD.replace("0011004455667", "0011004455668")
    found = decode(tampered)
    assert found.account == "0011004455668"
    assert not found.crc_valid
    assert _refused(tampered, require_valid_crc=True).code == VietQRError.CRC
    assert decode(GOOD, require_valid_crc=True).crc_valid


def test_a_lower_case_crc_is_the_same_crc() -> None:
    found = decode(GOOD[:-4] + GOOD[-4:].lower())
    assert found.crc_valid
    assert found.crc == GOOD[-4:]


def test_space_around_a_pasted_payload_is_ignored() -> None:
    assert decode(f"  {GOOD}\n").crc_valid
    assert looks_like(f" {GOOD}")
    assert not looks_like("Vietcombank 0011004455667")


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"bank_bin": "9704"}, VietQRError.BIN, "bank_bin"),
        ({"bank_bin": "123456"}, VietQRError.BIN_UNKNOWN, "bank_bin"),
        ({"account": ""}, VietQRError.ACCOUNT, "account"),
        ({"account": "0011 0044"}, VietQRError.ACCOUNT, "account"),
        ({"account": "1" * 20}, VietQRError.ACCOUNT, "account"),
        ({"amount": 0}, VietQRError.AMOUNT, "amount"),
        ({"amount": -5}, VietQRError.AMOUNT, "amount"),
        ({"amount": 10**13}, VietQRError.AMOUNT, "amount"),
        ({"amount": True}, VietQRError.AMOUNT, "amount"),
        ({"name": "Cửa hàng tạp hoá của bà Lò Thị Xuân"}, VietQRError.NAME, "name"),
        ({"name": "Bếp 🔥"}, VietQRError.NAME, "name"),
        ({"purpose": "x" * 26}, VietQRError.PURPOSE, "purpose"),
        ({"purpose": "Trà 茶"}, VietQRError.PURPOSE, "purpose"),
    ],
)
def test_encoding_validates_every_field(values: dict[str, object], code: str, field: str) -> None:
    arguments: dict[str, object] = {"bank_bin": "970436", "account": "0011004455667", **values}
    with pytest.raises(VietQRInvalid) as caught:
        encode(**arguments)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field) == (code, field)


def test_messages_are_in_the_readers_language_and_name_the_field() -> None:
    with translation.override("en"), pytest.raises(VietQRInvalid) as caught:
        encode(bank_bin="970436", account="12 34")
    assert "account number" in str(caught.value.message)


def test_empty_name_and_purpose_are_left_out() -> None:
    payload = encode(bank_bin="970436", account="0011004455667", name="", purpose="")
    assert payload == GOOD


# Round trips ---------------------------------------------------------------------------------

_WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8)
_LOWER = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789.-/", min_size=1, max_size=8)


def _spaced(words: st.SearchStrategy[str], limit: int) -> st.SearchStrategy[str]:
    """Words joined by single spaces, at most ``limit`` long: text the encoder keeps as is."""
    return st.lists(words, min_size=1, max_size=5).map(" ".join).filter(lambda t: len(t) <= limit)


@given(
    bank_bin=st.sampled_from([bank.bin for bank in banks.BANKS]),
    account=st.from_regex(r"[0-9A-Za-z]{1,19}", fullmatch=True),
    amount=st.none() | st.integers(min_value=1, max_value=10**13 - 1),
    purpose=st.none() | _spaced(_LOWER, 25),
    name=st.none() | _spaced(_WORD, 25),
)
def test_what_is_encoded_decodes_to_the_same_values(
    bank_bin: str, account: str, amount: int | None, purpose: str | None, name: str | None
) -> None:
    payload = encode(bank_bin=bank_bin, account=account, amount=amount, purpose=purpose, name=name)
    found = decode(payload, require_valid_crc=True)
    assert (found.bank_bin, found.account, found.amount) == (bank_bin, account, amount)
    assert (found.purpose, found.merchant_name) == (purpose, name)
    assert found.dynamic is (amount is not None)
    assert len(payload) <= MAX_PAYLOAD


# A real image ----------------------------------------------------------------------------------


def zbar(image: Path) -> str:
    """What zbar reads in an image (Debian's zbar-tools): the one code's text."""
    done = subprocess.run(  # noqa: S603 - a fixed program on a file the test wrote
        ["/usr/bin/zbarimg", "--raw", "-q", str(image)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.rstrip("\n")


def test_a_printed_code_scans_back_to_the_same_payload(tmp_path: Path) -> None:
    payload = encode(
        bank_bin="970405",
        account="8888123456789",
        amount=150000,
        name="Lò Thị Xuân",
        purpose="Mua mat ong",
    )
    image = tmp_path / "code.png"
    image.write_bytes(qr_png(payload))
    assert zbar(image) == payload
    assert decode(zbar(image)).amount == 150000
