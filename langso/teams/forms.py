from django import forms
from django.utils.translation import gettext_lazy as _

from langso.teams.models import Organisation, TeamRole


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
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
