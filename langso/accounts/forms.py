from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


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
