"""Pages of households and residents: the village list, a resident, and the few writes on them.

Numbers are shown masked. Showing a full one is a POST with a reason, written to the audit log
by the service and shown once on the answer to that POST: it is never put in the session or a
redirect, and no page of personal data may be cached.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.phone import display_phone
from langso.core.web import plain_number
from langso.people import selectors, services
from langso.people.edit_views import resident_extras
from langso.people.forms import (
    ETHNIC_GROUPS,
    ConsentForm,
    HouseholdForm,
    ResidentForm,
    RevealForm,
    add_domain_error,
)
from langso.people.models import IdConflictResolution, Resident
from langso.units import selectors as units
from langso.units.models import Level, UnitVersion

HOUSEHOLDS_PER_PAGE = 50


def _households_url(code: str, household_id: int | None = None) -> str:
    url = reverse("people:households", args=[code])
    if household_id is None:
        return url
    return f"{url}?{urlencode({'household': household_id})}#add-resident"


def _village_context(
    request: HttpRequest, version: UnitVersion, **extra: object
) -> dict[str, object]:
    actor = request.user
    q = request.GET.get("q", "").strip()[:100]
    found = selectors.households(actor=actor, village=version.unit, q=q)
    page = Paginator(found, HOUSEHOLDS_PER_PAGE).get_page(request.GET.get("page"))
    legend = selectors.legend()
    choices = selectors.household_choices(actor=actor, village=version.unit)
    # The household an "Add a person" link names; anything but a plain number names none.
    wanted = plain_number(request.GET.get("household", ""))
    chosen = choices.filter(pk=wanted).first() if wanted is not None else None
    initial: dict[str, object] = {}
    if chosen is not None:
        initial = {"household": chosen.pk, "is_head": not chosen.head_name}
    context: dict[str, object] = {
        "version": version,
        "path": units.crumbs(actor=request.user, unit=version.unit, on=today()),
        "q": q,
        "page": page,
        "rows": selectors.household_rows(
            actor=actor, households=list(page.object_list), legend=legend
        ),
        "resident_legend": legend.resident_names,
        "household_legend": legend.household_names,
        "has_households": choices.exists(),
        "household_form": HouseholdForm(),
        "resident_form": ResidentForm(households=choices, initial=initial),
        "open_resident_form": chosen is not None,
        "ethnic_groups": ETHNIC_GROUPS,
    }
    context.update(extra)
    return context


@login_required
@never_cache
@require_GET
def households_page(request: HttpRequest, code: str) -> HttpResponse:
    """A village: its households and residents. Above a village: the units under it."""
    version = units.unit_get(actor=request.user, code=code, on=today())
    if version.level != Level.VILLAGE:
        return render(
            request,
            "people/units.html",
            {
                "version": version,
                "path": units.crumbs(actor=request.user, unit=version.unit, on=today()),
                "children": selectors.child_units(actor=request.user, version=version),
                "may_find_duplicates": version.level == Level.COMMUNE
                and access.may_manage_unit(request.user, version.unit, today()),
            },
        )
    return render(request, "people/households.html", _village_context(request, version))


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
