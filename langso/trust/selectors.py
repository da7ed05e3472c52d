"""Every read of the trust checker: the engine over the catalog, checks with the lists looked
up for a whole batch, the moderation queue, and who may moderate."""

import threading
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import format_date
from langso.core.errors import DomainError
from langso.core.ratelimit import Limit
from langso.trust.catalog_data import GOVERNMENT_SUFFIX
from langso.trust.engine import (
    BrandInfo,
    Catalog,
    Engine,
    Known,
    LinkError,
    Listing,
    Reports,
    Result,
)
from langso.trust.errors import TrustError
from langso.trust.models import (
    COMMUNITY_SOURCE,
    BlockEntry,
    BlockSource,
    Brand,
    OfficialDomain,
    Report,
    ReportKind,
    ReportStatus,
)
from langso.trust.reasons import problem_text

# Limits of one check (the page, the API and check_links share them).
MAX_ITEMS = 50
MAX_ITEM_CHARS = 5_000
MAX_TOTAL_CHARS = 50_000
MAX_BODY_BYTES = 256 * 1024


# Requests per address (core.ratelimit). Generous, since village phones share their carrier's
# addresses: they stop a program hammering the checker or flooding the moderation queue, not a
# busy village.
def check_limit() -> Limit:
    return Limit(
        "trust-check-1m", int(getattr(settings, "LANGSO_TRUST_CHECKS_PER_MINUTE", 120)), 60
    )


def report_limit() -> Limit:
    return Limit(
        "trust-report-1h", int(getattr(settings, "LANGSO_TRUST_REPORTS_PER_HOUR", 20)), 3600
    )


class TooLarge(DomainError):
    status = 413


class Unprocessable(DomainError):
    status = 422


# The engine ---------------------------------------------------------------------------------


@dataclass
class _Cached:
    stamp: tuple[object, ...] = ()
    engine: Engine | None = None


_cache = _Cached()
_lock = threading.Lock()


def _catalog_stamp() -> tuple[object, ...]:
    brands = Brand.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    domains = OfficialDomain.objects.aggregate(n=Count("id"), last=Max("id"))
    return (brands["n"], brands["changed"], domains["n"], domains["last"])


def catalog() -> Catalog:
    """The catalog in the database, as the engine reads it."""
    domains: dict[int, list[str]] = defaultdict(list)
    for brand_id, domain in OfficialDomain.objects.order_by("brand_id", "position").values_list(
        "brand_id", "domain"
    ):
        domains[brand_id].append(domain)
    brands = tuple(
        BrandInfo(b.slug, b.name, b.sector, tuple(domains[b.pk]), tuple(b.labels))
        for b in Brand.objects.order_by("pk")
    )
    return Catalog(brands, GOVERNMENT_SUFFIX)


def engine() -> Engine:
    """The engine over the catalog in the database, rebuilt when the catalog changes."""
    stamp = _catalog_stamp()
    with _lock:
        if _cache.engine is None or _cache.stamp != stamp:
            _cache.engine = Engine(catalog())
            _cache.stamp = stamp
        return _cache.engine


# Checking -----------------------------------------------------------------------------------


def check_sizes(items: list[str], *, field: str = "items") -> None:
    """Refuse, with a code, what is too much or not text at all, before any work is done."""
    if not items or all(not (item or "").strip() for item in items):
        raise Unprocessable(
            TrustError.EMPTY,
            _("Paste a link, a phone number, a bank account or a whole message to check."),
            field=field,
        )
    if len(items) > MAX_ITEMS:
        raise TooLarge(
            TrustError.TOO_MANY_ITEMS,
            _("At most %(limit)s items can be checked at once.") % {"limit": MAX_ITEMS},
            field=field,
            details={"limit": MAX_ITEMS, "received": len(items)},
        )
    total = 0
    for index, item in enumerate(items):
        total += len(item)
        if len(item) > MAX_ITEM_CHARS:
            raise TooLarge(
                TrustError.ITEM_TOO_LONG,
                _(
                    "Item %(number)s is %(length)s characters long; paste at most %(limit)s "
                    "(one message at a time)."
                )
                % {"number": index + 1, "length": len(item), "limit": MAX_ITEM_CHARS},
                field=field,
                details={"index": index, "limit": MAX_ITEM_CHARS},
            )
        if any(ord(char) < 32 and char not in "\t\r\n" for char in item) or "\ufffd" in item:
            raise Unprocessable(
                TrustError.NOT_TEXT,
                _("Item %(number)s is not text (it contains control or binary characters).")
                % {"number": index + 1},
                field=field,
                details={"index": index},
            )
    if total > MAX_TOTAL_CHARS:
        raise TooLarge(
            TrustError.TOO_LARGE,
            _("Too much text at once: at most %(limit)s characters.") % {"limit": MAX_TOTAL_CHARS},
            field=field,
        )


def link_error(text: str, error: LinkError, *, field: str, index: int = 0) -> DomainError:
    shown = text if len(text) <= 80 else text[:79] + "…"
    return Unprocessable(
        TrustError.LINK_INVALID,
        _("“%(link)s” is not a valid web address: %(problem)s.")
        % {"link": shown, "problem": problem_text(error.problem)},
        field=field,
        details={"index": index, "value": error.value[:100]},
    )


def known_for(results: list[Result], checker: Engine) -> Known:
    """Everything the lists say about the hosts, numbers and accounts of a batch: three queries."""
    keys = checker.lookup_keys(results)
    known = Known()
    if keys.hosts:
        entries = BlockEntry.objects.filter(host__in=keys.hosts).values_list(
            "host", "path", "source__name", "source__listed_on"
        )
        listings: dict[str, list[Listing]] = defaultdict(list)
        for host, path, source, listed_on in entries:
            listings[host].append(
                Listing(source, format_date(listed_on), path, source == COMMUNITY_SOURCE)
            )
        known.listings = dict(listings)
    values = keys.hosts | keys.phones | keys.accounts
    if values:
        counts = (
            Report.objects.filter(value__in=values)
            .exclude(status=ReportStatus.REJECTED)
            .values("kind", "value", "bank")
            .annotate(
                confirmed=Count("id", filter=Q(status=ReportStatus.CONFIRMED)),
                pending=Count("id", filter=Q(status=ReportStatus.PENDING)),
            )
        )
        accounts: dict[str, list[tuple[str, Reports]]] = defaultdict(list)
        for row in counts:
            reports = Reports(row["confirmed"], row["pending"])
            if row["kind"] == ReportKind.LINK:
                # Confirmed links are on the community list; only pending ones count here.
                known.hosts[row["value"]] = Reports(0, row["pending"])
            elif row["kind"] == ReportKind.PHONE:
                known.phones[row["value"]] = reports
            else:
                accounts[row["value"]].append((row["bank"], reports))
        known.accounts = dict(accounts)
    return known


def check_items(items: list[str]) -> list[Result]:
    """Check each item (a link, a phone number, a bank account or a whole message).

    Raises a ``DomainError`` with a code for input that cannot be checked: nothing to check,
    too much, not text, or a single link that is not a valid address."""
    check_sizes(items)
    checker = engine()
    results: list[Result] = []
    for index, item in enumerate(items):
        try:
            results.append(checker.analyse(item))
        except LinkError as error:
            raise link_error(item.strip(), error, field="items", index=index) from error
    known = known_for(results, checker)
    return [checker.apply(result, known) for result in results]


# Moderation ---------------------------------------------------------------------------------


def reports_for_moderation(
    *,
    actor: Actor,
    status: str = ReportStatus.PENDING,
    kind: str = "",
    newest_first: bool = False,
) -> QuerySet[Report]:
    """Reports of one status (and one kind, when given). Oldest first by default: the report
    that has waited longest is moderated first."""
    access.access_moderation(actor)
    found = Report.objects.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    if newest_first:
        return found.order_by("-created_at", "-id")
    return found.order_by("created_at", "id")


def report_counts(*, actor: Actor, kind: str = "") -> dict[str, int]:
    """How many reports each status holds, of one kind when given, so the number on each status
    button is the length of the list it opens."""
    access.access_moderation(actor)
    found = Report.objects.filter(kind=kind) if kind else Report.objects.all()
    rows = found.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def block_sources() -> QuerySet[BlockSource]:
    return BlockSource.objects.order_by("name")


def confirmed_shown(*, limit: int) -> list[str]:
    """The links and numbers moderators confirmed as scams, newest first, as they were written
    (what an announcement's warning points the checker at). Public: the checker warns of them
    to anyone."""
    found = (
        Report.objects.filter(status=ReportStatus.CONFIRMED)
        .order_by("-moderated_at", "-id")
        .values_list("shown", flat=True)
    )
    return list(dict.fromkeys(found[: limit * 2]))[:limit]
