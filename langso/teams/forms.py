from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from langso.teams.models import Organisation, PhoneVisibility, TeamRole


class NumberInput(forms.TextInput):
    """A text box for a phone number that never writes a submitted number back: a refused form
    comes back without it (a page must not carry a whole number), as the residents' forms do."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "inputmode": "tel", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return None


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=NumberInput(),
        help_text=_("Kept sealed; the team sees what the member chooses."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    organisation = forms.ChoiceField(label=_("Comes from"), choices=Organisation.choices)
    joined_on = forms.DateField(
        label=_("Joined on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ZaloForm(forms.Form):
    invite_link = forms.CharField(
        label=_("Zalo group invite link"),
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://zalo.me/g/..."}),
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200, required=False)


class PhoneRevealForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need the whole number?"), max_length=300)


class PhoneVisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("For my team, my number is"),
        choices=PhoneVisibility.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "For every team you are on. The team's leader and officers can always ask for the "
            "whole number, with a reason written to the audit log."
        ),
    )
