from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.web import day_param
from langso.units import selectors, services
from langso.units.forms import VillageForm
from langso.units.models import Kind


@login_required
def search(request: HttpRequest) -> HttpResponse:
    day = day_param(request)
    query = request.GET.get("q", "")
    results = selectors.search(actor=request.user, query=query, on=day) if query.strip() else []
    template = (
        "units/_search_results.html" if request.headers.get("HX-Request") else "units/search.html"
    )
    return render(request, template, {"results": results, "q": query, "on": day})


@login_required
def history(request: HttpRequest, code: str) -> HttpResponse:
    day = day_param(request)
    try:
        version = selectors.unit_get(actor=request.user, code=code, on=day)
    except NotFound:
        # The history of a unit that has ended is still its history.
        version = access.access_ended_unit(request.user, code, day)
    predecessors, successors = selectors.lineage(version.unit)
    return render(
        request,
        "units/history.html",
        {
            "version": version,
            "versions": selectors.history(version.unit),
            "events": selectors.events_of(version.unit),
            "predecessors": predecessors,
            "successors": successors,
            "on": day,
            "ended": version.valid_until <= day,
        },
    )


@login_required
@require_POST
def village_create(request: HttpRequest, code: str) -> HttpResponse:
    form = VillageForm(request.POST)
    commune = selectors.unit_get(actor=request.user, code=code, on=today())
    if form.is_valid():
        day = form.cleaned_data["valid_from"] or today()
        try:
            services.unit_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                kind=Kind.VILLAGE,
                parent=commune.unit,
                valid_from=day,
            )
        except NotFound:
            raise
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return redirect(reverse("teams:unit", args=[code]))
    return render(
        request,
        "units/village_form.html",
        {"form": form, "version": commune},
        status=400,
    )
