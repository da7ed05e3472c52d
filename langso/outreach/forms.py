"""Forms of the officers' outreach pages: the composer, a schedule, a commune's template.

The forms check what a person typed or ticked (a number, a time, a choice that was offered);
what makes an announcement right (a title, an audience, a connected channel, a time ahead) is
the services' to say, so the page and the API refuse the same things with the same words.
``add_domain_error`` puts a service's refusal on the field it names.
"""

from datetime import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from langso.core.errors import DomainError
from langso.outreach.audience import Audience
from langso.outreach.models import Channel, TeamAudience

TEXT_MAX = 2000
TITLE_MAX = 150
# A picture larger than this is refused before it is read (the services re-encode it anyway).
IMAGE_MAX_BYTES = 5 * 1024 * 1024
# The composer sends the time it was shown in; a datetime-local input speaks this format.
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"

Choices = list[Any]

# A service's field → the form's field that feeds it.
FIELD_OF = {
    "audience.units": "units",
    "units": "units",
    "audience.teams": "teams",
    "teams": "teams",
    "audience.residents.lacking": "lacking",
    "lacking": "lacking",
    "audience.residents.min_age": "min_age",
    "min_age": "min_age",
    "audience": "units",
    "link": "link",
    "link_ref": "link",
    "link_kind": "link",
    "send_at": "send_at",
    "image": "image",
    "channels": "channels",
    "title": "title",
    "text": "text",
    "deadline": "deadline",
    "name": "name",
    "unit_code": "unit",
}


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class MomentInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=LOCAL_FORMAT)


class ChannelBoxes(forms.CheckboxSelectMultiple):
    """Channel checkboxes where a channel that is not connected is shown, greyed out and
    named so, rather than hidden: the officer learns it exists and why it cannot be used."""

    def __init__(self, *args: Any, off: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.off = off or set()

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> Any:
        option = super().create_option(name, value, label, *args, **kwargs)
        if str(value) in self.off:
            option["attrs"]["disabled"] = True
            option["label"] = _("%(channel)s (not connected)") % {"channel": label}
        return option


RESIDENTS_CHOICES = [
    ("none", gettext_lazy("No residents")),
    ("all", gettext_lazy("Every resident who agreed to be contacted")),
    ("lacking", gettext_lazy("Only residents who still lack an indicator")),
]
WHEN_CHOICES = [
    ("now", gettext_lazy("Send as soon as I press Send")),
    ("later", gettext_lazy("Schedule for a time")),
]


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": TEXT_MAX, "data-counter": "1"}),
        help_text=gettext_lazy(
            "Up to 2,000 characters. {ten} becomes the recipient's name, {thon} their village, "
            "{han} the deadline below."
        ),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Deadline ({han})"),
        required=False,
        widget=DayInput(),
        help_text=gettext_lazy("Leave empty when the text has no {han}."),
    )
    link = forms.ChoiceField(label=gettext_lazy("Link"), required=False)
    image = forms.FileField(
        label=gettext_lazy("Picture"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=gettext_lazy("A JPEG, PNG or WebP picture of at most 5 MB."),
    )
    units = forms.MultipleChoiceField(
        label=gettext_lazy("Units"), widget=forms.CheckboxSelectMultiple
    )
    teams = forms.ChoiceField(
        label=gettext_lazy("Teams"),
        choices=TeamAudience.choices,
        initial=TeamAudience.MEMBERS,
        widget=forms.RadioSelect,
    )
    residents = forms.ChoiceField(
        label=gettext_lazy("Residents"),
        choices=RESIDENTS_CHOICES,
        initial="none",
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Only residents who agreed to be contacted, and whose number did not opt out."
        ),
    )
    lacking = forms.MultipleChoiceField(
        label=gettext_lazy("Who still lack"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(
        label=gettext_lazy("Aged at least"), required=False, min_value=0, max_value=120
    )
    channels = forms.MultipleChoiceField(label=gettext_lazy("Channels"))
    when = forms.ChoiceField(
        label=gettext_lazy("When"), choices=WHEN_CHOICES, initial="now", widget=forms.RadioSelect
    )
    send_at = forms.DateTimeField(
        label=gettext_lazy("Send at (Vietnam time)"),
        required=False,
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=MomentInput(),
    )
    urgent = forms.BooleanField(
        label=gettext_lazy("Urgent: send SMS at night too"),
        required=False,
        help_text=gettext_lazy(
            "SMS wait for 07:00 when the time falls between 21:00 and 07:00 (Vietnam time). "
            "Tick this only for a warning that cannot wait."
        ),
    )

    def __init__(
        self,
        *args: Any,
        units: Choices,
        links: Choices,
        indicators: Choices,
        connected: dict[str, bool],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast_choice(fields["units"]).choices = units
        cast_choice(fields["link"]).choices = [("", _("No link")), *links]
        cast_choice(fields["lacking"]).choices = indicators
        off = {code for code, on in connected.items() if not on}
        self.off = off
        channels = cast_choice(fields["channels"])
        channels.choices = Channel.choices
        channels.widget = ChannelBoxes(off=off, choices=Channel.choices)

    def clean_image(self) -> bytes | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("image")
        if not upload:
            return None
        if upload.size is not None and upload.size > IMAGE_MAX_BYTES:
            raise forms.ValidationError(_("The picture is larger than 5 MB."))
        content: bytes = upload.read()
        return content

    def clean_channels(self) -> list[str]:
        chosen: list[str] = self.cleaned_data.get("channels") or []
        for code in chosen:
            if code in self.off:
                raise forms.ValidationError(
                    _("%(channel)s is not connected: untick it.") % {"channel": Channel(code).label}
                )
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") == "later" and not data.get("send_at"):
            self.add_error("send_at", _("Give the day and time to send at."))
        if data.get("residents") == "lacking" and not data.get("lacking"):
            self.add_error("lacking", _("Tick at least one indicator."))
        return data

    def audience(self) -> Audience:
        data = self.cleaned_data
        residents = data.get("residents", "none")
        return Audience(
            units=tuple(data.get("units") or ()),
            teams=data.get("teams") or TeamAudience.NONE,
            residents_all=residents == "all",
            lacking=tuple(data.get("lacking") or ()) if residents == "lacking" else (),
            min_age=data.get("min_age") if residents != "none" else None,
        )

    def link_parts(self) -> tuple[str, str]:
        """The link's kind and reference ("guide", "cach-cai-vneid"), or ("", "")."""
        value: str = self.cleaned_data.get("link") or ""
        kind, _sep, ref = value.partition(":")
        return (kind, ref) if ref else ("", "")

    def moment(self) -> datetime | None:
        """When to send: the time given when "Schedule for a time" is chosen, else None."""
        data = self.cleaned_data
        return data.get("send_at") if data.get("when") == "later" else None


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=gettext_lazy("Send at (Vietnam time)"),
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=MomentInput(),
    )


class StatusForm(forms.Form):
    """The filter of an announcement's delivery list."""

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), required=False)

    def __init__(self, *args: Any, statuses: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast_choice(self.fields["status"]).choices = [("", _("Every status")), *statuses]
        cast_choice(self.fields["channel"]).choices = [("", _("Every channel")), *Channel.choices]


class TemplateForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Commune"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX, required=False)
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": TEXT_MAX, "data-counter": "1"}),
        help_text=gettext_lazy(
            "{ten} becomes the recipient's name, {thon} their village, {han} the deadline "
            "given when the announcement is written."
        ),
    )

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast_choice(self.fields["unit"]).choices = units


def cast_choice(field: forms.Field) -> forms.ChoiceField:
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(field)
    return field


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's refusal on the field it names, or above the form."""
    where = FIELD_OF.get(error.field or "")
    if where is None:
        for prefix, name in FIELD_OF.items():
            if (error.field or "").startswith(prefix):
                where = name
                break
    form.add_error(where if where in form.fields else None, str(error.message))
