"""Forms of the certificate pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from langso.learning import certcodes
from langso.learning.cert_services import REASON_MAX


class CheckForm(forms.Form):
    """The public page's box to type a code into."""

    code = forms.CharField(
        label=_("Code printed under the QR code"),
        max_length=certcodes.MAX_INPUT,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it revoked?"),
        max_length=REASON_MAX,
        help_text=_("Kept in the log for officers; the public page does not show it."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, revoke this certificate. Its code will then show as revoked."),
    )


class SettingsForm(forms.Form):
    auto_issue = forms.BooleanField(
        label=_("Issue a certificate automatically as soon as a person reaches the standard"),
        required=False,
    )


STATUS_CHOICES = [
    ("", _("All")),
    ("valid", _("In force")),
    ("revoked", _("Revoked")),
]


class ListForm(forms.Form):
    village = forms.ChoiceField(label=_("Village"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args: object, villages: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["village"].choices = [("", _("All villages")), *villages]  # type: ignore[attr-defined]
