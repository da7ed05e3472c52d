"""The guides the field app carries offline (the pull part ``guides``).

Published guides only, read from their published version: what a member shows at a door with
no signal is what the public reads. The text stays Markdown (the app renders the little it
uses: paragraphs, numbered steps, pictures); pictures are named by their address, and the
app's service worker keeps each one the first time it is synced or opened. The pull sends the
part whole only when its digest changed (``visits.pull_parts``), so an unchanged set of guides
costs one digest per pull.
"""

from typing import Any

from langso.access import Actor
from langso.learning.models import Guide


def field_guides(*, actor: Actor) -> list[dict[str, Any]]:
    """Every published guide, in the order the office set; the same for every member."""
    guides = (
        Guide.objects.filter(published__isnull=False)
        .select_related("published")
        .order_by("position", "slug")
    )
    found: list[dict[str, Any]] = []
    for guide in guides:
        version = guide.published
        if version is None:
            continue
        found.append(
            {
                "slug": guide.slug,
                "title": version.title,
                "audience": version.audience,
                "summary": version.summary,
                "steps": version.steps,
                "problems": version.problems,
                "source": version.source_title,
                "source_url": version.source_url,
                "updated": (guide.published_at or version.created_at).date().isoformat(),
            }
        )
    return found
