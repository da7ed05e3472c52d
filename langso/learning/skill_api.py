"""The skill part of the learning API (mounted under /api/v1 by langso.api)."""

from django.http import HttpRequest
from ninja import Router

from langso.learning.skill_schemas import FrameworkOut
from langso.learning.skill_selectors import framework_read

router = Router(tags=["learning"])


@router.get("/skills", auth=None, response=FrameworkOut, summary="The skill framework")
def skills_framework(request: HttpRequest) -> FrameworkOut:
    """Public, like the guides: the skill groups and skills with their codes, names, sources,
    notes and which are the basic skills that make a person proficient."""
    return FrameworkOut.model_validate(framework_read(actor=request.user))
