"""Corrections sent from the field app: the officers' page that accepts or refuses them."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from langso import access
from langso.core.errors import DomainError
from langso.visits import selectors, services
from langso.visits.errors import CorrectionError

PER_PAGE = 50


@login_required
def corrections_page(request: HttpRequest) -> HttpResponse:
    """Names and years of birth that members found wrong at the door, waiting for an officer."""
    access.access_correction_desk(request.user)
    page = Paginator(selectors.corrections_waiting(actor=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "visits/corrections.html", {"page": page})


@login_required
@require_POST
def correction_decide(request: HttpRequest, correction_id: uuid.UUID) -> HttpResponse:
    correction = access.access_correction(request.user, correction_id)
    decision = request.POST.get("decision", "")
    if decision not in ("accept", "refuse"):
        raise DomainError(
            CorrectionError.DECISION_INVALID,
            _("Choose to accept or to refuse the correction."),
            field="decision",
        )
    services.correction_decide(
        actor=request.user, correction=correction, accept=decision == "accept"
    )
    if decision == "accept":
        messages.success(request, _("Accepted. The resident's record is corrected."))
    else:
        messages.success(request, _("Refused. The resident's record stays as it was."))
    return redirect("visits:corrections")
