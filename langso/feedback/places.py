"""Where a report belongs: the commune (and village) a place names on the day it was made.

Units have no boundaries in Làng Số, so a point cannot choose a commune: the web form asks for
the commune or village, and an Open311 request without one waits in its province's routing
queue.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.text import fold
from langso.feedback.errors import FeedbackError
from langso.feedback.models import Channel
from langso.units import selectors as units
from langso.units.models import Level, Unit, UnitVersion

if TYPE_CHECKING:
    from langso.feedback.services import ReportInput


@dataclass(frozen=True)
class Place:
    province: Unit
    province_code: str
    commune: Unit | None
    village: Unit | None
    label: str
    code: str
    agency: str


def _province_of(unit: Unit, day: date) -> UnitVersion | None:
    for version in units.breadcrumbs(unit, day):
        if version.level == Level.PROVINCE:
            return version
    return None


def jurisdictions(day: date | None = None) -> list[UnitVersion]:
    """The provinces (Open311 jurisdictions) as of ``day``."""
    on = day or today()
    return list(
        units.visible_versions(SYSTEM, on).filter(unit__level=Level.PROVINCE).order_by("code")
    )


def unknown_place(field: str = "place") -> DomainError:
    return DomainError(
        FeedbackError.PLACE_UNKNOWN,
        _("Choose the commune or village where the problem is."),
        field=field,
    )


def place_of_code(code: str, day: date, *, field: str = "place") -> Place:
    """The commune (and village) a unit code names on ``day``: a village's commune is its parent
    on that day, so a report made before a merger goes to the commune of that time."""
    try:
        version = units.unit_get(actor=SYSTEM, code=code, on=day)
    except NotFound as exc:
        raise unknown_place(field) from exc
    if version.level == Level.VILLAGE:
        if version.parent is None:
            raise unknown_place(field)
        commune_version = units.version_on(version.parent, day)
        if commune_version is None:
            raise unknown_place(field)
        village: Unit | None = version.unit
        commune = version.parent
        names = [version.name, commune_version.name]
        agency = commune_version.name
    elif version.level == Level.COMMUNE:
        village, commune, names, agency = None, version.unit, [version.name], version.name
    else:
        raise unknown_place(field)
    province = _province_of(commune, day)
    if province is None:
        raise unknown_place(field)
    return Place(
        province=province.unit,
        province_code=province.code,
        commune=commune,
        village=village,
        label=", ".join([*names, province.name]),
        code=version.code,
        agency=agency,
    )


def _place_of_address(address: str, province: UnitVersion, day: date) -> Place | None:
    """A commune or village named in an address written most specific first ("Bản Hua Nà, Xã
    Thuận Châu, Sơn La"), when the name leaves no doubt; None otherwise."""
    parts = [fold(part) for part in address.split(",") if fold(part)]
    found: dict[int, list[UnitVersion]] = {Level.COMMUNE: [], Level.VILLAGE: []}
    for part in parts[:6]:
        for version in units.search(actor=SYSTEM, query=part, on=day, limit=50):
            bare = version.name_folded.split(" ", 1)[-1]
            if version.level in found and part in (version.name_folded, bare):
                found[version.level].append(version)
    inside = [
        v
        for level in found
        for v in found[level]
        if (p := _province_of(v.unit, day)) is not None and p.unit_id == province.unit_id
    ]
    communes = {v.unit_id: v for v in inside if v.level == Level.COMMUNE}
    villages = {v.unit_id: v for v in inside if v.level == Level.VILLAGE}
    if communes:
        villages = {k: v for k, v in villages.items() if v.parent_id in communes}
    if len(villages) == 1:
        return place_of_code(next(iter(villages.values())).code, day)
    if len(communes) == 1:
        return place_of_code(next(iter(communes.values())).code, day)
    return None


def _province_for(jurisdiction: str, day: date) -> UnitVersion:
    provinces = jurisdictions(day)
    if jurisdiction:
        for version in provinces:
            if version.code == jurisdiction:
                return version
        raise NotFound(
            FeedbackError.JURISDICTION_UNKNOWN,
            _("jurisdiction_id %(code)s is not a province we serve.") % {"code": jurisdiction},
            field="jurisdiction_id",
        )
    if len(provinces) == 1:
        return provinces[0]
    raise DomainError(
        FeedbackError.JURISDICTION_REQUIRED,
        _("jurisdiction_id (the province code) is required: this server serves several."),
        field="jurisdiction_id",
    )


def resolve(data: "ReportInput", day: date, channel: Channel) -> Place:
    if data.place.strip():
        place = place_of_code(
            data.place.strip(), day, field="address_id" if channel == Channel.OPEN311 else "place"
        )
        if data.jurisdiction and data.jurisdiction != place.province_code:
            raise unknown_place("address_id")
        return place
    if channel != Channel.OPEN311:
        raise DomainError(
            FeedbackError.PLACE_REQUIRED,
            _("Choose the commune or village where the problem is."),
            field="place",
        )
    province = _province_for(data.jurisdiction, day)
    if data.address_string.strip():
        found = _place_of_address(data.address_string, province, day)
        if found is not None:
            return found
    # No commune can be told from a point (units have no boundaries) or from an address that
    # names none: the report waits in the province's routing queue.
    return Place(
        province=province.unit,
        province_code=province.code,
        commune=None,
        village=None,
        label=province.name,
        code=province.code,
        agency=province.name,
    )
