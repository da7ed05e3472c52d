from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from langso.accounts.errors import AccountError


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    # Asked only when the user name is locked: the code then opens it with the password.
    otp = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args: Any, ask_code: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_code:
            del self.fields["otp"]


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class SetPasswordForm(forms.Form):
    """A new password, typed twice; the strength rules are the services' (Django's
    validators), so the form, the command and every other way in refuse the same passwords."""

    password = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=128,
        help_text=_("At least 10 characters; not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, again = cleaned.get("password"), cleaned.get("password_again")
        if first and again and first != again:
            self.add_error(
                "password_again",
                forms.ValidationError(
                    _("The two passwords differ: type the same new password twice."),
                    code=AccountError.PASSWORD_MISMATCH,
                ),
            )
        return cleaned


class PasswordChangeForm(SetPasswordForm):
    current = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current", "password", "password_again"]


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or user name"), max_length=100, required=False)
