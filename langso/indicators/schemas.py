from datetime import date

from ninja import Schema


class AsOfQuery(Schema):
    on: date | None = None


class IndicatorFigureOut(Schema):
    indicator: str
    name: str
    numerator: int
    denominator: int
    percent: float | None
    target: float | None
