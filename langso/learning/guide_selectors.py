"""Every read of guides: the published ones for anyone, all of them and their versions for
editors (``access.access_guide_editor``)."""

from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery

from langso import access
from langso.access import Actor
from langso.learning import markdown
from langso.learning.models import Guide, GuideImage, GuideVersion, Skill


def published_guides() -> QuerySet[Guide]:
    """The guides the public reads, in their order, with the version they read."""
    return (
        Guide.objects.filter(published__isnull=False)
        .select_related("published")
        .order_by("position", "slug")
    )


def published_guide(*, slug: str) -> tuple[Guide, GuideVersion]:
    """A published guide by its address, and the version the public reads; a draft or
    withdrawn one is 404 like a missing one."""
    found = published_guides().filter(slug=slug).first()
    if found is None or found.published is None:
        raise access.no_guide()
    return found, found.published


def guide_image(*, digest: str) -> GuideImage:
    """A picture by its digest. Pictures are public: they are only reachable by a digest that
    a guide's text shows, and they hold no personal data."""
    found = GuideImage.objects.filter(digest=digest).first()
    if found is None:
        raise access.no_guide()
    return found


def image_sizes(texts: list[str]) -> markdown.Sizes:
    """Width and height of the pictures these texts show, so pages can reserve their space."""
    digests = {digest for text in texts for digest in markdown.image_digests(text)}
    return {
        digest: (width, height)
        for digest, width, height in GuideImage.objects.filter(digest__in=digests).values_list(
            "digest", "width", "height"
        )
    }


def image_files(texts: list[str]) -> dict[str, GuideImage]:
    """The pictures these texts show, by digest (for the PDFs)."""
    digests = {digest for text in texts for digest in markdown.image_digests(text)}
    return {image.digest: image for image in GuideImage.objects.filter(digest__in=digests)}


@dataclass(frozen=True)
class GuideRow:
    guide: Guide
    latest: GuideVersion | None
    versions: int


def guides_for_editor(*, actor: Actor) -> list[GuideRow]:
    """Every guide, with its latest version (who saved it, when) and how many there are."""
    access.access_guide_editor(actor)
    latest = GuideVersion.objects.filter(guide=OuterRef("pk")).order_by("-number").values("pk")[:1]
    guides = list(
        Guide.objects.annotate(
            latest_id=Subquery(latest), version_count=Count("versions"), top=Max("versions__number")
        )
        .select_related("published")
        .order_by("position", "slug")
    )
    versions = GuideVersion.objects.select_related("created_by").in_bulk(
        [guide.latest_id for guide in guides if guide.latest_id]
    )
    return [
        GuideRow(
            guide=guide,
            latest=versions.get(guide.latest_id),
            versions=guide.version_count,
        )
        for guide in guides
    ]


def guide_for_editor(*, actor: Actor, slug: str) -> Guide:
    access.access_guide_editor(actor)
    found = Guide.objects.filter(slug=slug).select_related("published").first()
    if found is None:
        raise access.no_guide()
    return found


def guide_versions(*, actor: Actor, guide: Guide) -> QuerySet[GuideVersion]:
    access.access_guide_editor(actor)
    return guide.versions.select_related("created_by").order_by("-number")


def guide_version(*, actor: Actor, guide: Guide, number: int | None = None) -> GuideVersion:
    """Version ``number`` of the guide (by default the latest), for an editor."""
    versions = guide_versions(actor=actor, guide=guide)
    found = versions.filter(number=number).first() if number is not None else versions.first()
    if found is None:
        raise access.no_guide()
    return found


def guide_images(*, actor: Actor, guide: Guide) -> QuerySet[GuideImage]:
    access.access_guide_editor(actor)
    return guide.images.defer("content").order_by("-uploaded_at", "-pk")


def skills_named(codes: list[str]) -> list[Skill]:
    """The skills of ``codes``, in the framework's order."""
    return list(Skill.objects.filter(code__in=codes))
