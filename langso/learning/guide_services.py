"""Every write to guides: creating one, saving a new version, publishing, withdrawing, and
uploading a picture. Each is one transaction and leaves a line in the audit log.

A version is never edited: saving makes version n + 1, so what the public read on a given day,
and what an officer checked against the official procedure, can always be shown again.
"""

import hashlib
import io
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from langso import access
from langso.access import Actor, actor_id
from langso.core.audit import audit_record
from langso.core.errors import DomainError
from langso.core.models import AuditAction
from langso.core.text import without_bidi
from langso.learning.errors import GuideError
from langso.learning.markdown import IMAGE_PREFIX
from langso.learning.models import Guide, GuideImage, GuideVersion, Skill

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Pictures: steps are screenshots of a phone, shown at most a phone's width; 2 MB and 12
# million pixels leave room for a full-resolution screenshot, which is then scaled down.
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_PIXELS = 12_000_000
IMAGE_MAX_SIDE = 1200
IMAGE_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})


@dataclass(frozen=True)
class GuideText:
    """What an editor writes for one version of a guide."""

    title: str
    audience: str
    steps: str
    source_title: str
    summary: str = ""
    problems: str = ""
    source_url: str = ""
    skills: list[str] = field(default_factory=list)
    note: str = ""


# Field name → (the label an editor reads, the most characters the model keeps).
def _limits() -> dict[str, tuple[str, int | None]]:
    return {
        "title": (_("Title"), 200),
        "audience": (_("Who it is for"), 300),
        "summary": (_("Summary"), 500),
        "steps": (_("Steps"), None),
        "problems": (_("Common problems"), None),
        "source_title": (_("Official source"), 300),
        "source_url": (_("Address of the source"), 500),
        "note": (_("What changed"), 300),
    }


REQUIRED = ("title", "audience", "steps", "source_title")


def _clean(text: GuideText) -> GuideText:
    """The text trimmed and checked, or a refusal naming the field."""
    values: dict[str, str] = {}
    for name, (label, limit) in _limits().items():
        value = without_bidi(str(getattr(text, name)).replace("\r\n", "\n").replace("\x00", ""))
        value = value.strip()
        if name in REQUIRED and not value:
            raise DomainError(
                GuideError.FIELD_MISSING,
                _("“%(field)s” is required.") % {"field": label},
                field=name,
            )
        if limit is not None and len(value) > limit:
            raise DomainError(
                GuideError.FIELD_TOO_LONG,
                _("“%(field)s” may have at most %(limit)s characters (it has %(count)s).")
                % {"field": label, "limit": limit, "count": len(value)},
                field=name,
            )
        values[name] = value
    url = values["source_url"]
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise DomainError(
                GuideError.SOURCE_URL_INVALID,
                _("“Address of the source” must be a web address starting with https://."),
                field="source_url",
            )
    skills = [code.strip() for code in text.skills if code.strip()]
    known = set(Skill.objects.filter(code__in=skills).values_list("code", flat=True))
    unknown = [code for code in skills if code not in known]
    if unknown:
        raise DomainError(
            GuideError.SKILL_UNKNOWN,
            _("“Skills”: %(codes)s is not a skill of the framework.")
            % {"codes": ", ".join(unknown)},
            field="skills",
        )
    return GuideText(**values, skills=list(dict.fromkeys(skills)))


def _check_slug(slug: str) -> str:
    slug = slug.strip()
    if not SLUG.match(slug) or len(slug) > 80:
        raise DomainError(
            GuideError.SLUG_INVALID,
            _(
                "“Address” may hold only lowercase letters without accents, digits and hyphens "
                "(such as vneid-muc-2), at most 80 characters."
            ),
            field="slug",
        )
    return slug


@transaction.atomic
def guide_create(*, actor: Actor, slug: str, text: GuideText | None, position: int = 0) -> Guide:
    """A new guide with its first version (a draft: nobody outside the editors sees it).

    Without ``text`` the guide has no version yet: the loader makes it so that its pictures
    can belong to it before the first version, which shows them, is saved."""
    access.access_guide_editor(actor)
    slug = _check_slug(slug)
    cleaned = _clean(text) if text is not None else None
    if Guide.objects.filter(slug=slug).exists():
        raise DomainError(
            GuideError.SLUG_TAKEN,
            _("“Address”: another guide already uses “%(slug)s”.") % {"slug": slug},
            field="slug",
        )
    try:
        with transaction.atomic():
            guide = Guide.objects.create(slug=slug, position=position)
    except IntegrityError as exc:
        raise DomainError(
            GuideError.SLUG_TAKEN,
            _("“Address”: another guide already uses “%(slug)s”.") % {"slug": slug},
            field="slug",
        ) from exc
    audit_record(
        actor=actor,
        action=AuditAction.GUIDE_CREATE,
        object_type="guide",
        object_id=str(guide.pk),
        reason=slug,
    )
    if cleaned is not None:
        _version_add(actor=actor, guide=guide, text=cleaned)
    return guide


def _version_add(*, actor: Actor, guide: Guide, text: GuideText) -> GuideVersion:
    # The row lock makes two editors saving at once take numbers one after the other.
    Guide.objects.select_for_update().filter(pk=guide.pk).first()
    last = guide.versions.aggregate(top=Max("number"))["top"] or 0
    version = GuideVersion.objects.create(
        guide=guide,
        number=last + 1,
        title=text.title,
        audience=text.audience,
        summary=text.summary,
        steps=text.steps,
        problems=text.problems,
        source_title=text.source_title,
        source_url=text.source_url,
        skills=text.skills,
        note=text.note,
        created_by_id=actor_id(actor),
    )
    Guide.objects.filter(pk=guide.pk).update(updated_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.GUIDE_SAVE,
        object_type="guide",
        object_id=str(guide.pk),
        reason=f"{guide.slug} v{version.number}",
        detail={"version": version.number},
    )
    return version


@transaction.atomic
def guide_version_save(*, actor: Actor, guide: Guide, text: GuideText) -> GuideVersion:
    """A new version of ``guide`` (the published one stays published until someone publishes
    another)."""
    access.access_guide_editor(actor)
    return _version_add(actor=actor, guide=guide, text=_clean(text))


@transaction.atomic
def guide_publish(*, actor: Actor, guide: Guide, number: int | None = None) -> GuideVersion:
    """The public reads version ``number`` of ``guide`` from now on (by default the latest)."""
    access.access_guide_editor(actor)
    versions = guide.versions.all()
    version = (
        versions.filter(number=number).first()
        if number is not None
        else versions.order_by("-number").first()
    )
    if version is None:
        raise DomainError(
            GuideError.VERSION_NOT_FOUND,
            _("“Version”: this guide has no version %(number)s.") % {"number": number},
            field="number",
        )
    now = timezone.now()
    Guide.objects.filter(pk=guide.pk).update(published=version, published_at=now, updated_at=now)
    guide.published, guide.published_at = version, now
    audit_record(
        actor=actor,
        action=AuditAction.GUIDE_PUBLISH,
        object_type="guide",
        object_id=str(guide.pk),
        reason=f"{guide.slug} v{version.number}",
        detail={"version": version.number},
    )
    return version


@transaction.atomic
def guide_unpublish(*, actor: Actor, guide: Guide) -> None:
    """The guide leaves the public pages (its versions stay, to be published again)."""
    access.access_guide_editor(actor)
    now = timezone.now()
    Guide.objects.filter(pk=guide.pk).update(published=None, published_at=None, updated_at=now)
    guide.published, guide.published_at = None, None
    audit_record(
        actor=actor,
        action=AuditAction.GUIDE_UNPUBLISH,
        object_type="guide",
        object_id=str(guide.pk),
        reason=guide.slug,
    )


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    width: int
    height: int


def _not_image(name: str) -> DomainError:
    return DomainError(
        GuideError.IMAGE_NOT_IMAGE,
        _("“Picture”: %(name)s is not a PNG, JPEG or WebP picture.") % {"name": name},
        field="image",
    )


def image_clean(data: bytes, *, name: str = "") -> CleanImage:
    """A new file made from the picture's pixels alone (no EXIF, no location, no comments), or
    a refusal. The format is read from the content, never from the name: an SVG (which can
    carry script), a PDF or anything else is refused whatever it is called."""
    shown = name or _("the file")
    if len(data) > IMAGE_MAX_BYTES:
        raise DomainError(
            GuideError.IMAGE_TOO_LARGE,
            _("“Picture”: %(name)s is larger than 2 MB.") % {"name": shown},
            field="image",
        )
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in IMAGE_FORMATS:
            raise _not_image(shown)
        if image.width * image.height > IMAGE_MAX_PIXELS:
            raise DomainError(
                GuideError.IMAGE_TOO_MANY_PIXELS,
                _("“Picture”: %(name)s has more than 12 million pixels.") % {"name": shown},
                field="image",
            )
        image.load()
        keep_alpha = image.mode in ("RGBA", "LA") or (
            image.mode == "P" and "transparency" in image.info
        )
        pixels = image.convert("RGBA" if keep_alpha else "RGB")
        pixels.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE), Image.Resampling.LANCZOS)
        bare = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
        out = io.BytesIO()
        # Screenshots (flat colours, text) stay PNG; photographs stay JPEG.
        if image.format == "JPEG":
            bare.convert("RGB").save(out, format="JPEG", quality=82, optimize=True)
            content_type = "image/jpeg"
        else:
            bare.save(out, format="PNG", optimize=True)
            content_type = "image/png"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DomainError(
            GuideError.IMAGE_TOO_MANY_PIXELS,
            _("“Picture”: %(name)s has more than 12 million pixels.") % {"name": shown},
            field="image",
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _not_image(shown) from exc
    return CleanImage(out.getvalue(), content_type, bare.width, bare.height)


def image_url(image: GuideImage) -> str:
    return f"{IMAGE_PREFIX}{image.digest}"


@transaction.atomic
def guide_image_upload(*, actor: Actor, guide: Guide, data: bytes, name: str) -> GuideImage:
    """A picture for ``guide``'s steps. The same picture uploaded twice is stored once (its
    digest is its address)."""
    access.access_guide_editor(actor)
    clean = image_clean(data, name=name)
    digest = hashlib.sha256(clean.content).hexdigest()
    found = GuideImage.objects.filter(digest=digest).first()
    if found is not None:
        return found
    safe_name = re.sub(r"[^\w.-]+", "-", name)[:120] or "anh"
    image = GuideImage.objects.create(
        guide=guide,
        digest=digest,
        name=safe_name,
        content_type=clean.content_type,
        content=clean.content,
        width=clean.width,
        height=clean.height,
        uploaded_by_id=actor_id(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.GUIDE_IMAGE,
        object_type="guide",
        object_id=str(guide.pk),
        reason=f"{guide.slug}: {safe_name}",
        detail={"digest": digest},
    )
    return image
