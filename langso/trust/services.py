"""Every write of the trust checker: the catalog, block-list imports, community reports and
their moderation. Each top-level function is one transaction."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.text import multi_line
from langso.trust import selectors
from langso.trust.catalog_data import BRANDS, CATALOG_VERSION, GOVERNMENT_SUFFIX, BrandData
from langso.trust.engine import Kind, LinkError
from langso.trust.engine.hosts import Problem
from langso.trust.errors import TrustError
from langso.trust.importing import READERS, ListUnreadable, parse_list
from langso.trust.models import (
    COMMUNITY_SOURCE,
    BlockEntry,
    BlockSource,
    Brand,
    ListFormat,
    OfficialDomain,
    Report,
    ReportKind,
    ReportStatus,
)

_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,59}$")
BATCH = 5000
MAX_STORY = 2000


# The catalog ------------------------------------------------------------------------------


def catalog_sync(
    *,
    brands: tuple[BrandData, ...] = BRANDS,
    version: str = CATALOG_VERSION,
    brand_model: Any = Brand,
    domain_model: Any = OfficialDomain,
) -> int:
    """Make the catalog tables hold ``brands`` exactly (a migration passes its historical
    models). Brands and domains no longer listed are removed; running it twice changes nothing.
    Returns the number of brands."""
    with transaction.atomic():
        wanted = {brand.slug for brand in brands}
        brand_model.objects.exclude(slug__in=wanted).delete()
        for data in brands:
            brand, _created = brand_model.objects.update_or_create(
                slug=data.slug,
                defaults={
                    "name": data.name,
                    "sector": data.sector,
                    "names": list(data.names),
                    "labels": list(data.labels),
                    "catalog_version": version,
                },
            )
            domain_model.objects.filter(brand=brand).exclude(domain__in=data.domains).delete()
            domain_model.objects.filter(domain__in=data.domains).exclude(brand=brand).delete()
            for index, domain in enumerate(data.domains):
                domain_model.objects.update_or_create(
                    domain=domain, defaults={"brand": brand, "position": index}
                )
    return len(brands)


# Block lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    source: str
    entries: int
    replaced: int
    skipped: dict[str, int]


def blocklist_import(
    *,
    name: str,
    fmt: str,
    content: bytes | str,
    file_name: str = "",
    listed_on: date | None = None,
) -> ImportSummary:
    """Replace the entries of source ``name`` with those of ``content`` (in format ``fmt``).

    The whole list is read and checked before anything is written; a list that cannot be read
    leaves the previous entries as they were."""
    if not _SOURCE_NAME.match(name or ""):
        raise DomainError(
            TrustError.SOURCE_INVALID,
            _("A list name is lower-case letters, digits, “-” or “_”, not “%(name)s”.")
            % {"name": name},
            field="source",
        )
    if name == COMMUNITY_SOURCE:
        raise DomainError(
            TrustError.SOURCE_RESERVED,
            _("The “community” list is made from moderated reports; choose another name."),
            field="source",
        )
    if fmt not in READERS:
        raise DomainError(
            TrustError.LIST_FORMAT,
            _("Unknown list format “%(format)s”; use one of: %(formats)s.")
            % {"format": fmt, "formats": ", ".join(READERS)},
            field="format",
        )
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DomainError(
                TrustError.LIST_UNREADABLE,
                _("The list is not UTF-8 text (byte %(position)s).") % {"position": error.start},
                field="file",
            ) from error
    else:
        text = content
    official = {d for d in OfficialDomain.objects.values_list("domain", flat=True)}
    try:
        parsed = parse_list(
            text,
            fmt,
            is_official=lambda r: r in official or r.endswith("." + GOVERNMENT_SUFFIX),
        )
    except ListUnreadable as error:
        raise DomainError(
            TrustError.LIST_UNREADABLE,
            _("The list cannot be read as “%(format)s”: %(problem)s.")
            % {"format": fmt, "problem": str(error)},
            field="file",
        ) from error
    if not parsed.entries:
        raise DomainError(
            TrustError.LIST_EMPTY,
            _("No usable entry was found in the list (%(skipped)s lines skipped).")
            % {"skipped": sum(parsed.skipped.values())},
            field="file",
            details={"skipped": dict(parsed.skipped)},
        )
    with transaction.atomic():
        source, _created = BlockSource.objects.get_or_create(
            name=name,
            defaults={
                "format": fmt,
                "listed_on": listed_on or today(),
                "imported_at": timezone.now(),
            },
        )
        replaced, _by_model = BlockEntry.objects.filter(source=source).delete()
        BlockEntry.objects.bulk_create(
            (BlockEntry(source=source, host=host, path=path) for host, path in parsed.entries),
            batch_size=BATCH,
        )
        source.format = fmt
        source.file_name = file_name[:255]
        source.listed_on = listed_on or today()
        source.imported_at = timezone.now()
        source.entries = len(parsed.entries)
        source.skipped = dict(parsed.skipped)
        source.save()
    return ImportSummary(name, len(parsed.entries), replaced, dict(parsed.skipped))


# Community reports --------------------------------------------------------------------------


def report_create(*, actor: Actor, text: str, story: str = "") -> Report:
    """Record a report of one link, phone number or bank account; it waits for moderation."""
    text = (text or "").strip()
    story = multi_line(story or "")
    selectors.check_sizes([text], field="text")
    if len(story) > MAX_STORY:
        raise DomainError(
            TrustError.ITEM_TOO_LONG,
            _("Please tell what happened in at most %(limit)s characters.") % {"limit": MAX_STORY},
            field="story",
        )
    try:
        result = selectors.engine().analyse(text)
    except LinkError as error:
        raise selectors.link_error(text, error, field="text") from error
    if result.kind is Kind.MESSAGE:
        raise DomainError(
            TrustError.REPORT_INVALID,
            _("Report one link, phone number or bank account at a time."),
            field="text",
        )
    if result.kind is Kind.LINK and result.link is None:
        # A link no browser can open (its host hides a "/" in character codes) names no
        # website to put on the community list.
        unreadable = LinkError(Problem.BAD_CHARACTERS, value=text)
        raise selectors.link_error(text, unreadable, field="text")
    values: dict[str, Any] = {"shown": result.display[:300] or text[:300]}
    if result.kind is Kind.LINK and result.link is not None:
        path = result.link.path.rstrip("/")
        values.update(kind=ReportKind.LINK, value=result.link.host.removeprefix("www."), path=path)
    elif result.kind is Kind.PHONE:
        values.update(kind=ReportKind.PHONE, value=result.key)
    else:
        bank, number = result.key.split(":", 1)
        values.update(kind=ReportKind.ACCOUNT, value=number, bank=bank)
    reporter = access.actor_id(actor)
    with transaction.atomic():
        report = Report.objects.create(story=story, reporter_id=reporter, **values)
    return report


class Decision:
    CONFIRM = "confirm"
    REJECT = "reject"


def report_moderate(*, actor: Actor, report_id: int, decision: str, note: str = "") -> Report:
    """Confirm or reject a report. A confirmed link goes on the ``community`` list; rejecting
    a report confirmed before takes it off again (when no other confirmed report names it)."""
    access.access_moderation(actor)
    if decision not in (Decision.CONFIRM, Decision.REJECT):
        raise DomainError(
            TrustError.DECISION_INVALID,
            _("The decision is “confirm” or “reject”."),
            field="decision",
        )
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise NotFound(TrustError.REPORT_NOT_FOUND, _("Report not found."))
        report.status = (
            ReportStatus.CONFIRMED if decision == Decision.CONFIRM else ReportStatus.REJECTED
        )
        report.moderated_by_id = actor.pk
        report.moderated_at = timezone.now()
        report.note = multi_line(note or "")[:500]
        report.save()
        if report.kind == ReportKind.LINK:
            _community_entries()
    return report


def _community_entries() -> None:
    """Rebuild the ``community`` block list from the confirmed link reports."""
    confirmed = set(
        Report.objects.filter(kind=ReportKind.LINK, status=ReportStatus.CONFIRMED).values_list(
            "value", "path"
        )
    )
    source, _created = BlockSource.objects.get_or_create(
        name=COMMUNITY_SOURCE,
        defaults={
            "format": ListFormat.COMMUNITY,
            "listed_on": today(),
            "imported_at": timezone.now(),
        },
    )
    BlockEntry.objects.filter(source=source).delete()
    BlockEntry.objects.bulk_create(
        BlockEntry(source=source, host=host, path=path) for host, path in confirmed
    )
    source.entries = len(confirmed)
    source.listed_on = today()
    source.imported_at = timezone.now()
    source.skipped = {}
    source.save()
