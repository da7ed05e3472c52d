"""Numbers on dashboards, written the way the reader's language writes them."""

from django import template

from langso.core.numbers import format_int, format_percent

register = template.Library()

NOTHING = "—"


@register.filter
def number(value: int | None) -> str:
    """2228 → "2.228" (Vietnamese) or "2,228" (English); nothing → "—"."""
    return NOTHING if value is None else format_int(value)


@register.filter
def percent(value: float | None) -> str:
    """42.5 → "42,5%" (Vietnamese) or "42.5%" (English); nothing → "—"."""
    return NOTHING if value is None else format_percent(value)


@register.filter
def bar_width(value: float | None) -> str:
    """A percent as a CSS length: always with a dot, never past the bar's ends."""
    if value is None:
        return "0%"
    return f"{min(max(value, 0.0), 100.0):.1f}%"


@register.filter
def target_percent(value: float | None) -> str:
    """A target as officials write it: 80 → "80%", 62.5 → "62,5%"; none → "—"."""
    if value is None:
        return NOTHING
    return format_percent(value, digits=0 if float(value).is_integer() else 1)
