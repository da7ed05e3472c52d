from typing import Any

from django import template

from langso.homes.menu import Entry, menu

register = template.Library()


@register.inclusion_tag("homes/_menu.html", takes_context=True)
def main_menu(context: dict[str, Any]) -> dict[str, list[Entry]]:
    request = context.get("request")
    # Error pages answered before the authentication middleware ran have no user: no menu.
    user = getattr(request, "user", None)
    entries = menu(request) if request is not None and user and user.is_authenticated else []
    return {"entries": entries}
