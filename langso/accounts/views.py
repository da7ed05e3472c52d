"""Log in (password, then the authenticator code when it is on), log out, two-step settings,
and the logins on devices (API tokens) a user or an officer may revoke."""

from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from langso import access
from langso.accounts import lockout, selectors, services
from langso.accounts.backends import DEVICE_ATTRIBUTE, LOCK_ATTRIBUTE
from langso.accounts.devices import device_label
from langso.accounts.forms import CodeForm, LoginForm
from langso.accounts.models import User
from langso.core.errors import DomainError
from langso.core.qr import qr_svg
from langso.core.ratelimit import client_address
from langso.core.web import with_retry_after

PENDING = "langso_pending_second_factor"
MAX_CODE_ATTEMPTS = 5


def _next_url(request: HttpRequest) -> str:
    """Where to go after logging in: a path on this site, else the home page.

    Only a path (starting with one "/"): anything else that passes as "safe" ("0", "x") would
    be taken by redirect() for the name of a view, and fail.
    """
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return "/"


def _finish_login(request: HttpRequest, user: User) -> None:
    """The user is in: forget the wrong passwords of their name from this address."""
    lockout.login_succeeded(username=user.get_username(), address=client_address(request))


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request))
    # The activation page sends a member here with their user name, to type only the password.
    form = LoginForm(
        request.POST or None,
        ask_code="otp" in request.POST,
        initial={"username": request.GET.get("username", "")[:150]},
    )
    error = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data.get("otp") or None
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            otp=code,
        )
        lock: lockout.Lock | None = getattr(request, LOCK_ATTRIBUTE, None)
        if lock is not None:
            refusal = lockout.locked_out(lock)
            context = {
                "form": LoginForm(request.POST, ask_code=lock.second_factor_opens),
                "error": refusal.message,
                "next": _next_url(request),
            }
            response = render(request, "accounts/login.html", context, status=429)
            return with_retry_after(response, refusal)
        device = getattr(request, DEVICE_ATTRIBUTE, None)
        if isinstance(user, User) and device is not None:
            # The code opened a locked name together with the password: no second question.
            login(request, user)
            otp_login(request, device)
            _finish_login(request, user)
            return redirect(_next_url(request))
        if isinstance(user, User):
            if services.totp_has_device(user):
                request.session[PENDING] = {
                    "user": user.pk,
                    "backend": getattr(user, "backend", ""),
                    "next": _next_url(request),
                    "attempts": 0,
                }
                return redirect("accounts:login_code")
            login(request, user)
            _finish_login(request, user)
            if user.is_superuser:
                messages.warning(request, _("Administrators must turn on two-step verification."))
                return redirect("accounts:security")
            return redirect(_next_url(request))
        error = (
            _("Wrong user name, password or code.") if code else _("Wrong user name or password.")
        )
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _next_url(request)},
        status=401 if error else 200,
    )


def login_code_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        device = services.totp_match(user, form.cleaned_data["token"])
        if device is not None:
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"] or None)
            otp_login(request, device)
            _finish_login(request, user)
            return redirect(pending["next"])
        pending["attempts"] += 1
        if pending["attempts"] >= MAX_CODE_ATTEMPTS:
            request.session.pop(PENDING, None)
            messages.error(request, _("Too many wrong codes. Log in again."))
            return redirect("accounts:login")
        request.session[PENDING] = pending
        error = _("That code is not right. Type the 6 digits the app shows now.")
    return render(
        request,
        "accounts/login_code.html",
        {"form": form, "error": error},
        status=401 if error else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    """Turn two-step verification (an authenticator app, TOTP) on or off."""
    user = request.user
    if not isinstance(user, User):
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    error = None
    action = request.POST.get("action")
    if request.method == "POST" and action == "start":
        services.totp_start(user=user)
        return redirect("accounts:security")
    if request.method == "POST" and form.is_valid():
        try:
            if action == "confirm":
                device = services.totp_confirm(user=user, token=form.cleaned_data["token"])
                otp_login(request, device)
                messages.success(request, _("Two-step verification is on."))
            elif action == "disable":
                services.totp_disable(user=user, token=form.cleaned_data["token"])
                messages.success(request, _("Two-step verification is off."))
            return redirect("accounts:security")
        except DomainError as exc:
            error = str(exc.message)
    pending = services.totp_devices(user, confirmed=False)
    context = {
        "form": form,
        "error": error,
        "enabled": services.totp_has_device(user),
        "pending": pending[0] if pending else None,
        "qr": qr_svg(pending[0].config_url) if pending else None,
        "secret": b32encode(pending[0].bin_key).decode("ascii") if pending else None,
        "officer": access.is_officer(user),
    }
    return render(request, "accounts/security.html", context, status=400 if error else 200)


def _second_factor_passed(user: User) -> bool:
    # The middleware lets a superuser reach /accounts/ before the second factor (to enrol);
    # acting on other people's accounts waits for it, like every other page.
    return not user.is_superuser or bool(getattr(user, "is_verified", lambda: False)())


def _devices_page(request: HttpRequest, account: User) -> HttpResponse:
    own = account.pk == request.user.pk
    logins = selectors.logins_of(actor=request.user, user=account)
    response = render(
        request,
        "accounts/devices.html",
        {
            "account": account,
            "own": own,
            "logins": logins,
            "active": sum(login.state == selectors.LoginState.ACTIVE for login in logins),
            # Whether wrong passwords lock the name everywhere now (locks at one address are
            # another's guesses there: the officer lifts those too, without seeing them).
            "locked": not own and lockout.name_locked(username=account.get_username()),
            # For the officer: the account's state, what it holds, and what can be done.
            "status": selectors.account_status(account),
            "roles": [] if own else selectors.roles_shown([account.pk]).get(account.pk, []),
            "link_until": None if own else selectors.link_open_until(account),
            # Browsers are the owner's own business: the officer ends them all by deactivating.
            "browsers": (
                selectors.browser_logins(user=account, current_key=request.session.session_key)
                if own
                else []
            ),
        },
    )
    # The list names someone's devices and when they were used: no copy in any cache.
    add_never_cache_headers(response)
    return response


@login_required
def devices_view(request: HttpRequest) -> HttpResponse:
    """The page "Thiết bị đăng nhập": the user's logins on devices (the field app, programs),
    each with a button that revokes it."""
    user = request.user
    if not isinstance(user, User):
        return redirect("accounts:login")
    return _devices_page(request, user)


@login_required
def account_devices_view(request: HttpRequest, user_id: int) -> HttpResponse:
    """The same list for an officer, of an account they manage (404 for any other)."""
    user = request.user
    if not isinstance(user, User) or not _second_factor_passed(user):
        return redirect("accounts:security")
    if user_id == user.pk:
        return redirect("accounts:devices")
    return _devices_page(request, access.access_account(user, user_id))


@login_required
@require_POST
def account_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    """An officer lifts the login locks of an account they manage (wrong passwords, at every
    address and of the name everywhere); written to the audit log by the service."""
    user = request.user
    if not isinstance(user, User) or not _second_factor_passed(user):
        return redirect("accounts:security")
    account = access.access_managed_account(user, user_id)
    services.login_unlock(actor=user, user=account)
    messages.success(
        request,
        _("%(name)s can log in again: the wrong passwords are forgotten.") % {"name": account},
    )
    return redirect("accounts:account_devices", user_id=account.pk)


def _back_to_list(request: HttpRequest, account_id: int) -> HttpResponse:
    if account_id == request.user.pk:
        return redirect("accounts:devices")
    return redirect("accounts:account_devices", user_id=account_id)


@login_required
@require_POST
def device_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one login: the user's own, or one of an account the officer manages."""
    user = request.user
    if not isinstance(user, User) or not _second_factor_passed(user):
        return redirect("accounts:security")
    token = access.access_token(user, token_id)
    if services.token_revoke(actor=user, token=token):
        label = device_label(browser=token.browser, system=token.system, name=token.device_name)
        messages.success(request, _("The login on %(device)s is revoked.") % {"device": label})
    return _back_to_list(request, token.user_id)


@login_required
@require_POST
def devices_revoke_all(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    """Revoke every login of the user's own account, or of an account the officer manages."""
    user = request.user
    if not isinstance(user, User) or not _second_factor_passed(user):
        return redirect("accounts:security")
    account = user if user_id is None else access.access_account(user, user_id)
    count = services.tokens_revoke_all(actor=user, user=account)
    messages.success(
        request,
        ngettext("%(count)s login revoked.", "%(count)s logins revoked.", count) % {"count": count},
    )
    return _back_to_list(request, account.pk)
