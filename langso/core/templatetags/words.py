"""Filters that turn what is stored into what a person reads: codes into their words, phones
into the Vietnamese way of writing them."""

from django import template

from langso.core.errors import code_label as _code_label
from langso.core.phone import show_phone

register = template.Library()


@register.filter
def code_label(code: object) -> str:
    """``{{ error.code|code_label }}`` → "Tên không được để trống"."""
    return _code_label(str(code)) if code else ""


@register.filter
def phone(value: object) -> str:
    """``{{ person.phone_masked|phone }}`` → "**** *** 678"; an E.164 number → "0978 123 456"."""
    return show_phone(str(value)) if value else ""
