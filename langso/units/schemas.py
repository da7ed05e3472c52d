from datetime import date

from ninja import Schema

from langso.core.dates import BEGINNING, FOREVER
from langso.units.models import UnitVersion


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: int
    parent: str | None
    valid_from: date | None
    valid_until: date | None

    @classmethod
    def of(cls, version: UnitVersion, parent_code: str | None = None) -> "UnitOut":
        return cls(
            code=version.code,
            name=version.name,
            kind=version.kind,
            level=version.level,
            parent=parent_code,
            valid_from=None if version.valid_from == BEGINNING else version.valid_from,
            valid_until=None if version.valid_until == FOREVER else version.valid_until,
        )


class UnitDetailOut(UnitOut):
    on: date
    path: list[UnitOut]
    children: list[UnitOut]


class VersionOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    valid_from: date | None
    valid_until: date | None
    opened_by: str | None
    closed_by: str | None


class EventOut(Schema):
    key: str
    kind: str
    effective: date
    legal_basis: str
    note: str


class HistoryOut(Schema):
    versions: list[VersionOut]
    events: list[EventOut]


class VillageIn(Schema):
    name: str
    valid_from: date | None = None
