"""VietQR payment codes: the NAPAS profile of EMVCo's merchant-presented QR code (MPM).

A VietQR code is text: data objects written ID (two digits), length (two digits), value, one
after another; templates hold data objects of their own. A transfer code to a bank account is::

    00 02 01                    payload format indicator
    01 02 11 | 12               point of initiation: static (any amount) or dynamic (one amount)
    38 ..                       merchant account information, NAPAS's template:
       00 10 A000000727            NAPAS's GUID
       01 ..                       beneficiary organisation:
          00 06 970436                the bank's BIN
          01 ..  0011004455667        the account number
       02 08 QRIBFTTA              service: interbank transfer to an account
    53 03 704                   currency: the đồng (ISO 4217)
    54 ..  79000                amount, whole đồng (optional)
    58 02 VN                    country
    59 ..  NGUYEN VAN A         account holder's name (optional)
    62 ..                       additional data:
       08 ..  Ung Ho Quy Vac Xin   purpose of the transfer (optional)
    63 04 3ACF                  CRC-16/CCITT-FALSE of everything before it, "6304" included

Python libraries for this exist (``napas-qr-python`` encodes only, ``vietqr-emvco`` is young
and checks little), so the codec is written here, small: encoding validates every field, and
decoding reads the payload strictly, so a damaged or tampered code says which field is wrong.

Every refusal is a ``VietQRInvalid`` whose ``code`` (``core.errors.VietQRError``) names the
field and whose message says, in the reader's language, what to fix. A payload whose CRC does
not match but which reads otherwise is *not* refused by ``decode``: its ``crc_valid`` is
``False`` (the trust checker shows such a code as damaged or altered); ``decode(...,
require_valid_crc=True)`` refuses it with ``VIETQR_CRC``.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

from langso.core import banks
from langso.core.errors import DomainError, VietQRError

GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"  # transfer to an account
SERVICE_CARD = "QRIBFTTC"  # transfer to a card number: read, never made here
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC = "11"
DYNAMIC = "12"

# EMVCo's limits: the whole payload, the amount (ans..13), the name (ans..25); NAPAS's: the
# account or card number (..19) and the purpose of the transfer (ans..25).
MAX_PAYLOAD = 512
MAX_AMOUNT_DIGITS = 13
MAX_NAME = 25
MAX_PURPOSE = 25
MAX_ACCOUNT = 19

_BIN = re.compile(r"\d{6}")
_ACCOUNT = re.compile(rf"[0-9A-Za-z]{{1,{MAX_ACCOUNT}}}")
_AMOUNT = re.compile(rf"[1-9]\d{{0,{MAX_AMOUNT_DIGITS - 1}}}")
# What EMVCo's "ans" allows: printable ASCII, the space included.
_ANS = re.compile(r"[\x20-\x7e]+")
_CRC = re.compile(r"[0-9A-Fa-f]{4}")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")

Field = Literal[
    "payload",
    "bank_bin",
    "account",
    "amount",
    "currency",
    "country",
    "name",
    "purpose",
    "crc",
]


class VietQRInvalid(DomainError):
    """A payment code that cannot be made from these values or read from this text."""

    status = 422


@dataclass(frozen=True, slots=True)
class VietQR:
    """What a VietQR transfer code says."""

    bank_bin: str
    account: str
    amount: int | None = None
    purpose: str | None = None
    merchant_name: str | None = None
    currency: str = CURRENCY_VND
    country: str = COUNTRY_VN
    initiation: str = STATIC  # "11" static, "12" dynamic
    service: str = SERVICE_ACCOUNT
    crc: str = ""
    crc_valid: bool = True

    @property
    def bank(self) -> banks.Bank | None:
        return banks.by_bin(self.bank_bin)

    @property
    def dynamic(self) -> bool:
        return self.initiation == DYNAMIC


# CRC ----------------------------------------------------------------------------------------


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final
    XOR (EMVCo MPM §4.7.3). ``crc16(b"123456789") == 0x29B1``, the catalogue's check value."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        crc &= 0xFFFF
    return crc


def _crc_of(text: str) -> str:
    return f"{crc16(text.encode('utf-8')):04X}"


# Encoding -----------------------------------------------------------------------------------


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def ascii_text(text: str) -> str:
    """Text as banks print it: Vietnamese tones and hats taken off (đ → d), runs of white space
    made one. What is left must be printable ASCII (EMVCo's "ans")."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = _COMBINING.sub("", decomposed).replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def _refuse(code: VietQRError, field: Field, message: str, **details: object) -> VietQRInvalid:
    return VietQRInvalid(code, message, field=field, details=dict(details))


def field_error(field: Field) -> VietQRInvalid:
    """The refusal of a value given for ``field`` when encoding, in the reader's language: the
    codec's and the API's (which also refuses a value of the wrong type with it)."""
    if field == "bank_bin":
        return _refuse(VietQRError.BIN, field, _("The bank code (BIN) must be six digits."))
    if field == "account":
        message = _(
            "The account number must be 1 to %(limit)s letters or digits, without spaces or signs."
        ) % {"limit": MAX_ACCOUNT}
        return _refuse(VietQRError.ACCOUNT, field, message)
    if field == "amount":
        message = _("The amount must be a whole number of đồng, from 1 to %(limit)s digits.") % {
            "limit": MAX_AMOUNT_DIGITS
        }
        return _refuse(VietQRError.AMOUNT, field, message)
    if field == "name":
        message = _(
            "The account holder's name must be 1 to %(limit)s letters, digits or spaces "
            "(written without tones)."
        ) % {"limit": MAX_NAME}
        return _refuse(VietQRError.NAME, field, message)
    if field == "purpose":
        message = _(
            "The transfer note must be 1 to %(limit)s letters, digits or spaces "
            "(written without tones)."
        ) % {"limit": MAX_PURPOSE}
        return _refuse(VietQRError.PURPOSE, field, message)
    return _refuse(
        VietQRError.FORMAT,
        "payload",
        _("The payment code must be the text read from a VietQR code."),
    )


def check_bin(bank_bin: str) -> banks.Bank:
    if not _BIN.fullmatch(bank_bin):
        raise field_error("bank_bin")
    bank = banks.by_bin(bank_bin)
    if bank is None:
        raise _refuse(
            VietQRError.BIN_UNKNOWN,
            "bank_bin",
            _("The bank code (BIN) %(bin)s is not on the list of VietQR banks.")
            % {"bin": bank_bin},
            bin=bank_bin,
        )
    return bank


def _check_account(account: str) -> None:
    if not _ACCOUNT.fullmatch(account):
        raise field_error("account")


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not 0 < amount < 10**MAX_AMOUNT_DIGITS:
        raise field_error("amount")


def _clean_name(name: str) -> str:
    shown = ascii_text(name).upper()
    if not shown or len(shown) > MAX_NAME or not _ANS.fullmatch(shown):
        raise field_error("name")
    return shown


def _clean_purpose(purpose: str) -> str:
    shown = ascii_text(purpose)
    if not shown or len(shown) > MAX_PURPOSE or not _ANS.fullmatch(shown):
        raise field_error("purpose")
    return shown


def problems(
    *,
    bank_bin: str,
    account: str,
    amount: int | None = None,
    purpose: str | None = None,
    name: str | None = None,
) -> list[VietQRInvalid]:
    """Every field ``encode`` would refuse, each checked on its own, in the order of the
    form (a person fixes them all at once rather than one per try)."""
    checks: list[tuple[Callable[..., object], object]] = [
        (check_bin, bank_bin),
        (_check_account, account),
    ]
    if amount is not None:
        checks.append((_check_amount, amount))
    if name:
        checks.append((_clean_name, name))
    if purpose:
        checks.append((_clean_purpose, purpose))
    found: list[VietQRInvalid] = []
    for check, value in checks:
        try:
            check(value)
        except VietQRInvalid as error:
            found.append(error)
    return found


def encode(
    *,
    bank_bin: str,
    account: str,
    amount: int | None = None,
    purpose: str | None = None,
    name: str | None = None,
) -> str:
    """The payload of a transfer code to ``account`` at the bank of ``bank_bin``.

    With an amount the code is dynamic (the payer's app fills in the amount), without one
    static. ``name`` and ``purpose`` are written without tones, the name in capitals, as bank
    apps show them; empty ones are left out. Raises ``VietQRInvalid`` naming the field."""
    refused = problems(
        bank_bin=bank_bin, account=account, amount=amount, purpose=purpose, name=name
    )
    if refused:
        raise refused[0]
    shown_name = _clean_name(name) if name else None
    shown_purpose = _clean_purpose(purpose) if purpose else None
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    napas = _tlv("00", GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_ACCOUNT)
    parts = [
        _tlv("00", "01"),
        _tlv("01", STATIC if amount is None else DYNAMIC),
        _tlv("38", napas),
        _tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(_tlv("54", str(amount)))
    parts.append(_tlv("58", COUNTRY_VN))
    if shown_name:
        parts.append(_tlv("59", shown_name))
    if shown_purpose:
        parts.append(_tlv("62", _tlv("08", shown_purpose)))
    body = "".join(parts) + "6304"
    return body + _crc_of(body)


def mask_account(account: str) -> str:
    """ "0011004455667" → "•••• 5667": the last four characters, enough for a payer to check
    the account against what the bank app shows, not enough to copy it. An account of five to
    seven characters shows its last two, a shorter one none, so that the mask always hides
    more than it shows."""
    account = account.strip()
    shown = 4 if len(account) >= 8 else 2 if len(account) >= 5 else 0
    return f"•••• {account[-shown:]}" if shown else "••••"


def _hidden(account: str) -> str:
    """``account`` with the characters ``mask_account`` hides turned into dots, one for one."""
    shown = 4 if len(account) >= 8 else 2 if len(account) >= 5 else 0
    return "•" * (len(account) - shown) + (account[-shown:] if shown else "")


_LONG_NUMBER = re.compile(r"\d{5,}")


def mask_payload(payload: str) -> str:
    """The text of a payment code with the account it pays masked, character for character, so
    the code can be shown (what a picture's QR code holds) without the account in full: the
    same characters stay hidden as in ``mask_account``, and the lengths written in the code
    still match. A code whose account cannot be found (it does not read) has every run of
    five digits or more masked instead: the account is among them."""
    text = payload.strip()
    start, end = 0, len(text)
    try:
        for tag in ("38", "01", "01"):  # NAPAS's template, the beneficiary, the account
            start, end = _span(text, start, end, tag)
    except (VietQRInvalid, KeyError):
        return _LONG_NUMBER.sub(lambda found: _hidden(found.group()), text)
    return text[:start] + _hidden(text[start:end]) + text[end:]


def _span(text: str, start: int, end: int, tag: str) -> tuple[int, int]:
    """Where the value of data object ``tag`` lies among the objects of ``text[start:end]``."""
    position = start
    for found, value in parse_tlv(text[start:end]).items():
        position += 4
        if found == tag:
            return position, position + len(value)
        position += len(value)
    raise KeyError(tag)


# Decoding -----------------------------------------------------------------------------------


def _unreadable(where: str) -> VietQRInvalid:
    return _refuse(
        VietQRError.FORMAT,
        "payload",
        _("The payment code cannot be read: %(where)s is cut short or badly written.")
        % {"where": where},
        where=where,
    )


def parse_tlv(text: str, *, where: str = "") -> dict[str, str]:
    """Data objects ``{id: value}`` of ``text``, strictly: two-digit IDs and lengths, no empty
    value, nothing cut short or left over, no ID twice. ``where`` names the template in
    errors ("38" for NAPAS's)."""
    found: dict[str, str] = {}
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        tag, size = head[:2], head[2:]
        if len(head) < 4 or not (tag.isascii() and tag.isdigit()):
            raise _unreadable(_where(where, tag))
        if not (size.isascii() and size.isdigit()) or size == "00":
            raise _unreadable(_where(where, tag))
        end = position + 4 + int(size)
        if end > len(text) or tag in found:
            raise _unreadable(_where(where, tag))
        found[tag] = text[position + 4 : end]
        position = end
    return found


def _where(template: str, tag: str) -> str:
    tag = tag if tag.isascii() and tag.isdigit() and len(tag) == 2 else "?"
    return f"{template}/{tag}" if template else tag


def _template(found: dict[str, str], tag: str, *, where: str) -> dict[str, str]:
    return parse_tlv(found[tag], where=where) if tag in found else {}


def looks_like(text: str) -> bool:
    """Whether ``text`` claims to be an EMVCo code (it starts with the payload format
    indicator): worth reading as one, and worth saying what is wrong when it does not read."""
    return text.strip().startswith("000201")


def decode(payload: str, *, require_valid_crc: bool = False) -> VietQR:
    """Read a VietQR transfer code. Raises ``VietQRInvalid`` naming the field that is wrong;
    a wrong CRC alone gives ``crc_valid=False`` unless ``require_valid_crc``."""
    text = payload.strip()
    if len(text) > MAX_PAYLOAD:
        raise _refuse(
            VietQRError.TOO_LONG,
            "payload",
            _("The payment code is longer than %(limit)s characters.") % {"limit": MAX_PAYLOAD},
        )
    root = parse_tlv(text)
    if not text.startswith("000201"):
        raise _refuse(
            VietQRError.VERSION,
            "payload",
            _("The payment code does not start with the EMVCo version “000201”."),
        )
    crc = root.get("63", "")
    if not text.endswith("6304" + crc) or not _CRC.fullmatch(crc):
        raise _refuse(
            VietQRError.CRC,
            "crc",
            _("The payment code has no check sum (field 63) at its end."),
        )
    crc_valid = _crc_of(text[:-4]) == crc.upper()
    if not crc_valid and require_valid_crc:
        raise _refuse(
            VietQRError.CRC,
            "crc",
            _("The check sum does not match: the payment code is damaged or was altered."),
        )
    initiation = root.get("01", STATIC)
    if initiation not in (STATIC, DYNAMIC):
        raise _refuse(
            VietQRError.INITIATION,
            "payload",
            _("The type of the payment code (field 01) must be 11 or 12."),
        )
    napas = _template(root, "38", where="38")
    if napas.get("00") != GUID:
        raise _refuse(
            VietQRError.NOT_NAPAS,
            "payload",
            _("This is not a VietQR transfer code: it has no NAPAS account information."),
        )
    service = napas.get("02", "")
    if service not in (SERVICE_ACCOUNT, SERVICE_CARD):
        raise _refuse(
            VietQRError.SERVICE,
            "payload",
            _("The VietQR service “%(service)s” is not a transfer to an account or a card.")
            % {"service": service[:20]},
        )
    beneficiary = _template(napas, "01", where="38/01")
    bank_bin = beneficiary.get("00", "")
    check_bin(bank_bin)
    account = beneficiary.get("01", "")
    _check_account(account)
    amount = _decode_amount(root.get("54"))
    if root.get("53") != CURRENCY_VND:
        raise _refuse(
            VietQRError.CURRENCY,
            "currency",
            _("The currency of the payment code (field 53) must be the đồng (704)."),
        )
    if root.get("58") != COUNTRY_VN:
        raise _refuse(
            VietQRError.COUNTRY,
            "country",
            _("The country of the payment code (field 58) must be Vietnam (VN)."),
        )
    name = root.get("59")
    if name is not None and (len(name) > MAX_NAME or not _ANS.fullmatch(name)):
        raise _name_error()
    purpose = _template(root, "62", where="62").get("08")
    if purpose is not None and (len(purpose) > MAX_PURPOSE or not _ANS.fullmatch(purpose)):
        raise _refuse(
            VietQRError.PURPOSE,
            "purpose",
            _("The transfer note (field 62/08) must be at most %(limit)s letters or digits.")
            % {"limit": MAX_PURPOSE},
        )
    return VietQR(
        bank_bin=bank_bin,
        account=account,
        amount=amount,
        purpose=purpose,
        merchant_name=name,
        initiation=initiation,
        service=service,
        crc=crc.upper(),
        crc_valid=crc_valid,
    )


def _name_error() -> VietQRInvalid:
    return _refuse(
        VietQRError.NAME,
        "name",
        _("The account holder's name (field 59) must be at most %(limit)s letters or digits.")
        % {"limit": MAX_NAME},
    )


def _decode_amount(value: str | None) -> int | None:
    if value is None:
        return None
    if not _AMOUNT.fullmatch(value):
        raise _refuse(
            VietQRError.AMOUNT,
            "amount",
            _("The amount (field 54) must be a whole number of đồng, from 1 to %(limit)s digits.")
            % {"limit": MAX_AMOUNT_DIGITS},
        )
    return int(value)
