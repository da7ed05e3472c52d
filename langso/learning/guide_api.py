"""The guide part of the learning API (mounted under /api/v1 by langso.api). Public: what
anyone may read on the guides' pages, for the field app to carry offline and for other sites."""

from typing import Annotated

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from langso.core.bounds import DB_INT_MAX
from langso.learning import guide_selectors, markdown
from langso.learning.guide_schemas import GuideDetailOut, GuideOut, GuideSourceOut, GuidesPageOut
from langso.learning.models import Guide, GuideVersion

router = Router(tags=["learning"])

GUIDES_PER_PAGE = 50


class GuidesQuery(Schema):
    page: Annotated[int, Field(ge=1, le=DB_INT_MAX)] = 1


def _links(request: HttpRequest, guide: Guide) -> dict[str, str]:
    return {
        "url": request.build_absolute_uri(reverse("guides:page", args=[guide.slug])),
        "poster_pdf": request.build_absolute_uri(reverse("guides:poster", args=[guide.slug])),
        "leaflet_pdf": request.build_absolute_uri(reverse("guides:leaflet", args=[guide.slug])),
    }


def _guide_out(request: HttpRequest, guide: Guide, version: GuideVersion) -> GuideOut:
    return GuideOut(
        slug=guide.slug,
        title=version.title,
        updated=guide.published_at,
        **_links(request, guide),
    )


@router.get("/guides", response=GuidesPageOut, auth=None, summary="The published guides (public)")
def guides_list(
    request: HttpRequest, response: HttpResponse, filters: Query[GuidesQuery]
) -> GuidesPageOut:
    """Every published guide in its order, 50 a page, with the addresses of its page, poster
    and leaflet. Drafts and withdrawn guides are not listed."""
    page = Paginator(guide_selectors.published_guides(), GUIDES_PER_PAGE).get_page(filters.page)
    response["Cache-Control"] = "max-age=300"
    return GuidesPageOut(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        results=[
            _guide_out(request, guide, guide.published)
            for guide in page.object_list
            if guide.published is not None
        ],
    )


@router.get(
    "/guides/{slug}", response=GuideDetailOut, auth=None, summary="A published guide (public)"
)
def guide_detail(request: HttpRequest, response: HttpResponse, slug: str) -> GuideDetailOut:
    """The version of the guide the public reads, its text as sanitised HTML; a draft or a
    withdrawn guide is 404 GUIDE_NOT_FOUND, like one that does not exist."""
    guide, version = guide_selectors.published_guide(slug=slug[:80])
    sizes = guide_selectors.image_sizes([version.steps, version.problems])
    response["Cache-Control"] = "max-age=300"
    return GuideDetailOut(
        **_guide_out(request, guide, version).dict(),
        version=version.number,
        audience=version.audience,
        summary=version.summary,
        steps_html=markdown.render_cached(version.pk, "steps", version.steps, sizes=sizes),
        problems_html=markdown.render_cached(version.pk, "problems", version.problems, sizes=sizes),
        source=GuideSourceOut(title=version.source_title, url=version.source_url),
        skills=list(version.skills),
    )
