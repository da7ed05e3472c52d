from django.http import HttpRequest
from ninja import Query, Router

from langso.indicators import selectors
from langso.indicators.schemas import AsOfQuery, IndicatorFigureOut

router = Router(tags=["indicators"])


@router.get(
    "/units/{code}/indicators",
    response=list[IndicatorFigureOut],
    summary="Digital-readiness indicators of a unit",
)
def unit_indicators(
    request: HttpRequest, code: str, query: Query[AsOfQuery]
) -> list[IndicatorFigureOut]:
    """Every indicator of the unit as of ``on`` (default today): how many of its population
    reached it (numerator), the population (denominator), the percent with one decimal (null
    when the population is empty) and the target in percent (null when there is none). Names
    follow the request's language; figures of a village count under the units it belonged to
    on the day asked."""
    _version, figures = selectors.figures(actor=request.user, code=code, on=query.on)
    return [
        IndicatorFigureOut(
            indicator=figure.indicator,
            name=figure.name,
            numerator=figure.numerator,
            denominator=figure.denominator,
            percent=figure.percent,
            target=figure.target,
        )
        for figure in figures
    ]
