"""The accounts officers make for team members, and each user's own password.

Officers create an account from a team's member list, send a new activation link (a reset) or
deactivate an account, each for the accounts they manage (``access``: 404 for any other), and
list those accounts. The activation page is outside the login: its link is the proof, and it
is rate limited per connection. Every user changes their own password."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from langso import access
from langso.accounts import selectors, services
from langso.accounts.errors import AccountError
from langso.accounts.forms import AccountSearchForm, PasswordChangeForm, SetPasswordForm
from langso.accounts.models import ActivationLink, User
from langso.core import ratelimit
from langso.core.errors import Conflict, DomainError
from langso.core.qr import qr_svg
from langso.core.web import with_retry_after

# Each request to an activation page, per connection: enough for a team sitting together
# around one phone, far too few to guess a link (which holds 256 random bits anyway).
ACTIVATION_PAGE = ratelimit.Limit("activation-page", 30, 15 * 60)


def _officer(request: HttpRequest) -> User | None:
    """The user acting on others' accounts; superusers only after their second factor."""
    user = request.user
    if not isinstance(user, User):
        return None
    if user.is_superuser and not getattr(user, "is_verified", lambda: False)():
        return None
    return user


def _link_page(request: HttpRequest, activation: services.Activation, *, back: str) -> HttpResponse:
    """The link just issued, shown this once (only its digest is kept): to copy, or to scan."""
    link = request.build_absolute_uri(
        reverse("accounts:activate", kwargs={"token": activation.token})
    )
    response = render(
        request,
        "accounts/activation_link.html",
        {
            "account": activation.user,
            "link": link,
            "qr": qr_svg(link),
            "expires_at": activation.expires_at,
            "back": back,
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def account_create(request: HttpRequest, person_id: int) -> HttpResponse:
    """From a team's member list: an account for the member, and its activation link."""
    user = _officer(request)
    if user is None:
        return redirect("accounts:security")
    activation = services.account_create(actor=user, person_id=person_id)
    team_id = request.POST.get("team", "")
    back = (
        reverse("teams:team", kwargs={"team_id": int(team_id)})
        if team_id.isdigit() and len(team_id) < 19
        else reverse("accounts:account_devices", kwargs={"user_id": activation.user.pk})
    )
    return _link_page(request, activation, back=back)


@login_required
@require_POST
def account_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A new activation link for an account the officer manages (the old password and links
    stop working)."""
    user = _officer(request)
    if user is None:
        return redirect("accounts:security")
    account = access.access_managed_account(user, user_id)
    activation = services.account_reset(actor=user, user=account)
    back = reverse("accounts:account_devices", kwargs={"user_id": account.pk})
    return _link_page(request, activation, back=back)


@login_required
@require_POST
def account_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _officer(request)
    if user is None:
        return redirect("accounts:security")
    account = access.access_managed_account(user, user_id)
    if services.account_deactivate(actor=user, user=account):
        messages.success(
            request,
            _(
                "The account of %(name)s is deactivated: it can no longer log in and its "
                "devices are logged out. What it recorded stays."
            )
            % {"name": account},
        )
    return redirect("accounts:account_devices", user_id=account.pk)


@login_required
@require_POST
def account_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """Open a deactivated account again, with a new activation link."""
    user = _officer(request)
    if user is None:
        return redirect("accounts:security")
    account = access.access_managed_account(user, user_id)
    try:
        activation = services.account_reactivate(actor=user, user=account)
    except Conflict as refused:
        messages.error(request, str(refused.message))
        return redirect("accounts:account_devices", user_id=account.pk)
    back = reverse("accounts:account_devices", kwargs={"user_id": account.pk})
    return _link_page(request, activation, back=back)


@never_cache
def activate(request: HttpRequest, token: str) -> HttpResponse:
    """The page an activation link opens, on the member's phone: set a password, then log in."""
    try:
        ratelimit.enforce(
            ACTIVATION_PAGE,
            ratelimit.client_address(request),
            message=_("Too many attempts from this connection. Try again in %(wait)s."),
        )
    except ratelimit.RateLimited as limited:
        response = render(request, "accounts/activate.html", {"error": limited.message}, status=429)
        return with_retry_after(response, limited)
    found = services.activation_find(token)
    if not isinstance(found, ActivationLink):
        refusal = services.link_refusal(found)
        status = 410 if refusal.code == AccountError.ACTIVATION_LINK_EXPIRED else 404
        return render(request, "accounts/activate.html", {"error": refusal.message}, status=status)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.activation_complete(
                token=token, password=form.cleaned_data["password"]
            )
        except DomainError as exc:
            if exc.code != AccountError.PASSWORD_INVALID:
                return render(request, "accounts/activate.html", {"error": exc.message}, status=404)
            form.add_error("password", str(exc.message))
        else:
            messages.success(
                request, _("Your password is set. Log in with your user name and new password.")
            )
            login = reverse("accounts:login")
            return redirect(f"{login}?{urlencode({'username': account.get_username()})}")
    return render(
        request,
        "accounts/activate.html",
        {"form": form, "account": found.user, "expires_at": found.expires_at},
        status=400 if form.errors else 200,
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Every user changes their own password (the current one first)."""
    user = request.user
    if not isinstance(user, User):
        return redirect("accounts:login")
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=user,
                current=form.cleaned_data["current"],
                new=form.cleaned_data["password"],
                keep_session=request.session.session_key,
            )
        except ratelimit.RateLimited as refusal:
            form.add_error("current", str(refusal.message))
            response = render(request, "accounts/password.html", {"form": form}, status=429)
            return with_retry_after(response, refusal)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            # This browser stays logged in; the others end with the old password.
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:security")
    if form.errors:
        status = 400
    return render(request, "accounts/password.html", {"form": form}, status=status)


@login_required
def accounts_list(request: HttpRequest) -> HttpResponse:
    """The accounts of the units an officer holds a role on, 50 a page, searched by name."""
    user = _officer(request)
    if user is None:
        return redirect("accounts:security")
    form = AccountSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page, rows = selectors.accounts_page(actor=user, query=query, page=request.GET.get("page", 1))
    response = render(
        request,
        "accounts/accounts.html",
        {"form": form, "page": page, "rows": rows, "query": query},
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def session_end(request: HttpRequest) -> HttpResponse:
    """Log one of the user's other browsers out (this one logs out with the usual button)."""
    ref = request.POST.get("session", "")[:40]
    if services.session_end(actor=request.user, ref=ref):
        messages.success(request, _("That browser is logged out."))
    return redirect("accounts:devices")
