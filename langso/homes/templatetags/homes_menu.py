from typing import Any

from django import template

from langso.homes.menu import menu

register = template.Library()


@register.inclusion_tag("homes/_menu.html", takes_context=True)
def main_menu(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    entries = menu(request) if request is not None and request.user.is_authenticated else []
    return {"entries": entries}
