from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from langso.units.models import is_local_code

register = template.Library()


@register.simple_tag
def unit_code(code: str) -> SafeString:
    """A unit's code, and beside a code Làng Số made itself a badge saying it is not official
    (its title says why), so nobody copies it into a report as a national code."""
    if not code:
        return format_html("")
    if not is_local_code(code):
        return format_html('<code class="unit-code">{}</code>', code)
    return format_html(
        '<code class="unit-code">{}</code> <span class="badge local-code" title="{}">{}</span>',
        code,
        _(
            "A local code made by Làng Số: this unit has no code in the national list of "
            "administrative units. Do not use it in official reports."
        ),
        _("not official"),
    )
