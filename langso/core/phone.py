"""Phone numbers: written many ways in Vietnam, stored one way (E.164)."""

import re

import phonenumbers
from django.utils.translation import gettext as _

from langso.core.errors import CoreError, DomainError

_SEPARATORS = re.compile(r"[\s.\-()/]")
_NATIONAL = re.compile(r"0(\d{9,10})")


def _vietnamese_patterns() -> list[re.Pattern[str]]:
    """The national-number patterns of every kind of Vietnamese number, from phonenumbers."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("VN")
    if metadata is None:
        return []
    kinds = (
        metadata.fixed_line,
        metadata.mobile,
        metadata.toll_free,
        metadata.premium_rate,
        metadata.shared_cost,
        metadata.voip,
        metadata.personal_number,
        metadata.pager,
        metadata.uan,
        metadata.voicemail,
    )
    return [
        re.compile(kind.national_number_pattern)
        for kind in kinds
        if kind is not None and kind.national_number_pattern
    ]


# A number written the usual national way is checked against phonenumbers' own patterns
# directly: the same answer as parsing it, without the cost (imports check tens of thousands).
_VN_PATTERNS = _vietnamese_patterns()


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """Return the E.164 form of a Vietnamese (or international) number, or raise PHONE_INVALID.

    Accepts "0912 345 678", "0912.345.678", "+84 912 345 678" and "84912345678".
    """
    compact = _SEPARATORS.sub("", raw or "")
    national = _NATIONAL.fullmatch(compact)
    if national is not None and any(p.fullmatch(national[1]) for p in _VN_PATTERNS):
        return "+84" + national[1]
    if compact.startswith("84") and len(compact) in (11, 12):
        compact = "+" + compact
    try:
        number = phonenumbers.parse(compact, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise DomainError(
            CoreError.PHONE_INVALID,
            _("“%(value)s” is not a valid phone number (example: 0912 345 678).") % {"value": raw},
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """+84912345678 → "0912 345 678" (the way people read numbers in Vietnam)."""
    number = phonenumbers.parse(e164, "VN")
    if number.country_code == 84:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(e164: str) -> str:
    """+84912345678 → "*******678": the last three digits, enough to recognise a number one
    already knows. With the carrier's prefix as well ("0912***678") only a thousand numbers
    were left to try."""
    national = "0" + e164[3:] if e164.startswith("+84") else e164
    return "*" * max(len(national) - 3, 0) + national[-3:]


def show_phone(value: str) -> str:
    """Any phone a page shows, the way people read numbers in Vietnam: a stored E.164 number
    as ``display_phone`` writes it ("0978 123 456", "024 3825 2345"), a masked one in the same
    groups with its stars kept ("**** *** 678"), and anything else (a number typed by hand that
    was never normalised) as it came. The one function every template's ``phone`` filter uses."""
    value = (value or "").strip()
    if not value:
        return ""
    if value.startswith("*"):
        return _group_masked(value)
    if value.startswith("+"):
        try:
            return display_phone(value)
        except phonenumbers.NumberParseException:
            return value
    return value


def _group_masked(masked: str) -> str:
    """ "*******678" → "**** *** 678": the stars in the groups of a mobile number (4, then the
    rest) and the last three digits on their own, whatever the length."""
    head, tail = masked[:-3], masked[-3:]
    return " ".join(part for part in (head[:4], head[4:], tail) if part)
