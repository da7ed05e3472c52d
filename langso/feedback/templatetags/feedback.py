from django import template
from django.utils.translation import gettext_lazy as _

from langso.feedback.codes import format_code

register = template.Library()


@register.filter
def tracking_code(code: object) -> str:
    """``{{ report.code|tracking_code }}`` → "8QYR-U3G2", the way the citizen was given it."""
    return format_code(str(code)) if code else ""


@register.filter
def delivery_channel(channel: object) -> str:
    """The way a message went out (``notify``'s sender channels), in words."""
    names = {"outbox": _("local outbox"), "sms": _("SMS"), "zalo": _("Zalo")}
    return str(names.get(str(channel), channel))
