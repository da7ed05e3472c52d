"""What the shops pages read beside ``selectors``: the units the list filters by, the rows of a
page of businesses (village names, checklist progress, links in words) read in a few queries
whatever the page's length, the households a business may be registered for, the reasons of a
flagged link in words, and the communes that have a market page."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import today, valid_on
from langso.core.text import fold
from langso.people.models import Household, Resident
from langso.shops import checklist, selectors
from langso.shops.models import Business, Platform, ShopLink, StepDone
from langso.trust import reasons as trust_reasons
from langso.trust.engine import Finding, Reason
from langso.units.models import Level, UnitVersion

# A select of every village of a province would be thousands long: villages are offered only to
# those who see at most this many (a commune's officer, a team); others filter by commune.
MAX_VILLAGE_CHOICES = 200
HOUSEHOLD_MATCHES = 20


def unit_choices(actor: Actor) -> list[UnitVersion]:
    """The communes the actor sees today, then their villages when they are few enough."""
    day = today()
    seen = access.scope_filter(actor, day, "unit_id")
    communes = list(
        UnitVersion.objects.filter(valid_on(day), seen, unit__level=Level.COMMUNE).order_by(
            "name", "code"
        )
    )
    villages = UnitVersion.objects.filter(valid_on(day), seen, unit__level=Level.VILLAGE)
    if villages.count() > MAX_VILLAGE_CHOICES:
        return communes
    return communes + list(villages.order_by("name", "code"))


@dataclass(frozen=True)
class LinkLine:
    link: ShopLink
    platform: str
    verdict: str
    state: str  # the CSS class of the verdict's colour
    flagged: bool


def verdict_class(verdict: str) -> str:
    return (
        f"verdict-{verdict}" if verdict in ("trusted", "suspicious", "scam") else "verdict-unknown"
    )


def link_line(link: ShopLink) -> LinkLine:
    return LinkLine(
        link=link,
        platform=link.platform.label,
        verdict=link.get_verdict_display(),
        state=verdict_class(link.verdict),
        flagged=link.flagged_at is not None,
    )


@dataclass
class Row:
    business: Business
    village: str
    categories: list[str]
    links: list[LinkLine] = field(default_factory=list)
    done: int = 0
    total: int = 0


def _village_names(village_ids: set[int]) -> dict[int, str]:
    return dict(
        UnitVersion.objects.filter(valid_on(today()), unit_id__in=village_ids).values_list(
            "unit_id", "name"
        )
    )


def _progress(businesses: Sequence[Business], links: dict[str, list[ShopLink]]) -> dict[str, Any]:
    """The required steps done and to do of each business, over the tracks ``tracks_of`` shows
    (each onboarding platform it has a link or a step on, and the QR payment track)."""
    onboarding = set(Platform.objects.filter(onboarding=True).values_list("code", flat=True))
    rows = (
        StepDone.objects.filter(business__in=[b.pk for b in businesses])
        .order_by("observed_at", "recorded_at")
        .values_list("observed_at", "business_id", "platform_id", "step", "value")
    )
    seen: list[checklist.Seen] = [
        (at, n, str(business), platform or checklist.QR_TRACK, step, value)
        for n, (at, business, platform, step, value) in enumerate(rows)
    ]
    out: dict[str, tuple[int, int]] = {}
    for business in businesses:
        key = str(business.pk)
        states = checklist.track_states(seen, key)
        tracks = {track for track in states if track in onboarding}
        tracks |= {
            link.platform_id for link in links.get(key, []) if link.platform_id in onboarding
        }
        tracks.add(checklist.QR_TRACK)
        done = total = 0
        for track in tracks:
            for step in checklist.steps_of(track):
                if step.required:
                    total += 1
                    done += states.get(track, {}).get(step.code, False)
        out[key] = (done, total)
    return out


def rows_of(businesses: Sequence[Business]) -> list[Row]:
    """The lines of one page of the list: a few queries for the whole page."""
    links: dict[str, list[ShopLink]] = {}
    for link in (
        ShopLink.objects.filter(business__in=[b.pk for b in businesses])
        .select_related("platform")
        .order_by("platform__position", "platform__code")
    ):
        links.setdefault(str(link.business_id), []).append(link)
    names = _village_names({b.household.village_id for b in businesses})
    progress = _progress(businesses, links)
    return [
        Row(
            business=business,
            village=names.get(business.household.village_id, ""),
            categories=selectors.category_names(business.categories),
            links=[link_line(link) for link in links.get(str(business.pk), [])],
            done=progress[str(business.pk)][0],
            total=progress[str(business.pk)][1],
        )
        for business in businesses
    ]


def village_name(business: Business) -> str:
    return _village_names({business.household.village_id}).get(business.household.village_id, "")


@dataclass(frozen=True)
class ReasonLine:
    label: str
    message: str


def reason_lines(stored: Any) -> list[ReasonLine]:
    """The trust checker's reasons as a link keeps them (``[{"code", "params"}]``), in words.
    A reason this version does not know, or whose facts are missing, is left out rather than
    shown as a code."""
    lines: list[ReasonLine] = []
    for item in stored if isinstance(stored, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            code = Reason(str(item.get("code", "")))
            params = item.get("params") or {}
            found = Finding(code, tuple((str(k), str(v)) for k, v in dict(params).items()))
            lines.append(ReasonLine(str(trust_reasons.LABELS[code]), trust_reasons.message(found)))
        except (ValueError, KeyError, TypeError):
            continue
    return lines


# Households a business is registered for -----------------------------------------------------


def household_matches(*, actor: Actor, q: str) -> list[Household]:
    """Households of the actor's villages whose number is ``q`` or whose head's name contains
    it (ignoring case and tones), at most ``HOUSEHOLD_MATCHES``."""
    text = q.strip()[:100]
    needle = fold(text)
    if not needle:
        return []
    heads = Resident.objects.filter(
        household=OuterRef("pk"), is_head=True, full_name_folded__contains=needle
    )
    return list(
        Household.objects.filter(access.scope_filter(actor, today()))
        .filter(Q(number=text) | Q(head_name__icontains=text) | Exists(heads))
        .select_related("village")
        .order_by("village_id", "number", "pk")[:HOUSEHOLD_MATCHES]
    )


def household_village_names(households: Sequence[Household]) -> dict[int, str]:
    return _village_names({h.village_id for h in households})


def businesses_of(*, actor: Actor, household: Household) -> list[Business]:
    """The businesses of one household, open ones first (its page lists them)."""
    return list(
        selectors.businesses(actor=actor)
        .filter(household=household)
        .order_by("closed_on", "name", "id")
    )


# The market pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketCommune:
    version: UnitVersion
    businesses: int


def market_communes(q: str = "") -> list[MarketCommune]:
    """The communes of today with at least one listed, open business, by name; ``q`` matches
    their name ignoring case and tones."""
    day = today()
    villages = (
        Business.objects.filter(listed=True, closed_on__isnull=True)
        .values("household__village_id")
        .annotate(n=Count("pk"))
    )
    per_village = {row["household__village_id"]: row["n"] for row in villages}
    per_commune: dict[int, int] = {}
    for unit_id, parent_id in UnitVersion.objects.filter(
        valid_on(day), unit_id__in=list(per_village)
    ).values_list("unit_id", "parent_id"):
        if parent_id is not None:
            per_commune[parent_id] = per_commune.get(parent_id, 0) + per_village[unit_id]
    communes = UnitVersion.objects.filter(
        valid_on(day), unit_id__in=list(per_commune), unit__level=Level.COMMUNE
    ).order_by("name", "code")
    needle = fold(q.strip()[:100])
    return [
        MarketCommune(version, per_commune[version.unit_id])
        for version in communes
        if not needle or needle in fold(version.name)
    ]


def officer_communes(actor: Actor) -> list[UnitVersion]:
    """The communes whose market page an officer answers for: those they manage today."""
    if not access.is_officer(actor):
        return []
    day = today()
    return [
        version
        for version in UnitVersion.objects.filter(
            valid_on(day), access.scope_filter(actor, day, "unit_id"), unit__level=Level.COMMUNE
        )
        .select_related("unit")
        .order_by("name", "code")[:MAX_VILLAGE_CHOICES]
        if access.may_manage_unit(actor, version.unit, day)
    ]


# How a commune's name begins; inside a sentence the kind is written in lower case ("Chợ số xã
# Thuận Châu"), as Vietnamese writes it.
KIND_WORDS = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def in_sentence(name: str) -> str:
    return name[0].lower() + name[1:] if name.startswith(KIND_WORDS) else name


def market_title(commune: UnitVersion) -> str:
    return _("Digital market of %(commune)s") % {"commune": in_sentence(commune.name)}
