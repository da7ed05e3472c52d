"""The recognition pages: records by period (a unit's members and teams, a team's members, one's
own), the emulation criteria, and commendation proposals (decide, correct with a reason, submit,
download, print the certificates of merit)."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.homes import selectors as homes
from langso.reports import recognition_selectors as selectors
from langso.reports import recognition_services as services
from langso.reports.recognition_forms import (
    CorrectionForm,
    CriteriaForm,
    DecisionForm,
    PeriodForm,
    ProposeForm,
)
from langso.reports.recognition_models import ProposalFormat
from langso.units.selectors import version_on

PER_PAGE = 50


def field_labels() -> dict[str, str]:
    """The texts of the field app's "my month", sent with its code (``field.js``)."""
    return {
        "title": _("My month"),
        "back": _("Back"),
        "loading": _("Loading…"),
        "period": _("from %(start)s to %(end)s"),
        "visits": _("Visits"),
        "households": _("Households visited"),
        "people": _("People met"),
        "hours": _("Hours at the doors"),
        "guided": _("People guided"),
        "noneGuided": _("Nobody was moved to yes on an indicator or a skill in this period."),
        "offline": _("Offline: the record as of %(when)s."),
        "unavailable": _("Your record shows once the phone is online."),
    }


@cache_control(no_cache=True)
def field_module(request: HttpRequest) -> HttpResponse:
    """The field app's "my month" (loaded when first opened), with its texts. Public like the
    field app's other modules: the record itself comes from the API with the member's token."""
    texts = json.dumps(field_labels(), ensure_ascii=False, separators=(",", ":"))
    return render(
        request,
        "reports/recognition/field.js",
        {"texts": texts},
        content_type="text/javascript",
    )


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _records_context(request: HttpRequest, found: selectors.Records) -> dict[str, Any]:
    page = Paginator(found.members, PER_PAGE).get_page(request.GET.get("page"))
    names = selectors.indicator_names(found.guided_codes)
    return {
        "records": found,
        "page": page,
        # Each member with the people they guided, per indicator, in words.
        "rows": [
            (
                m,
                "; ".join(
                    f"{names.get(code, code)}: {n}" for code, n in sorted(m.record.guided.items())
                ),
            )
            for m in page.object_list
        ],
        "teams": found.teams,
        "labels": selectors.short_labels(),
        "period_label": selectors.period_label(found.start, found.end),
        "query": _query(request),
    }


@login_required
@never_cache
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Officers land on their unit's records, a team leader on the team's, a member on their
    own."""
    actor = request.user
    if not access.holds_role(actor):
        raise Http404
    main = homes.main_unit(actor)
    if access.is_officer(actor) and main is not None:
        return redirect("recognition:unit", code=main.code)
    led = access.led_teams(actor)
    if led:
        return redirect("recognition:team", team_id=led[0])
    return redirect("recognition:me")


@login_required
@never_cache
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if not access.holds_role(actor):
        raise Http404
    form = PeriodForm(request.GET or None)
    start, end = form.chosen()
    record = selectors.own_record(actor=actor, start=start, end=end)
    return render(
        request,
        "reports/recognition/me.html",
        {
            "form": form,
            "record": record,
            "lines": selectors.guided_lines(record),
            "period_label": selectors.period_label(start, end),
        },
    )


@login_required
@never_cache
@require_GET
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.user
    form = PeriodForm(request.GET or None)
    start, end = form.chosen()
    found = selectors.unit_records(actor=actor, code=code, start=start, end=end)
    context = _records_context(request, found)
    if found.manages and found.unit is not None:
        criteria = selectors.criteria_of(actor=actor, unit=found.unit.unit, active_only=True)
        context["propose_form"] = ProposeForm(
            initial={
                "period": request.GET.get("period") or "this_month",
                "start": start,
                "end": end,
            },
            criteria=[(c.pk, c.name) for c in criteria],
        )
        context["has_criteria"] = criteria.exists()
        context["proposals"] = selectors.commendations(actor=actor, unit=found.unit.unit)[:20]
    context["form"] = form
    return render(request, "reports/recognition/records.html", context)


@login_required
@never_cache
@require_GET
def team_page(request: HttpRequest, team_id: int) -> HttpResponse:
    actor = request.user
    form = PeriodForm(request.GET or None)
    start, end = form.chosen()
    found = selectors.team_records(actor=actor, team_id=team_id, start=start, end=end)
    context = _records_context(request, found)
    context["form"] = form
    context["proposals"] = [
        c
        for c in selectors.commendations(actor=actor)[:50]
        if c.entries.filter(team_id=team_id).exists()
        or c.entries.filter(person__memberships__team_id=team_id).exists()
    ]
    return render(request, "reports/recognition/records.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def criteria_page(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.user
    version = access.access_unit_by_code(actor, code, today(), manage=True)
    form = CriteriaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_create(
                actor=actor,
                unit_code=version.code,
                name=form.cleaned_data["name"],
                subject=form.cleaned_data["subject"],
                conditions=form.conditions(),
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The criteria are saved."))
            return redirect("recognition:criteria", code=version.code)
    return render(
        request,
        "reports/recognition/criteria.html",
        {
            "unit": version,
            "form": form,
            "criteria": [
                (c, selectors.conditions_text(c.conditions))
                for c in selectors.criteria_of(actor=actor, unit=version.unit)
            ],
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def criteria_edit(request: HttpRequest, criteria_id: int) -> HttpResponse:
    actor = request.user
    found = access.access_criteria(actor, criteria_id)
    initial = CriteriaForm.initial_of(found.name, found.subject, found.conditions)
    form = CriteriaForm(request.POST or None, initial=initial)
    form.fields["subject"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_update(
                actor=actor,
                criteria_id=found.pk,
                name=form.cleaned_data["name"],
                conditions=form.conditions(),
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The criteria are saved."))
            return redirect("recognition:criteria_edit", criteria_id=found.pk)
    return render(
        request,
        "reports/recognition/criteria_edit.html",
        {"criteria": found, "form": form, "unit_code": _unit_code(found.unit_id)},
    )


def _unit_code(unit_id: int) -> str:
    version = version_on(unit_id, today())
    return version.code if version is not None else ""


@login_required
@never_cache
@require_POST
def criteria_deactivate(request: HttpRequest, criteria_id: int) -> HttpResponse:
    found = services.criteria_deactivate(actor=request.user, criteria_id=criteria_id)
    messages.success(request, _("The criteria are no longer in use."))
    return redirect("recognition:criteria", code=_unit_code(found.unit_id))


@login_required
@never_cache
@require_POST
def propose(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.user
    version = access.access_unit_by_code(actor, code, today(), manage=True)
    criteria = selectors.criteria_of(actor=actor, unit=version.unit, active_only=True)
    form = ProposeForm(request.POST, criteria=[(c.pk, c.name) for c in criteria])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("recognition:unit", code=version.code)
    start, end = form.chosen()
    try:
        made = services.commendation_propose(
            actor=actor,
            unit_code=version.code,
            start=start,
            end=end,
            criteria_id=form.cleaned_data["criteria"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("recognition:unit", code=version.code)
    return redirect("recognition:proposal", commendation_id=made.pk)


@login_required
@never_cache
@require_GET
def proposal_page(request: HttpRequest, commendation_id: int) -> HttpResponse:
    view = selectors.proposal(actor=request.user, commendation_id=commendation_id)
    page = Paginator(view.entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/recognition/proposal.html",
        {
            "view": view,
            "c": view.commendation,
            "page": page,
            "period_label": selectors.period_label(
                view.commendation.period_start, view.commendation.period_end
            ),
            "proposed": sum(1 for v in view.entries if v.proposed),
            "approved": sum(1 for v in view.entries if v.entry.decision == "approved"),
            "unit_code": _unit_code(view.commendation.unit_id),
            "query": _query(request),
        },
    )


@login_required
@never_cache
@require_POST
def entry_decide(request: HttpRequest, commendation_id: int, entry_id: int) -> HttpResponse:
    access.access_commendation_entry(request.user, commendation_id, entry_id)
    form = DecisionForm(request.POST)
    try:
        services.entry_decide(
            actor=request.user,
            commendation_id=commendation_id,
            entry_id=entry_id,
            decision=form.data.get("decision", ""),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("recognition:proposal", commendation_id=commendation_id)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def entry_correct(request: HttpRequest, commendation_id: int, entry_id: int) -> HttpResponse:
    actor = request.user
    entry = access.access_commendation_entry(actor, commendation_id, entry_id)
    measures = selectors.proposal_measures(entry.commendation)
    labels = selectors.measure_labels(measures)
    form = CorrectionForm(request.POST or None, measures=[(m, labels[m]) for m in measures])
    if request.method == "POST" and form.is_valid():
        try:
            services.figure_correct(
                actor=actor,
                commendation_id=commendation_id,
                entry_id=entry_id,
                measure=form.cleaned_data["measure"],
                value=float(form.cleaned_data["value"]),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The figure is corrected; the reason is in the annex."))
            return redirect("recognition:proposal", commendation_id=commendation_id)
    view = next(v for v in selectors.entry_views(entry.commendation) if v.entry.pk == entry.pk)
    return render(
        request,
        "reports/recognition/correct.html",
        {"entry": entry, "view": view, "form": form, "c": entry.commendation},
    )


@login_required
@never_cache
@require_POST
def proposal_submit(request: HttpRequest, commendation_id: int) -> HttpResponse:
    try:
        services.commendation_submit(actor=request.user, commendation_id=commendation_id)
    except DomainError as error:
        if error.status == 404:
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The proposal is submitted; its files are kept."))
    return redirect("recognition:proposal", commendation_id=commendation_id)


def _download(request: HttpRequest, commendation_id: int, kind: str) -> HttpResponse:
    commendation, content = services.proposal_file(
        actor=request.user, commendation_id=commendation_id, kind=kind
    )
    types = {
        ProposalFormat.PDF: "application/pdf",
        ProposalFormat.DOCX: (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
    }
    response = HttpResponse(content, content_type=types[ProposalFormat(kind)])
    disposition = "inline" if kind == ProposalFormat.PDF else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="to-trinh-{commendation.pk}.{kind}"'
    return response


@login_required
@never_cache
@require_GET
def proposal_pdf(request: HttpRequest, commendation_id: int) -> HttpResponse:
    return _download(request, commendation_id, ProposalFormat.PDF)


@login_required
@never_cache
@require_GET
def proposal_docx(request: HttpRequest, commendation_id: int) -> HttpResponse:
    return _download(request, commendation_id, ProposalFormat.DOCX)


@login_required
@never_cache
@require_GET
def merit_pdf(request: HttpRequest, commendation_id: int) -> HttpResponse:
    try:
        commendation, content = services.merit_pdf(
            actor=request.user, commendation_id=commendation_id
        )
    except DomainError as error:
        if error.status == 404:
            raise
        messages.error(request, str(error.message))
        return redirect("recognition:proposal", commendation_id=commendation_id)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-khen-{commendation.pk}.pdf"'
    return response
