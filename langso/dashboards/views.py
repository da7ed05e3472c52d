"""A unit's dashboard: its indicators against their targets, its children ranked, the trend."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from langso import access
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.core.web import day_param
from langso.dashboards import report, selectors
from langso.dashboards.selectors import AGE_BAND_LABELS, ResidentFilter
from langso.indicators import selectors as indicators
from langso.people.models import Sex
from langso.units import selectors as units
from langso.units.models import Level

# The parameters that say what a dashboard shows; links between dashboards carry them along.
KEPT = ("on", "indicator", "ethnicity", "sex", "age")


def _chosen_filter(request: HttpRequest) -> ResidentFilter:
    return selectors.resident_filter(
        ethnicity=request.GET.get("ethnicity", ""),
        sex=request.GET.get("sex", ""),
        age_band=request.GET.get("age", ""),
    )


def _query(request: HttpRequest, **changes: str) -> str:
    """The page's own parameters with ``changes`` (an empty value drops one), URL-encoded."""
    kept = QueryDict(mutable=True)
    for name in KEPT:
        value = changes.get(name, request.GET.get(name, "")).strip()
        if value:
            kept[name] = value
    return kept.urlencode()


def _chart_data(
    points: list[selectors.TrendPoint], name: str, target: float | None
) -> dict[str, object]:
    """What trend.js draws: the percent month by month, with the counts for its tooltips."""
    return {
        "language": get_language() or "vi",
        "name": name,
        "labels": [point.month.strftime("%m/%Y") for point in points],
        "percent": [point.figure.percent for point in points],
        "numerator": [point.figure.numerator for point in points],
        "denominator": [point.figure.denominator for point in points],
        "target": target,
        "target_label": _("Target"),
        "percent_label": _("Percent"),
    }


@login_required
def unit_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    day = day_param(request)
    chosen = _chosen_filter(request)
    try:
        version, lines = selectors.lines(actor=request.user, code=code, on=day, chosen=chosen)
    except NotFound:
        # A unit that had ended by that day has no figures, but its page says what became of
        # it; out of scope this raises the same 404.
        access.access_ended_unit(request.user, code, day)
        return redirect(f"{reverse('teams:unit', args=[code])}?on={day.isoformat()}")
    indicator = selectors.indicator_choice(request.GET.get("indicator", ""))
    ranks = selectors.ranking(
        actor=request.user, version=version, on=day, indicator=indicator, chosen=chosen
    )
    points = selectors.trend(version=version, indicator=indicator)
    named = indicators.figure_of(indicator, 0, 0)
    return render(
        request,
        "dashboards/unit.html",
        {
            "version": version,
            "on": day,
            "is_today": day == today(),
            "path": units.crumbs(actor=request.user, unit=version.unit, on=day),
            "is_village": version.unit.level == Level.VILLAGE,
            # Figures count the residents of listed villages only: say how much is listed.
            "lists": units.village_lists(version.unit, day)
            if version.unit.level < Level.COMMUNE
            else None,
            "rows": [(line, _query(request, indicator=line.indicator)) for line in lines],
            "indicator": indicator,
            "indicator_name": named.name,
            # Units with nobody counted yet would fill a province's ranking with empty bars.
            "ranks": [rank for rank in ranks if rank.figure and rank.figure.denominator],
            "unranked": [rank for rank in ranks if not (rank.figure and rank.figure.denominator)],
            "points": points,
            "chart": _chart_data(points, named.name, named.target),
            "chosen": chosen,
            "ethnicities": selectors.ethnicities(actor=request.user, version=version),
            "sexes": Sex.choices,
            "age_bands": list(AGE_BAND_LABELS.items()),
            "query": _query(request),
            "query_without_filters": _query(request, ethnicity="", sex="", age=""),
        },
    )


@login_required
def dashboard_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    day = day_param(request)
    version, figures = indicators.figures(actor=request.user, code=code, on=day)
    children = indicators.figures_by_child(actor=request.user, version=version, on=day)
    path = units.breadcrumbs(version.unit, day)
    content = report.workbook(
        version=version,
        authority=path[-1].name if path else version.name,
        on=day,
        figures=figures,
        children=children,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"chi-so-chuyen-doi-so-{slugify(version.name)}-{day.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
