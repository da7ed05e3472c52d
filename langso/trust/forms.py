from django import forms
from django.utils.translation import gettext_lazy as _

from langso.trust.selectors import MAX_ITEM_CHARS
from langso.trust.services import MAX_STORY


class CheckForm(forms.Form):
    q = forms.CharField(
        label=_("Link, phone number, bank account or whole message"),
        max_length=MAX_ITEM_CHARS,
        strip=True,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": _("e.g. vietcombank-xacthuc.top, 0912 345 678, or paste the SMS"),
            }
        ),
    )


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("The link, phone number or bank account"), max_length=MAX_ITEM_CHARS, strip=True
    )
    story = forms.CharField(
        label=_("What happened?"),
        required=False,
        max_length=MAX_STORY,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not write passwords, OTP codes or your ID number."),
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm: it is a scam")), ("reject", _("Reject"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
