"""The household businesses block of a household's page, drawn by a tag so that the people
app's page needs one line and its view nothing (shops sit on people, not the other way)."""

from typing import Any

from django import template

from langso.people.models import Household
from langso.shops import page_selectors

register = template.Library()


@register.inclusion_tag("shops/_household.html", takes_context=True)
def household_businesses(context: template.Context, household: Household) -> dict[str, Any]:
    request = context["request"]
    return {
        "household": household,
        "businesses": page_selectors.businesses_of(actor=request.user, household=household),
        "may_register": household.merged_into_id is None,
    }


@register.filter
def stars(count: int | None) -> str:
    """OCOP stars drawn as stars (their number is said in words beside them for readers)."""
    return "★" * count if isinstance(count, int) and 0 < count <= 5 else ""
