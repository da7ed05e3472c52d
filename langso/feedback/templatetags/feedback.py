from django import template

from langso.feedback.codes import format_code

register = template.Library()


@register.filter
def tracking_code(code: object) -> str:
    """``{{ report.code|tracking_code }}`` → "8QYR-U3G2", the way the citizen was given it."""
    return format_code(str(code)) if code else ""
