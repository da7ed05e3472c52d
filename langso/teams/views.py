"""Pages of a unit (its coverage and teams) and of a team (members and Zalo group)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from langso import access
from langso.core.dates import format_date, today
from langso.core.errors import DomainError, NotFound
from langso.core.phone import show_phone
from langso.core.qr import qr_svg
from langso.core.web import day_param
from langso.teams import report, selectors, services
from langso.teams.forms import (
    MemberForm,
    PhoneRevealForm,
    PhoneVisibilityForm,
    TeamForm,
    ZaloForm,
)
from langso.teams.models import Membership, Organisation, TeamRole
from langso.units import selectors as units
from langso.units.forms import VillageForm
from langso.units.models import Level


@login_required
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    day = day_param(request)
    try:
        coverage = selectors.coverage_report(actor=request.user, code=code, on=day)
    except NotFound:
        # A unit that no longer exists that day says what became of it, to those who could
        # see it while it existed; to anyone else this raises the same 404 again.
        story = units.ending(actor=request.user, code=code, on=day)
        context = {"story": story, "on": day, "is_today": day == today()}
        return render(request, "units/ended.html", context)
    version = units.unit_get(actor=request.user, code=code, on=day)
    manage = day == today() and access.may_manage_unit(request.user, version.unit, day)
    return render(
        request,
        "teams/unit.html",
        {
            "version": version,
            "on": day,
            "is_today": day == today(),
            "path": units.crumbs(actor=request.user, unit=version.unit, on=day),
            "coverage": coverage,
            "summary": report.summary(coverage.total),
            "team": selectors.team_of_unit(version.unit_id, day),
            "teams": selectors.teams_in(actor=request.user, code=code, on=day)
            if version.level >= Level.COMMUNE
            else [],
            "can_manage": manage,
            "can_add_village": manage and version.level == Level.COMMUNE,
            "can_add_team": manage and version.level >= Level.COMMUNE,
            "village_form": VillageForm(),
            "team_form": TeamForm(prefix="team"),
        },
    )


@login_required
def coverage_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    day = day_param(request)
    coverage = selectors.coverage_report(actor=request.user, code=code, on=day)
    version = units.unit_get(actor=request.user, code=code, on=day)
    path = units.breadcrumbs(version.unit, day)
    content = report.workbook(coverage, parent_name=path[-1].name if path else None)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"to-cong-nghe-so-{slugify(version.name)}-{day.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def team_create(request: HttpRequest, code: str) -> HttpResponse:
    version = units.unit_get(actor=request.user, code=code, on=today())
    form = TeamForm(request.POST, prefix="team")
    if form.is_valid():
        team = services.team_create(
            actor=request.user, unit=version.unit, name=form.cleaned_data["name"]
        )
        return redirect("teams:team", team_id=team.pk)
    return redirect("teams:unit", code=code)


@dataclass(frozen=True)
class RevealedPhone:
    full_name: str
    e164: str  # for the tel: link; "" when no number is recorded
    shown: str  # the way people read it: 0912 345 678


def _team_context(
    request: HttpRequest,
    team_id: int,
    *,
    revealed: tuple[int, str] | None = None,
    **extra: object,
) -> dict[str, object]:
    """The team page's context; ``revealed`` is a member's person id and whole number, just
    revealed, to show once."""
    team = selectors.team_get(actor=request.user, team_id=team_id)
    day = access.team_day(team)
    group = selectors.zalo_group(team, day)
    version = units.version_on(team.unit, day)
    rows = selectors.member_rows(actor=request.user, team=team)
    people = {row.membership.person_id: row.membership.person for row in rows}
    me = next((row.membership.person for row in rows if row.is_me), None)
    shown = None
    if revealed is not None:
        person_id, phone = revealed
        shown = RevealedPhone(
            full_name=people[person_id].full_name,
            e164=phone,
            shown=show_phone(phone),
        )
    context: dict[str, object] = {
        "team": team,
        "version": version,
        "rows": rows,
        # Officers reach the devices of the members' accounts they manage from here.
        "managed_accounts": access.accounts_managed(
            request.user, [p.user_id for p in people.values() if p.user_id]
        ),
        "zalo": group,
        "zalo_qr": qr_svg(group.invite_link) if group else None,
        "can_manage": access.may_manage_team(request.user, team) and team.valid_until > today(),
        # Officers above the team (not its leader) make accounts for its members.
        "may_create_accounts": team.valid_until > today()
        and access.may_manage_unit(request.user, team.unit_id, day),
        "member_form": MemberForm(initial={"organisation": Organisation.OTHER}),
        "zalo_form": ZaloForm(initial={"invite_link": group.invite_link if group else ""}),
        "closed_on": format_date(team.valid_until) if team.valid_until <= today() else None,
        "me": me,
        "phone_form": PhoneVisibilityForm(
            initial={"visibility": me.phone_visibility if me else None}
        ),
        "revealed": shown,
        "reveal_for": None,
        "reveal_form": None,
    }
    context.update(extra)
    return context


# Pages that list members carry their numbers' masked forms, and after a reveal a whole number:
# no cache on the way or in the browser keeps them.
@login_required
@never_cache
def team_page(request: HttpRequest, team_id: int) -> HttpResponse:
    return render(request, "teams/team.html", _team_context(request, team_id))


@login_required
@never_cache
@require_POST
def member_phone_reveal(request: HttpRequest, team_id: int, person_id: int) -> HttpResponse:
    """A member's whole number, on this answer only, after the audit entry is written."""
    team = selectors.team_get(actor=request.user, team_id=team_id)
    form = PhoneRevealForm(request.POST)
    if form.is_valid():
        try:
            phone = services.member_phone_reveal(
                actor=request.user, team=team, person=person_id, reason=form.cleaned_data["reason"]
            )
        except NotFound:
            raise
        except DomainError as exc:
            form.add_error("reason", str(exc.message))
        else:
            context = _team_context(request, team_id, revealed=(person_id, phone))
            return render(request, "teams/team.html", context)
    context = _team_context(request, team_id, reveal_for=person_id, reveal_form=form)
    return render(request, "teams/team.html", context, status=400)


@login_required
@require_POST
def my_phone(request: HttpRequest, team_id: int) -> HttpResponse:
    """The member's own choice of what their teams see of their number."""
    team = selectors.team_get(actor=request.user, team_id=team_id)
    person = access.access_own_person(request.user, selectors.person_of(request.user))
    form = PhoneVisibilityForm(request.POST)
    if form.is_valid():
        services.member_phone_visibility_set(
            actor=request.user, person=person, visibility=form.cleaned_data["visibility"]
        )
        messages.success(request, _("Your choice is saved."))
        return redirect(reverse("teams:team", kwargs={"team_id": team.pk}) + "#my-phone")
    context = _team_context(request, team_id, phone_form=form)
    return render(request, "teams/team.html", context, status=400)


@login_required
@require_POST
def member_add(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_get(actor=request.user, team_id=team_id)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.member_add(
                actor=request.user,
                team=team,
                full_name=form.cleaned_data["full_name"],
                phone=form.cleaned_data["phone"],
                role=TeamRole(form.cleaned_data["role"]),
                organisation=Organisation(form.cleaned_data["organisation"]),
                joined_on=form.cleaned_data["joined_on"],
            )
        except NotFound:
            raise
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return redirect("teams:team", team_id=team.pk)
    return render(
        request, "teams/team.html", _team_context(request, team_id, member_form=form), status=400
    )


@login_required
@require_POST
def member_end(request: HttpRequest, team_id: int, membership_id: int) -> HttpResponse:
    team = selectors.team_get(actor=request.user, team_id=team_id)
    membership = Membership.objects.filter(pk=membership_id, team=team).first()
    if membership is None:
        return redirect("teams:team", team_id=team.pk)
    services.member_end(actor=request.user, membership=membership)
    return redirect("teams:team", team_id=team.pk)


@login_required
@require_POST
def zalo_set(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_get(actor=request.user, team_id=team_id)
    form = ZaloForm(request.POST)
    if form.is_valid():
        try:
            services.zalo_set(
                actor=request.user, team=team, invite_link=form.cleaned_data["invite_link"]
            )
        except NotFound:
            raise
        except DomainError as exc:
            form.add_error("invite_link", str(exc.message))
        else:
            return redirect("teams:team", team_id=team.pk)
    return render(
        request, "teams/team.html", _team_context(request, team_id, zalo_form=form), status=400
    )
