from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from langso.core.bounds import Day
from langso.core.dates import BEGINNING, FOREVER, today
from langso.units import selectors, services
from langso.units.models import Kind, UnitVersion
from langso.units.schemas import EventOut, HistoryOut, UnitDetailOut, UnitOut, VersionOut, VillageIn

router = Router(tags=["units"])


class OnQuery(Schema):
    on: Day | None = None


class SearchQuery(OnQuery):
    q: str
    limit: int = Field(20, ge=1, le=100)


def _parent_codes(versions: list[UnitVersion], on: date) -> dict[int, str]:
    parent_ids = {v.parent_id for v in versions if v.parent_id}
    return {
        v.unit_id: v.code
        for v in UnitVersion.objects.filter(
            unit_id__in=parent_ids, valid_from__lte=on, valid_until__gt=on
        )
    }


def _many(versions: list[UnitVersion], on: date) -> list[UnitOut]:
    parents = _parent_codes(versions, on)
    return [UnitOut.of(v, parents.get(v.parent_id or 0)) for v in versions]


@router.get("/search", response=list[UnitOut], summary="Find units by name or code")
def search(request: HttpRequest, query: Query[SearchQuery]) -> list[UnitOut]:
    """Case and diacritics do not matter: "thuan chau" finds "Thuận Châu"."""
    day = query.on or today()
    found = selectors.search(actor=request.user, query=query.q, on=day, limit=query.limit)
    return _many(found, day)


@router.get("/{code}", response=UnitDetailOut, summary="A unit as of a date")
def unit_detail(request: HttpRequest, code: str, query: Query[OnQuery]) -> UnitDetailOut:
    day = query.on or today()
    version = selectors.unit_get(actor=request.user, code=code, on=day)
    path = selectors.breadcrumbs(version.unit, day)
    kids = selectors.children(actor=request.user, unit=version.unit, on=day)
    base = UnitOut.of(version, path[-1].code if path else None)
    return UnitDetailOut(
        **base.model_dump(), on=day, path=_many(path, day), children=_many(kids, day)
    )


@router.get("/{code}/history", response=HistoryOut, summary="Every version and event of a unit")
def unit_history(request: HttpRequest, code: str, query: Query[OnQuery]) -> HistoryOut:
    version = selectors.unit_get(actor=request.user, code=code, on=query.on or today())
    versions = selectors.history(version.unit)
    return HistoryOut(
        versions=[
            VersionOut(
                code=v.code,
                name=v.name,
                kind=v.kind,
                parent=selectors.parent_code(v),
                valid_from=None if v.valid_from == BEGINNING else v.valid_from,
                valid_until=None if v.valid_until == FOREVER else v.valid_until,
                opened_by=v.opened_by.key if v.opened_by else None,
                closed_by=v.closed_by.key if v.closed_by else None,
            )
            for v in versions
        ],
        events=[
            EventOut(
                key=e.key,
                kind=e.kind,
                effective=e.effective,
                legal_basis=e.legal_basis,
                note=e.note,
            )
            for e in selectors.events_of(version.unit)
        ],
    )


@router.post(
    "/{code}/villages", response={201: UnitOut}, summary="Create a village under a commune"
)
def village_create(request: HttpRequest, code: str, payload: VillageIn) -> Status[UnitOut]:
    day = payload.valid_from or today()
    commune = selectors.unit_get(actor=request.user, code=code, on=day)
    unit = services.unit_create(
        actor=request.user,
        name=payload.name,
        kind=Kind.VILLAGE,
        parent=commune.unit,
        valid_from=day,
    )
    return Status(201, UnitOut.of(selectors.version_of(unit, day), commune.code))
