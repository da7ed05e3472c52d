"""Numbers written the way the reader's language writes them (Vietnamese: 2.228 and 12,5%)."""

from django.utils.formats import number_format


def format_int(value: int) -> str:
    """2228 → "2.228" in Vietnamese, "2,228" in English (config/formats)."""
    return number_format(value, force_grouping=True)


def format_percent(value: float, digits: int = 1) -> str:
    """12.5 → "12,5%" in Vietnamese, "12.5%" in English."""
    return number_format(value, decimal_pos=digits, force_grouping=True) + "%"
