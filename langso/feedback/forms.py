from typing import Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from langso.core.dates import today
from langso.core.errors import DomainError
from langso.feedback import selectors, services
from langso.feedback.models import Intake, Status

# Where a refusal from the services lands on the citizen's form.
FIELD_OF = {"lat": "latitude", "long": "longitude", "address_id": "place"}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    field = FIELD_OF.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, str(error.message))


def _category_choices(first: object) -> list[tuple[str, object]]:
    language = get_language()
    choices: list[tuple[str, object]] = [("", first)]
    choices += [(c.code, c.name(language)) for c in selectors.categories()]
    return choices


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"))
    description = forms.CharField(
        label=_("What happened, and where exactly?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
        help_text=_("Do not write other people's names, phone numbers or ID numbers here."),
    )
    place = forms.CharField(required=False, widget=forms.HiddenInput)
    place_q = forms.CharField(
        label=_("Commune or village"),
        required=False,
        max_length=100,
        help_text=_("Type a few letters of the name; accents are not needed."),
    )
    latitude = forms.CharField(label=_("Latitude"), required=False, max_length=20)
    longitude = forms.CharField(label=_("Longitude"), required=False, max_length=20)
    use_photo_location = forms.BooleanField(
        label=_("Use the location stored in my photo (the photo itself is always cleaned)"),
        required=False,
    )
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=100)
    phone = forms.CharField(
        label=_("Your phone number (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    wants_updates = forms.BooleanField(
        label=_("Send me a message (SMS or Zalo) when the status changes"), required=False
    )
    description_public = forms.BooleanField(
        label=_("Show my description on the public tracking page (never my name or phone)"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the commune uses what I send, including my name and phone number if "
            "I give them, only to handle this report and tell me about it."
        ),
        required=False,
    )
    # The honeypot: hidden from people by the page's style, filled in by form-filling robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = _category_choices(_("Choose…"))


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class QueueForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), *Status.choices],
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    unrouted = forms.BooleanField(label=_("Waiting to be routed"), required=False)
    code = forms.CharField(label=_("Tracking code"), required=False, max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = _category_choices(_("All"))


class OfficerReportForm(forms.Form):
    """A petition the commune received on paper, by phone or in person, entered by an officer.

    The form checks only shapes; what may be entered (the officer's own places, no day in the
    future, the citizen's consent to their contact details) is the service's to refuse.
    """

    category = forms.ChoiceField(label=_("What is it about?"))
    description = forms.CharField(
        label=_("What the citizen reports or asks"),
        max_length=services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.MAX_DESCRIPTION}),
        help_text=_(
            "Copy or sum up the petition. Do not write the citizen's name, phone number or ID "
            "number here: use the fields below."
        ),
    )
    place = forms.CharField(required=False, widget=forms.HiddenInput)
    place_q = forms.CharField(
        label=_("Commune or village"),
        required=False,
        max_length=100,
        help_text=_(
            "Type a few letters of the name; accents are not needed. Only the places you handle "
            "are offered."
        ),
    )
    made = forms.DateField(
        label=_("Day the citizen made the petition"),
        initial=today,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("The deadline for the answer counts from this day."),
    )
    intake = forms.ChoiceField(
        label=_("How was it received?"), choices=Intake.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Citizen's name (optional)"), required=False, max_length=100)
    phone = forms.CharField(
        label=_("Citizen's phone number (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    wants_updates = forms.BooleanField(
        label=_("The citizen wants a message (SMS or Zalo) when the status changes"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "The citizen agreed that the commune records their name and phone number only to "
            "handle this petition and tell them about it."
        ),
        required=False,
        help_text=_("Needed only when a name or phone number is written above."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = _category_choices(_("Choose…"))
        day = today()
        # The browser's own date picker stops at these; the service decides all the same.
        self.fields["made"].widget.attrs.update(
            max=day.isoformat(), min=(day - services.MAX_ENTRY_AGE).isoformat()
        )
