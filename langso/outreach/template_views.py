"""A commune's message templates: the list, a new one, changing one, deleting one. Officers
write them; the composer inserts one with its variables still in place."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.outreach import selectors, services
from langso.outreach.errors import OutreachError
from langso.outreach.forms import TemplateForm, add_domain_error
from langso.outreach.models import Template
from langso.units import selectors as units
from langso.units.models import Level


def template_units(actor: Any) -> list[tuple[str, str]]:
    """The communes (and provinces) whose templates the officer keeps."""
    day = today()
    return [
        (version.code, version.name)
        for version in units.visible_versions(actor, day)
        .filter(unit__level__in=[Level.PROVINCE, Level.COMMUNE])
        .select_related("unit")
        .order_by("unit__level", "code")
        if access.may_manage_unit(actor, version.unit, day)
    ]


def _template(actor: Any, template_id: int) -> Template:
    found = selectors.templates(actor=actor).filter(pk=template_id).first()
    if found is None:
        raise NotFound(OutreachError.TEMPLATE_NOT_FOUND, _("No such template."))
    return found


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    access.access_outreach_desk(request.user)
    found = list(selectors.templates(actor=request.user).select_related("unit"))
    names = {
        version.unit_id: version.name
        for version in units.visible_versions(request.user, today()).filter(
            unit_id__in={template.unit_id for template in found}
        )
    }
    return render(
        request,
        "outreach/templates.html",
        {"rows": [(template, names.get(template.unit_id, "")) for template in found]},
    )


def _edit(request: HttpRequest, template: Template | None) -> HttpResponse:
    actor = request.user
    choices = template_units(actor)
    status = 200
    if request.method == "POST":
        form = TemplateForm(request.POST, units=choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.template_save(
                    actor=actor,
                    unit_code=data["unit"],
                    name=data["name"],
                    title=data["title"],
                    text=data["text"],
                    template=template,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The template is saved."))
                return redirect("outreach:templates")
        status = 400
    elif template is not None:
        version = units.version_on(template.unit_id, today())
        form = TemplateForm(
            units=choices,
            initial={
                "unit": version.code if version else "",
                "name": template.name,
                "title": template.title,
                "text": template.text,
            },
        )
    else:
        form = TemplateForm(units=choices, initial={"unit": choices[0][0] if choices else ""})
    return render(
        request,
        "outreach/template_edit.html",
        {"form": form, "template": template},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request: HttpRequest) -> HttpResponse:
    access.access_outreach_desk(request.user)
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    return _edit(request, _template(request.user, template_id))


@login_required
@require_POST
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    template = _template(request.user, template_id)
    try:
        services.template_delete(actor=request.user, template=template)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("The template “%(name)s” is deleted.") % {"name": template.name}
        )
    return redirect("outreach:templates")
