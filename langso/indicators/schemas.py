from ninja import Schema

from langso.core.bounds import Day


class AsOfQuery(Schema):
    on: Day | None = None


class IndicatorFigureOut(Schema):
    indicator: str
    name: str
    numerator: int
    denominator: int
    percent: float | None
    target: float | None
