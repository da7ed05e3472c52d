"""Forms of the officers' report pages: a new report, a correction's reason, the list's filter.

The forms check what was typed or chosen (a date, a choice that was offered); what makes a
report right (a period that has ended, a unit that reports, a campaign for a closing report) is
the services' to say, so the page and the API refuse the same things with the same words.
``add_domain_error`` puts a service's refusal next to the field it names.
"""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from langso.campaigns.forms import DayField
from langso.core.errors import DomainError
from langso.reports import services
from langso.reports.models import PeriodKind

REASON_MAX = 1000

# The presets of the period: the last whole month, quarter, half-year or year before today, the
# campaign's own days, or the days typed below.
CUSTOM = "custom"
PRESET_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)


def last_whole(period: str, day: date) -> services.Period:
    """The last whole month (quarter, half-year, year) that ended before ``day``."""
    current = services.period_containing(period, day)
    return services.period_containing(period, current.start - timedelta(days=1))


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of report"))
    unit = forms.ChoiceField(label=gettext_lazy("Reporting unit"))
    preset = forms.ChoiceField(label=gettext_lazy("Which period"))
    period_start = DayField(label=gettext_lazy("First day"), required=False)
    period_end = DayField(label=gettext_lazy("Last day"), required=False)
    campaign = forms.ChoiceField(
        label=gettext_lazy("Campaign"),
        required=False,
        help_text=gettext_lazy("Only for a campaign's closing report."),
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        units: list[Any],
        presets: list[tuple[str, str]],
        campaigns: list[tuple[str, str]],
        periods: dict[str, services.Period],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.periods = periods
        cast_choice(self.fields["kind"]).choices = kinds
        cast_choice(self.fields["unit"]).choices = units
        cast_choice(self.fields["preset"]).choices = presets
        cast_choice(self.fields["campaign"]).choices = [("", _("No campaign")), *campaigns]

    def period(self) -> tuple[date | None, date | None]:
        """The first and last day asked for: a preset's, or those typed for "other days";
        none for a campaign's own days (the services take the campaign's)."""
        data = self.cleaned_data
        preset = data.get("preset")
        if preset in self.periods:
            chosen = self.periods[preset]
            return chosen.start, chosen.end
        if preset == PeriodKind.CAMPAIGN:
            return None, None
        return data.get("period_start"), data.get("period_end")

    def campaign_id(self) -> int | None:
        value = self.cleaned_data.get("campaign") or ""
        return int(value) if value.isdigit() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("preset") == CUSTOM:
            if not data.get("period_start") and "period_start" not in self.errors:
                self.add_error("period_start", _("Give the period's first day."))
            if not data.get("period_end") and "period_end" not in self.errors:
                self.add_error("period_end", _("Give the period's last day."))
        return data


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the report is corrected"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
        error_messages={"required": gettext_lazy("Say why the report is corrected.")},
        help_text=gettext_lazy(
            "Printed on the new version under the words “This report replaces report no. …”."
        ),
    )


class FilterForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(
        self, *args: Any, units: list[tuple[str, str]], statuses: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast_choice(self.fields["unit"]).choices = [("", _("Every unit")), *units]
        cast_choice(self.fields["status"]).choices = [("", _("Every status")), *statuses]


def cast_choice(field: forms.Field) -> forms.ChoiceField:
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(field)
    return field


def add_domain_error(form: ReportForm, error: DomainError) -> None:
    """Put a service's refusal next to the field it names: a period's day goes to the preset
    when a preset gave it (the typed days were not used), a campaign's own days to the campaign."""
    where = error.field or ""
    preset = form.cleaned_data.get("preset")
    if where in ("period_start", "period_end"):
        if preset == PeriodKind.CAMPAIGN:
            where = "campaign"
        elif preset != CUSTOM:
            where = "preset"
    form.add_error(where if where in form.fields else None, str(error.message))
