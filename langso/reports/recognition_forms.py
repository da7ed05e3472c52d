"""The forms of the recognition pages: the period picker, criteria, a correction, a decision."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from langso.core.bounds import FIRST_DAY, LAST_DAY
from langso.core.dates import format_date, today
from langso.core.errors import DomainError
from langso.reports import recognition_selectors as selectors
from langso.reports.recognition_models import Decision, Subject

# The condition rows a criteria form offers (a commune's criteria name two or three figures).
CONDITION_ROWS = 4
PERIODS = [
    ("this_month", gettext_lazy("This month")),
    ("last_month", gettext_lazy("Last month")),
    ("this_quarter", gettext_lazy("This quarter")),
    ("this_year", gettext_lazy("This year")),
    ("custom", gettext_lazy("Custom")),
]


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False)
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("period") or "this_month"
        if choice != "custom":
            data["start"], data["end"] = selectors.preset(choice, today())
            return data
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            raise forms.ValidationError(_("Give the first and the last day of the period."))
        for name, day in (("start", start), ("end", end)):
            if not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(
                    name,
                    _("Give a day between %(first)s and %(last)s.")
                    % {
                        "first": format_date(FIRST_DAY),
                        "last": format_date(LAST_DAY),
                    },
                )
        if not self.errors:
            try:
                selectors.check_period(start, end)
            except DomainError as error:
                self.add_error(error.field, str(error.message))
        return data

    def chosen(self) -> tuple[date, date]:
        """The period asked for, or this month while the form is not (validly) filled."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return selectors.month_of(today())


class CriteriaForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    subject = forms.ChoiceField(label=gettext_lazy("Who it recognises"), choices=Subject.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *selectors.measure_choices()]
        for i in range(1, CONDITION_ROWS + 1):
            self.fields[f"measure_{i}"] = forms.ChoiceField(
                label=_("Figure %(n)s") % {"n": i}, choices=choices, required=False
            )
            self.fields[f"at_least_{i}"] = forms.IntegerField(
                label=_("At least"), min_value=1, max_value=1_000_000, required=False
            )

    def conditions(self) -> list[dict[str, Any]]:
        found = []
        for i in range(1, CONDITION_ROWS + 1):
            measure = self.cleaned_data.get(f"measure_{i}")
            if measure:
                found.append(
                    {"measure": measure, "at_least": self.cleaned_data.get(f"at_least_{i}")}
                )
        return found

    @staticmethod
    def initial_of(name: str, subject: str, conditions: list[dict[str, Any]]) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": name, "subject": subject}
        for i, condition in enumerate(conditions[:CONDITION_ROWS], start=1):
            initial[f"measure_{i}"] = condition["measure"]
            initial[f"at_least_{i}"] = condition["at_least"]
        return initial


class ProposeForm(PeriodForm):
    criteria = forms.TypedChoiceField(
        label=gettext_lazy("Emulation criteria"), coerce=int, choices=[]
    )

    def __init__(self, *args: Any, criteria: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = criteria  # type: ignore[attr-defined]


class CorrectionForm(forms.Form):
    measure = forms.ChoiceField(label=gettext_lazy("Figure"), choices=[])
    value = forms.DecimalField(
        label=gettext_lazy("Corrected figure"), min_value=0, max_digits=9, decimal_places=1
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required: it is printed in the proposal's annex."),
    )

    def __init__(self, *args: Any, measures: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
