"""Loading the guides that ship with Làng Số from their Markdown files (format:
``langso/learning/content/guides/*.md``, described in the module's ``FORMAT``).

Safe to rerun: a picture already stored is found by its digest, and a guide whose file did not
change since the loader last saved it gets no new version and is not published again (so an
officer's own later version, or a withdrawal, stands). Each file is its own transaction, so a
broken file does not undo the files loaded before it, and the refusal names the file and what
is wrong in it.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from langso.access import SYSTEM, Actor, actor_id
from langso.core.errors import DomainError
from langso.learning import guide_services as services
from langso.learning.errors import GuideError
from langso.learning.models import Guide, GuideVersion, Skill

FORMAT = """\
---
slug: vneid-muc-2
position: 1
title: …
audience: …
summary: …
source_title: …
source_url: https://…
skills: 2.1, 4.1
---
1. Steps, each with ![a picture](file.png) from images/
<!-- problems -->
- Common problems
"""
KEYS = ("slug", "position", "title", "audience", "summary", "source_title", "source_url", "skills")
PROBLEMS_MARK = "<!-- problems -->"
_IMAGE = re.compile(r"(!\[[^\]]*\]\()([^)\s]+)(\))")


def default_folder() -> Path:
    return Path(settings.BASE_DIR) / "langso" / "learning" / "content" / "guides"


@dataclass(frozen=True)
class GuideFile:
    slug: str
    position: int
    text: services.GuideText
    images: list[str]


@dataclass(frozen=True)
class Loaded:
    slug: str
    created: bool
    new_version: int | None
    published: int | None
    pictures_added: int
    skills_ignored: list[str]

    def changed(self) -> bool:
        return bool(self.created or self.new_version or self.published or self.pictures_added)


def _refuse(path: Path, message: str) -> DomainError:
    return DomainError(
        GuideError.FILE_INVALID,
        _("File %(file)s: %(problem)s") % {"file": path.name, "problem": message},
        field="file",
    )


def guide_file_read(path: Path) -> GuideFile:
    """The guide written in ``path``, or a refusal naming the file and what is wrong in it."""
    try:
        raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise _refuse(path, _("it cannot be read as UTF-8 text.")) from exc
    lines = raw.split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in [x.strip() for x in lines[1:]]:
        raise _refuse(path, _("it must begin with a front matter between two “---” lines."))
    end = [x.strip() for x in lines[1:]].index("---") + 1
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon or key.strip() not in KEYS:
            problem = _("the front matter line “%(line)s” is not known.") % {"line": line}
            raise _refuse(path, problem)
        meta[key.strip()] = value.strip()
    body = "\n".join(lines[end + 1 :])
    steps, _mark, problems = body.partition(PROBLEMS_MARK)
    try:
        position = int(meta.get("position") or 0)
    except ValueError as exc:
        raise _refuse(path, _("“position” must be a whole number.")) from exc
    text = services.GuideText(
        title=meta.get("title", ""),
        audience=meta.get("audience", ""),
        summary=meta.get("summary", ""),
        steps=steps.strip(),
        problems=problems.strip(),
        source_title=meta.get("source_title", ""),
        source_url=meta.get("source_url", ""),
        skills=[code.strip() for code in meta.get("skills", "").split(",") if code.strip()],
    )
    images = [match.group(2) for match in _IMAGE.finditer(text.steps + "\n" + text.problems)]
    return GuideFile(slug=meta.get("slug", path.stem), position=position, text=text, images=images)


def _same(version: GuideVersion | None, text: services.GuideText) -> bool:
    if version is None:
        return False
    return all(
        getattr(version, name) == getattr(text, name)
        for name in (
            "title",
            "audience",
            "summary",
            "steps",
            "problems",
            "source_title",
            "source_url",
            "skills",
        )
    )


@transaction.atomic
def guide_file_load(*, actor: Actor, path: Path) -> Loaded:
    """Load one file: store its pictures, point its image links at them, save a new version
    when the text changed, and publish the latest version."""
    found = guide_file_read(path)
    known = set(Skill.objects.filter(code__in=found.text.skills).values_list("code", flat=True))
    ignored = [code for code in found.text.skills if code not in known]
    guide = Guide.objects.filter(slug=found.slug).first()
    created = guide is None
    text = services.GuideText(
        **{**found.text.__dict__, "skills": [c for c in found.text.skills if c in known]}
    )
    if guide is None:
        # The first version needs the pictures' addresses, and pictures need a guide: the
        # guide comes first, without a version.
        guide = services.guide_create(
            actor=actor, slug=found.slug, text=None, position=found.position
        )
    before = set(guide.images.values_list("digest", flat=True))
    addresses: dict[str, str] = {}
    for name in dict.fromkeys(found.images):
        if name.startswith(("/", "http:", "https:")):
            continue
        picture = path.parent / "images" / Path(name).name
        if not picture.is_file():
            raise _refuse(path, _("the picture %(name)s is not in images/.") % {"name": name})
        image = services.guide_image_upload(
            actor=actor, guide=guide, data=picture.read_bytes(), name=picture.name
        )
        addresses[name] = services.image_url(image)

    def rewrite(markdown: str) -> str:
        return _IMAGE.sub(
            lambda m: m.group(1) + addresses.get(m.group(2), m.group(2)) + m.group(3), markdown
        )

    text = services.GuideText(
        **{**text.__dict__, "steps": rewrite(text.steps), "problems": rewrite(text.problems)}
    )
    # Compared with what the loader itself saved last, not with the latest version: an
    # officer's later edit (or withdrawal) in the back office is theirs to keep, and only a
    # file that changed since the last load makes a new version, which is then published.
    loaded_last = guide.versions.filter(created_by_id=actor_id(actor)).order_by("-number").first()
    new_version = published = None
    if not _same(loaded_last, text):
        version = services.guide_version_save(actor=actor, guide=guide, text=text)
        new_version = version.number
        published = services.guide_publish(actor=actor, guide=guide, number=version.number).number
    if guide.position != found.position:
        Guide.objects.filter(pk=guide.pk).update(position=found.position)
    added = len(set(guide.images.values_list("digest", flat=True)) - before)
    return Loaded(
        slug=found.slug,
        created=created,
        new_version=new_version,
        published=published,
        pictures_added=added,
        skills_ignored=ignored,
    )


def guides_load(*, actor: Actor = SYSTEM, folder: Path | None = None) -> list[Loaded]:
    """Load every ``*.md`` of ``folder`` (by default the guides that ship with Làng Số), in
    name order. A missing default folder loads nothing (the demo may run before the guides
    are written)."""
    folder = folder or default_folder()
    if not folder.is_dir():
        return []
    return [guide_file_load(actor=actor, path=path) for path in sorted(folder.glob("*.md"))]
