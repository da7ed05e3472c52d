"""Pages that correct households and residents, record life events, merge, and list duplicates.

Thin: every write goes through ``edit_services``, every read through ``selectors``, and every
decision of who may do what through ``access``. A member of the village's team sees the pages
of its people but corrects nothing here (they propose corrections from the field app); the
village's team leader and the officers above it correct.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.web import plain_number
from langso.people import edit_services, merge_services, selectors
from langso.people.edit_services import birth_text
from langso.people.errors import PeopleError
from langso.people.forms import (
    DepartForm,
    HouseholdEditForm,
    MergeForm,
    MoveForm,
    ReinstateForm,
    ResidentEditForm,
    add_domain_error,
)
from langso.people.models import Departure, Household, Resident
from langso.units import selectors as units
from langso.units.models import Unit

# How a history line names the field it changed.
FIELD_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "birth": gettext_lazy("Born"),
    "sex": gettext_lazy("Sex"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "relationship": gettext_lazy("Relationship to the head"),
    "id_number": gettext_lazy("ID number"),
    "phone": gettext_lazy("Phone"),
    "village": gettext_lazy("Village"),
    "household": gettext_lazy("Household"),
    "number": gettext_lazy("Household number"),
    "address": gettext_lazy("Address"),
    "head_name": gettext_lazy("Head of household"),
    "merged": gettext_lazy("Merged with another record"),
    "business": gettext_lazy("Business registered"),
}

# A death or a withdrawal recorded in error can be undone; a merge cannot (from here).
REINSTATABLE = (Departure.DIED, Departure.WITHDRAWN)


def resident_extras(request: HttpRequest, resident: Resident) -> dict[str, object]:
    """What the resident page adds about corrections: the history, the life events, and
    whether the viewer may correct."""
    actor = request.user
    may_edit = access.may_edit_village(actor, resident.village_id)
    return {
        "history": selectors.resident_history(actor=actor, resident=resident),
        "life_events": selectors.life_events(actor=actor, resident=resident),
        "may_edit": may_edit,
        "may_reinstate": may_edit and resident.departed in REINSTATABLE,
        "reinstate_form": ReinstateForm(),
        "field_labels": FIELD_LABELS,
    }


# Households ----------------------------------------------------------------------------------


def _household_context(
    request: HttpRequest, household: Household, **extra: object
) -> dict[str, object]:
    actor = request.user
    day = today()
    may_edit = household.merged_into_id is None and access.may_edit_village(
        actor, household.village_id
    )
    present, former = selectors.household_members(actor=actor, household=household)
    context: dict[str, object] = {
        "household": household,
        "village": units.version_on(household.village, day),
        "path": units.crumbs(actor=actor, unit=household.village, on=day),
        "residents": present,
        "former": former,
        "history": selectors.household_history(actor=actor, household=household),
        "field_labels": FIELD_LABELS,
        "may_edit": may_edit,
        "merged_into": (
            Household.all_objects.filter(pk=household.merged_into_id).first()
            if household.merged_into_id
            else None
        ),
    }
    if may_edit:
        context["edit_form"] = HouseholdEditForm(
            villages=selectors.editable_villages(actor=actor, village=household.village),
            initial={
                "number": household.number,
                "address": household.address,
                "village": household.village_id,
            },
        )
        others = selectors.merge_candidates(actor=actor, household=household)
        context["merge_form"] = MergeForm(others=others) if others else None
    context.update(extra)
    return context


@login_required
@never_cache
@require_GET
def household_page(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, household_id=household_id)
    return render(request, "people/household.html", _household_context(request, household))


@login_required
@never_cache
@require_POST
def household_edit(request: HttpRequest, household_id: int) -> HttpResponse:
    household = access.access_household_edit(request.user, household_id)
    villages = selectors.editable_villages(actor=request.user, village=household.village)
    form = HouseholdEditForm(request.POST, villages=villages)
    if form.is_valid():
        try:
            edit_services.household_edit(
                actor=request.user,
                household=household,
                number=form.cleaned_data["number"],
                address=form.cleaned_data["address"],
                village=Unit.objects.get(pk=form.cleaned_data["village"]),
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The household was corrected."))
            return redirect("corrections:household", household_id=household.pk)
    context = _household_context(request, household, edit_form=form, open_edit=True)
    return render(request, "people/household.html", context, status=400)


@login_required
@never_cache
@require_POST
def household_merge(request: HttpRequest, household_id: int) -> HttpResponse:
    household = access.access_household_edit(request.user, household_id)
    others = selectors.merge_candidates(actor=request.user, household=household)
    form = MergeForm(request.POST, others=others)
    if form.is_valid():
        other = access.access_household_edit(request.user, form.cleaned_data["other"])
        try:
            merge = merge_services.household_merge(
                actor=request.user, first=household, second=other
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The two households are one now; the older record is kept."),
            )
            return redirect("corrections:household", household_id=merge.kept_household_id)
    context = _household_context(request, household, merge_form=form, open_merge=True)
    return render(request, "people/household.html", context, status=400)


# Residents -----------------------------------------------------------------------------------


def _edit_initial(resident: Resident) -> dict[str, Any]:
    return {
        "full_name": resident.full_name,
        "birth": birth_text(resident.birth_date, resident.birth_year),
        "sex": resident.sex,
        "ethnicity": resident.ethnicity,
        "relationship": resident.relationship,
    }


def _resident_edit_context(
    request: HttpRequest, resident: Resident, **extra: object
) -> dict[str, object]:
    actor = request.user
    day = today()
    context: dict[str, object] = {
        "resident": resident,
        "path": units.crumbs(actor=actor, unit=resident.village, on=day),
        "village": units.version_on(resident.village, day),
        "form": ResidentEditForm(
            initial=_edit_initial(resident), current_relationship=resident.relationship
        ),
        "move_form": MoveForm(
            households=selectors.move_targets(actor=actor, resident=resident),
            initial={"happened_on": day},
        ),
        "depart_form": DepartForm(initial={"happened_on": day}),
    }
    context.update(extra)
    return context


def _editable_resident(request: HttpRequest, resident_id: int) -> Resident:
    resident = access.access_resident_edit(request.user, resident_id)
    if resident.departed:
        # Someone no longer on the register is read on their page, not corrected.
        raise NotFound(PeopleError.RESIDENT_NOT_FOUND, _("There is no such resident."))
    return resident


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def resident_edit(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = _editable_resident(request, resident_id)
    if request.method == "GET":
        return render(
            request, "people/resident_edit.html", _resident_edit_context(request, resident)
        )
    form = ResidentEditForm(request.POST, current_relationship=resident.relationship)
    if form.is_valid():
        try:
            edit_services.resident_edit(
                actor=request.user,
                resident=resident,
                data=form.resident_data(),
                clear_id=form.cleaned_data["clear_id"],
                clear_phone=form.cleaned_data["clear_phone"],
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The corrections were saved."))
            return redirect("people:resident", resident_id=resident.pk)
    context = _resident_edit_context(request, resident, form=form)
    return render(request, "people/resident_edit.html", context, status=400)


@login_required
@never_cache
@require_POST
def resident_move(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = _editable_resident(request, resident_id)
    form = MoveForm(
        request.POST, households=selectors.move_targets(actor=request.user, resident=resident)
    )
    if form.is_valid():
        try:
            target = access.access_household_edit(request.user, form.cleaned_data["household"])
            edit_services.resident_relocate(
                actor=request.user,
                resident=resident,
                household=target,
                on=form.cleaned_data["happened_on"],
                note=form.cleaned_data["note"],
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The move of %(name)s was recorded.") % {"name": resident.full_name},
            )
            return redirect("people:resident", resident_id=resident.pk)
    context = _resident_edit_context(request, resident, move_form=form, open_move=True)
    return render(request, "people/resident_edit.html", context, status=400)


@login_required
@never_cache
@require_POST
def resident_depart(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = _editable_resident(request, resident_id)
    form = DepartForm(request.POST)
    if form.is_valid():
        try:
            edit_services.resident_depart(
                actor=request.user,
                resident=resident,
                kind=form.cleaned_data["kind"],
                on=form.cleaned_data["happened_on"],
                note=form.cleaned_data["note"],
            )
        except NotFound:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Recorded. %(name)s is no longer counted in the figures.")
                % {"name": resident.full_name},
            )
            return redirect("people:resident", resident_id=resident.pk)
    context = _resident_edit_context(request, resident, depart_form=form, open_depart=True)
    return render(request, "people/resident_edit.html", context, status=400)


@login_required
@never_cache
@require_POST
def resident_reinstate(request: HttpRequest, resident_id: int) -> HttpResponse:
    """Undo a death or withdrawal recorded in error, from the departed resident's page."""
    resident = access.access_resident_edit(request.user, resident_id)
    form = ReinstateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the record was wrong: it is kept with the event."))
        return redirect("people:resident", resident_id=resident.pk)
    try:
        edit_services.resident_reinstate(
            actor=request.user, resident=resident, reason=form.cleaned_data["reason"]
        )
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(name)s is back on the register and counted in the figures again.")
            % {"name": resident.full_name},
        )
    return redirect("people:resident", resident_id=resident.pk)


# Duplicates and merges of residents -----------------------------------------------------------


@login_required
@never_cache
@require_GET
def duplicates_page(request: HttpRequest, code: str) -> HttpResponse:
    version = access.access_duplicates_desk(request.user, code)
    found = selectors.duplicates(actor=request.user, commune=version)
    return render(
        request,
        "people/duplicates.html",
        {
            "version": version,
            "path": units.crumbs(actor=request.user, unit=version.unit, on=today()),
            "found": found,
        },
    )


@login_required
@never_cache
@require_POST
def resident_merge(request: HttpRequest, code: str) -> HttpResponse:
    """Merge two residents listed as likely the same on a commune's duplicates page."""
    version = access.access_duplicates_desk(request.user, code)
    ids = [plain_number(request.POST.get(name, "")) for name in ("first", "second")]
    if ids[0] is None or ids[1] is None:
        raise NotFound(PeopleError.RESIDENT_NOT_FOUND, _("There is no such resident."))
    first = access.access_resident_edit(request.user, ids[0])
    second = access.access_resident_edit(request.user, ids[1])
    try:
        merge = merge_services.resident_merge(actor=request.user, first=first, second=second)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("corrections:duplicates", code=version.code)
    kept = first if first.pk == merge.kept_resident_id else second
    messages.success(
        request,
        _("Merged: %(name)s is one record now, the older one.") % {"name": kept.full_name},
    )
    return redirect("people:resident", resident_id=kept.pk)
