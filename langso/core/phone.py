"""Phone numbers: written many ways in Vietnam, stored one way (E.164)."""

import re

import phonenumbers
from django.utils.translation import gettext as _

from langso.core.errors import CoreError, DomainError

_SEPARATORS = re.compile(r"[\s.\-()/]")


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """Return the E.164 form of a Vietnamese (or international) number, or raise PHONE_INVALID.

    Accepts "0912 345 678", "0912.345.678", "+84 912 345 678" and "84912345678".
    """
    compact = _SEPARATORS.sub("", raw or "")
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
