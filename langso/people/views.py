"""Pages of households and residents: the village list, a resident, and the few writes on them.

Numbers are shown masked. Showing a full one is a POST with a reason, written to the audit log
by the service and shown once on the answer to that POST: it is never put in the session or a
redirect, and no page of personal data may be cached.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from langso import access
from langso.core.dates import format_date, today
from langso.core.errors import CoreError, DomainError, NotFound
from langso.core.phone import display_phone
from langso.core.web import plain_number
from langso.indicators.models import Population
from langso.indicators.selectors import indicator_name
from langso.people import lists, selectors, services
from langso.people.edit_views import resident_extras
from langso.people.forms import (
    ETHNIC_GROUPS,
    ConsentForm,
    HouseholdForm,
    ResidentForm,
    RevealForm,
    add_domain_error,
)
from langso.people.list_export import authority, list_export
from langso.people.list_forms import FILTER_FIELDS, ListFilterForm, read_filter
from langso.people.models import COMMON_PURPOSES, IdConflictResolution, Resident
from langso.units import selectors as units
from langso.units.models import Level, UnitVersion

LIST_KINDS = ("households", "residents")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A printed sheet is carried to the village: more rows than this is no sheet to carry.
PRINT_LIMIT = 2000


def _households_url(code: str, household_id: int | None = None) -> str:
    url = reverse("people:households", args=[code])
    if household_id is None:
        return url
    return f"{url}?{urlencode({'household': household_id})}#add-resident"


def _list_unit(request: HttpRequest, code: str) -> UnitVersion | None:
    """The village or commune whose lists are asked for; None for a unit above a commune,
    whose lists would hold a district's or a province's people (those list their units)."""
    version = units.unit_get(actor=request.user, code=code, on=today())
    return version if version.level >= Level.COMMUNE else None


def _list_context(request: HttpRequest, version: UnitVersion, kind: str) -> dict[str, object]:
    """What the list pages share: the filter form and, when it is valid, one page of rows."""
    actor = request.user
    villages = lists.list_villages(actor=actor, version=version)
    marks = lists.catalog()
    form = ListFilterForm(request.GET, kind=kind, villages=villages, marks=marks)
    context: dict[str, object] = {
        "version": version,
        "is_village": version.level == Level.VILLAGE,
        "path": units.crumbs(actor=actor, unit=version.unit, on=today()),
        "kind": kind,
        "form": form,
        "show_villages": len(villages) > 1,
        # Column headers: the short name communes use, the full name as its explanation.
        "resident_columns": [(lists.short_name(i), indicator_name(i)) for i in marks.residents],
        "household_columns": [(lists.short_name(i), indicator_name(i)) for i in marks.households],
        "query": form.query(),
    }
    if not form.is_valid():
        return context
    filters = form.to_filter()
    found: QuerySet[Any] = (
        lists.households(actor=actor, version=version, filters=filters)
        if kind == "households"
        else lists.residents(actor=actor, version=version, filters=filters)
    )
    listed = lists.page_of(found, request.GET.get("page", ""))
    shown = list(listed.page.object_list)
    if kind == "households":
        rows: object = lists.household_rows(actor=actor, households=shown, marks=marks)
    else:
        rows = lists.resident_rows(actor=actor, residents=shown, marks=marks)
    # The other list keeps the filters that mean the same there.
    other = {"sort": ""}
    if filters.lacks is not None and filters.lacks.population != Population.RESIDENTS:
        other["lacks"] = ""
    context.update(
        filters=filters,
        listed=listed,
        page=listed.page,
        rows=rows,
        other_query=form.query(**other),
    )
    return context


def _village_context(
    request: HttpRequest, version: UnitVersion, **extra: object
) -> dict[str, object]:
    """The household list, and for a village the forms that add to it."""
    context = _list_context(request, version, "households")
    if version.level == Level.VILLAGE:
        actor = request.user
        choices = selectors.household_choices(actor=actor, village=version.unit)
        # The household an "Add a person" link names; anything but a plain number names none.
        wanted = plain_number(request.GET.get("household", ""))
        chosen = choices.filter(pk=wanted).first() if wanted is not None else None
        initial: dict[str, object] = {}
        if chosen is not None:
            initial = {"household": chosen.pk, "is_head": not chosen.head_name}
        context.update(
            has_households=choices.exists(),
            household_form=HouseholdForm(),
            resident_form=ResidentForm(households=choices, initial=initial),
            open_resident_form=chosen is not None,
            ethnic_groups=ETHNIC_GROUPS,
        )
    context.update(extra)
    return context


def _list_page(request: HttpRequest, version: UnitVersion, kind: str) -> HttpResponse:
    if kind == "households":
        context = _village_context(request, version)
    else:
        context = _list_context(request, version, kind)
    context["may_find_duplicates"] = version.level == Level.COMMUNE and access.may_manage_unit(
        request.user, version.unit, today()
    )
    # A filter that cannot be read is a client's mistake: the page says which, with the form.
    status = 200 if "filters" in context else 400
    return render(request, f"people/{kind}.html", context, status=status)


def _units_page(request: HttpRequest, code: str) -> HttpResponse:
    version = units.unit_get(actor=request.user, code=code, on=today())
    return render(
        request,
        "people/units.html",
        {
            "version": version,
            "path": units.crumbs(actor=request.user, unit=version.unit, on=today()),
            "children": selectors.child_units(actor=request.user, version=version),
        },
    )


@login_required
@never_cache
@require_GET
def households_page(request: HttpRequest, code: str) -> HttpResponse:
    """The households of a village or a commune. Above a commune: the units under it."""
    version = _list_unit(request, code)
    if version is None:
        return _units_page(request, code)
    return _list_page(request, version, "households")


@login_required
@never_cache
@require_GET
def residents_page(request: HttpRequest, code: str) -> HttpResponse:
    """The residents of a village or a commune, one row each. Above a commune: its units."""
    version = _list_unit(request, code)
    if version is None:
        return _units_page(request, code)
    return _list_page(request, version, "residents")


def _list_unit_or_refuse(request: HttpRequest, code: str) -> UnitVersion:
    version = _list_unit(request, code)
    if version is None:
        raise DomainError(
            CoreError.INVALID_INPUT,
            _("Lists of people are made for a village or a commune: choose one."),
            field="code",
        )
    return version


def _filters(request: HttpRequest, version: UnitVersion, kind: str) -> lists.ListFilter:
    return read_filter(
        request.GET,
        kind=kind,
        villages=lists.list_villages(actor=request.user, version=version),
        marks=lists.catalog(),
    )


def _xlsx(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    version = _list_unit_or_refuse(request, code)
    filters = _filters(request, version, kind)
    query = {name: request.GET[name] for name in FILTER_FIELDS if request.GET.get(name)}
    content = list_export(
        actor=request.user, version=version, kind=kind, filters=filters, query=query
    )
    response = HttpResponse(content, content_type=XLSX)
    stem = "danh-sach-ho" if kind == "households" else "danh-sach-nhan-khau"
    filename = f"{stem}-{slugify(version.name)}-{today().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@require_GET
def households_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The household list as filtered on the page, as a spreadsheet (audited)."""
    return _xlsx(request, code, "households")


@login_required
@never_cache
@require_GET
def residents_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The resident list as filtered on the page, as a spreadsheet (audited)."""
    return _xlsx(request, code, "residents")


def _print(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    version = _list_unit_or_refuse(request, code)
    filters = _filters(request, version, kind)
    actor = request.user
    marks = lists.catalog()
    if kind == "households":
        found = list(lists.households(actor=actor, version=version, filters=filters)[:PRINT_LIMIT])
        focus = filters.lacks
        if focus is not None and focus.population != Population.RESIDENTS:
            focus = None
        rows: object = [
            (row, row.who_lacks(focus))
            for row in lists.household_rows(actor=actor, households=found, marks=marks)
        ]
        total = lists.households(actor=actor, version=version, filters=filters).count()
    else:
        chosen = list(lists.residents(actor=actor, version=version, filters=filters)[:PRINT_LIMIT])
        rows = lists.resident_rows(actor=actor, residents=chosen, marks=marks)
        total = lists.residents(actor=actor, version=version, filters=filters).count()
    # The columns to tick: the indicator the list is about, or all of them.
    ticks = marks.households if kind == "households" else marks.residents
    if filters.lacks is not None and filters.lacks in ticks:
        ticks = [filters.lacks]
    return render(
        request,
        f"people/{kind}_print.html",
        {
            "version": version,
            "authority": authority(version),
            "kind": kind,
            "filters": filters,
            "described": describe(filters, version, kind),
            "rows": rows,
            "total": total,
            "cut": total > PRINT_LIMIT,
            "limit": PRINT_LIMIT,
            "ticks": ticks,
            "tick_names": [lists.short_name(i) for i in ticks],
            "show_villages": version.level != Level.VILLAGE and filters.village is None,
            "today": today(),
            "query": urlencode(
                {name: request.GET[name] for name in FILTER_FIELDS if request.GET.get(name)}
            ),
        },
    )


@login_required
@never_cache
@require_GET
def households_print(request: HttpRequest, code: str) -> HttpResponse:
    """The household list on A4 paper, with empty columns to fill in at the door."""
    return _print(request, code, "households")


@login_required
@never_cache
@require_GET
def residents_print(request: HttpRequest, code: str) -> HttpResponse:
    """The resident list on A4 paper, with a box to tick per indicator still lacking."""
    return _print(request, code, "residents")


def describe(filters: lists.ListFilter, version: UnitVersion, kind: str) -> list[str]:
    """The filters in words, for the top of a printed sheet."""
    parts = []
    if filters.village is not None:
        chosen = units.version_on(filters.village, today())
        parts.append(_("Village: %(name)s") % {"name": chosen.name if chosen else ""})
    if filters.lacks is not None:
        parts.append(_("Still lacks: %(name)s") % {"name": indicator_name(filters.lacks)})
    if filters.age_band:
        parts.append(_("Age: %(band)s") % {"band": lists.AGE_BAND_LABELS[filters.age_band]})
    if filters.not_visited_since is not None:
        parts.append(
            _("Not visited since %(day)s") % {"day": format_date(filters.not_visited_since)}
        )
    if filters.q:
        parts.append(_("Name contains “%(q)s”") % {"q": filters.q})
    return parts


@login_required
@never_cache
@require_POST
def household_create(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.village_get(actor=request.user, code=code)
    form = HouseholdForm(request.POST)
    if form.is_valid():
        try:
            household = services.household_create(
                actor=request.user,
                village=version.unit,
                number=form.cleaned_data["number"],
                head_name=form.cleaned_data["head_name"],
                is_business=form.cleaned_data["is_business"],
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The household was added. Now add the people in it."))
            return redirect(_households_url(version.code, household.pk))
    context = _village_context(request, version, household_form=form, open_household_form=True)
    return render(request, "people/households.html", context, status=400)


@login_required
@never_cache
@require_POST
def resident_create(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.village_get(actor=request.user, code=code)
    choices = selectors.household_choices(actor=request.user, village=version.unit)
    form = ResidentForm(request.POST, households=choices)
    if form.is_valid():
        household = form.cleaned_data["household"]
        try:
            resident = services.resident_create(
                actor=request.user, household=household, data=form.resident_data()
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("%(name)s was added to the household.") % {"name": resident.full_name}
            )
            return redirect(_households_url(version.code, household.pk))
    context = _village_context(request, version, resident_form=form, open_resident_form=True)
    return render(request, "people/households.html", context, status=400)


@dataclass(frozen=True)
class Revealed:
    label: str
    value: str


def _resident_context(
    request: HttpRequest, resident: Resident, **extra: object
) -> dict[str, object]:
    actor = request.user
    day = today()
    context: dict[str, object] = {
        "resident": resident,
        "village": units.version_on(resident.village, day),
        "path": units.crumbs(actor=request.user, unit=resident.village, on=day),
        "statuses": selectors.resident_statuses(actor=actor, resident=resident),
        "household_statuses": selectors.household_statuses(
            actor=actor, household=resident.household
        ),
        "consents": selectors.consent_history(actor=actor, resident=resident),
        "reveal_form": RevealForm(
            has_id=bool(resident.id_masked), has_phone=bool(resident.phone_masked)
        ),
        "consent_form": ConsentForm(initial={"given": "yes"}),
        "consent_purposes": COMMON_PURPOSES,
        "revealed": None,
        **resident_extras(request, resident),
    }
    context.update(extra)
    return context


@login_required
@never_cache
@require_GET
def resident_page(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = selectors.resident_get(actor=request.user, resident_id=resident_id)
    return render(request, "people/resident.html", _resident_context(request, resident))


@login_required
@never_cache
@require_POST
def resident_reveal(request: HttpRequest, resident_id: int) -> HttpResponse:
    """The full ID or phone number, on this answer only, after the audit entry is written."""
    resident = selectors.resident_get(actor=request.user, resident_id=resident_id)
    form = RevealForm(
        request.POST, has_id=bool(resident.id_masked), has_phone=bool(resident.phone_masked)
    )
    if form.is_valid():
        what = form.cleaned_data["what"]
        try:
            value = services.resident_reveal(
                actor=request.user, resident=resident, what=what, reason=form.cleaned_data["reason"]
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            revealed = Revealed(
                label=_("ID number") if what == "id" else _("Phone number"),
                value=display_phone(value) if what == "phone" and value else value,
            )
            context = _resident_context(request, resident, revealed=revealed)
            return render(request, "people/resident.html", context)
    context = _resident_context(request, resident, reveal_form=form)
    return render(request, "people/resident.html", context, status=400)


@login_required
@never_cache
@require_POST
def consent_record(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = selectors.resident_get(actor=request.user, resident_id=resident_id)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(
                actor=request.user,
                resident=resident,
                given=form.cleaned_data["given"],
                purpose=form.cleaned_data["purpose"],
                on=form.cleaned_data["recorded_on"],
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("people:resident", resident_id=resident.pk)
    context = _resident_context(request, resident, consent_form=form)
    return render(request, "people/resident.html", context, status=400)


@login_required
@never_cache
def id_conflicts_page(request: HttpRequest) -> HttpResponse:
    """ID numbers given for one resident while another, out of the giver's sight, holds them:
    for the officers who see both."""
    access.access_id_conflict_desk(request.user)
    return render(
        request,
        "people/id_conflicts.html",
        {
            "rows": selectors.id_conflicts(actor=request.user),
            "choices": IdConflictResolution.choices,
        },
    )


@login_required
@require_POST
def id_conflict_resolve(request: HttpRequest, conflict_id: int) -> HttpResponse:
    conflict = access.access_id_conflict(request.user, conflict_id)
    services.id_conflict_resolve(
        actor=request.user, conflict=conflict, resolution=request.POST.get("decision", "")
    )
    messages.success(request, _("Decided. The ID number now belongs to one resident."))
    return redirect("people:id_conflicts")
