"""Forms of the officers' campaign pages: a new campaign, a draft's goals, a unit's raised
targets, the day a progress page is read on.

The forms check what a person typed (a number, a day); what makes a campaign right (a name, the
dates in order, each indicator once, a target a unit may hold) is the services' to say, so a
page and the API refuse the same things with the same words. ``add_domain_error`` puts a
service's refusal on the field it names.
"""

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from langso.campaigns import services
from langso.core.bounds import day_in_range
from langso.core.dates import format_date
from langso.core.errors import DomainError
from langso.core.numbers import format_int
from langso.indicators.models import Indicator
from langso.indicators.selectors import indicator_name

# Rows of goals a new campaign's form offers before "add a row" (a plan rarely has more).
GOAL_ROWS = 3
# Where a service names a field differently from the form.
FIELD_OF = {"basis": "basis_number"}
GOAL_FIELD = re.compile(r"^goals\[(\d+)\]\.(\w+)$")
# A service's goal field → the row's field that feeds it.
GOAL_FIELD_OF = {
    "indicator": "indicator",
    "target_share": "target_percent",
    "target_count": "target_count",
}


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DayField(forms.DateField):
    """A day typed or picked (YYYY-MM-DD, or dd/mm/yyyy as Vietnamese write it), within the
    calendar every page may ask about."""

    widget = DayInput
    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
    default_error_messages = {
        "invalid": gettext_lazy("Write a date as dd/mm/yyyy or pick it in the calendar."),
    }

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None and not day_in_range(value):
            raise forms.ValidationError(
                _("Choose a day from %(first)s to %(last)s.")
                % {"first": "01/01/1900", "last": "31/12/2100"},
                code="range",
            )


def parse_percent(raw: str) -> Decimal | None:
    """ "87,5", "87.5" or "87,5%" → Decimal("87.5"); blank → None; anything else refused."""
    text = raw.strip().rstrip("%").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(r"\d{1,3}(\.\d+)?", text):
        raise forms.ValidationError(
            _("Write the target as a percent, such as 90 or 87,5."), code="invalid"
        )
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(
            _("Write the target as a percent, such as 90 or 87,5."), code="invalid"
        ) from None
    if not Decimal(0) < value <= Decimal(100):
        raise forms.ValidationError(_("A percent is above 0 and at most 100."), code="range")
    if value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError(
            _("A percent has at most two decimals (such as 87,25)."), code="invalid"
        )
    return value


def parse_count(raw: str) -> int | None:
    """ "1.500", "1 500" or "1500" → 1500 (Vietnamese group thousands with dots); blank →
    None. Its range is the service's to check."""
    text = re.sub(r"[\s.,]", "", raw)
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise forms.ValidationError(
            _("Write the number of people as a whole number, such as 500."), code="invalid"
        )
    return int(text)


class PercentField(forms.Field):
    """A percent typed as Vietnamese write it ("87,5") or with a dot; blank is None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 12}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        return parse_percent(str(value or "")[:40])


class CountField(forms.Field):
    """A number of people, its thousands grouped or not; blank is None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 15}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        return parse_count(str(value or "")[:40])


def indicator_choices() -> list[tuple[str, str]]:
    """The catalog's indicators by their names in the reader's language, in catalog order."""
    return [
        ("", _("— choose an indicator —")),
        *((indicator.code, indicator_name(indicator)) for indicator in Indicator.objects.all()),
    ]


class GoalForm(forms.Form):
    """One goal: an indicator and either a target percent or a number of people."""

    indicator = forms.ChoiceField(label=pgettext_lazy("campaign", "Indicator"), required=False)
    target_percent = PercentField(
        label=gettext_lazy("Target (% of its population)"),
        help_text=gettext_lazy("For example 90"),
    )
    target_count = CountField(
        label=gettext_lazy("Or: people to bring to it"),
        help_text=gettext_lazy("For example 500"),
    )

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = choices  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (
            data.get("indicator")
            or data.get("target_percent") is not None
            or data.get("target_count") is not None
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("indicator") and (
            data.get("target_percent") is not None or data.get("target_count") is not None
        ):
            self.add_error("indicator", _("Choose the indicator this target is for."))
        return data

    def goal(self) -> services.GoalData:
        data = self.cleaned_data
        percent = data.get("target_percent")
        return services.GoalData(
            indicator=data["indicator"],
            target_share=percent / 100 if percent is not None else None,
            target_count=data.get("target_count"),
        )


class BaseGoalFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.choices = indicator_choices()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "choices": self.choices}

    def filled(self) -> list[tuple[int, GoalForm]]:
        """The rows with something in them (blank rows are left out), with their index."""
        return [
            (index, form)
            for index, form in enumerate(self.forms)
            if form.is_valid() and not form.is_blank()
        ]

    def goals(self) -> tuple[list[services.GoalData], list[int]]:
        """The goals to give the service, and the row each came from."""
        rows = self.filled()
        return [form.goal() for _index, form in rows], [index for index, _form in rows]


GoalFormSet = formset_factory(
    GoalForm,
    formset=BaseGoalFormSet,
    extra=0,
    max_num=services.MAX_GOALS,
    absolute_max=services.MAX_GOALS,
    validate_max=True,
)


def goal_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, more: bool = False
) -> BaseGoalFormSet:
    """The goals' rows: those given (or ``GOAL_ROWS`` empty ones), one more when asked."""
    if data is not None:
        formset = cast(BaseGoalFormSet, GoalFormSet(data, prefix="goals"))
        count = formset.total_form_count()
        if more and count < services.MAX_GOALS:
            copy = data.copy()
            copy["goals-TOTAL_FORMS"] = str(count + 1)
            formset = cast(BaseGoalFormSet, GoalFormSet(copy, prefix="goals"))
        return formset
    given = initial or []
    blank: list[dict[str, Any]] = [{}] * max(GOAL_ROWS - len(given), 1 if given else 0)
    return cast(BaseGoalFormSet, GoalFormSet(prefix="goals", initial=given + blank))


def goal_initial(goals: Sequence[Any]) -> list[dict[str, Any]]:
    """A campaign's goals as rows of the form (a share as a percent: 0.9 → "90")."""
    rows = []
    for goal in goals:
        row: dict[str, Any] = {"indicator": goal.indicator_id}
        if goal.target_share is not None:
            row["target_percent"] = percent_text(goal.target_share)
        else:
            row["target_count"] = str(goal.target_count)
        rows.append(row)
    return rows


def percent_text(share: Decimal) -> str:
    """0.855 → "85,5" (how a person writes the percent back into the form)."""
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def add_goal_error(
    form: forms.Form, formset: BaseGoalFormSet, rows: list[int], error: DomainError
) -> None:
    """A refusal about the goals on the row and field it names, else above the rows."""
    match = GOAL_FIELD.match(error.field or "")
    if match is not None:
        index, name = int(match.group(1)), match.group(2)
        if index < len(rows) and name in GOAL_FIELD_OF:
            formset.forms[rows[index]].add_error(GOAL_FIELD_OF[name], str(error.message))
            return
    if (error.field or "").startswith("goals"):
        formset.non_form_errors().append(str(error.message))
        return
    field = FIELD_OF.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, str(error.message))


class CampaignForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the campaign"),
        required=False,
        strip=False,
        max_length=400,
        help_text=gettext_lazy("For example: 90 days of VNeID level 2 in Thuận Châu"),
    )
    basis_number = forms.CharField(
        label=gettext_lazy("Plan number and symbol"),
        required=False,
        strip=False,
        max_length=120,
        help_text=gettext_lazy("For example 125/KH-UBND"),
    )
    basis_date = DayField(label=gettext_lazy("Date of the plan"), required=False)
    unit = forms.ChoiceField(label=gettext_lazy("Area it covers"))
    starts_on = DayField(label=gettext_lazy("Starts on"))
    ends_on = DayField(label=gettext_lazy("Ends on"))

    def __init__(self, *args: Any, units: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class TargetsForm(forms.Form):
    """One field per goal of the campaign: the unit's own target, blank to keep what it has."""

    def __init__(self, *args: Any, rows: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            if row.share_goal:
                self.fields[row.field] = PercentField(
                    label=_("%(name)s (%%)") % {"name": row.name},
                    help_text=_("At least %(floor)s%% (what the level above asks).")
                    % {"floor": percent_text(row.floor)}
                    if row.floor
                    else "",
                )
            else:
                self.fields[row.field] = CountField(
                    label=_("%(name)s (people more)") % {"name": row.name},
                    help_text=_("People this unit is to bring to it (now: %(now)s).")
                    % {"now": format_int(row.count)}
                    if row.count is not None
                    else _("People this unit is to bring to it; empty: none of its own."),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.rows and all(data.get(row.field) is None for row in self.rows):
            raise forms.ValidationError(_("Give at least one target."), code="required")
        return data

    def goals(self) -> tuple[list[services.GoalData], list[str]]:
        """The targets to give the service, and the field each came from. A share left at the
        one in force is not written: the unit keeps following the level above."""
        goals, fields = [], []
        for row in self.rows:
            value = self.cleaned_data.get(row.field)
            if value is None or (row.share_goal and value / 100 == row.share):
                continue
            goals.append(
                services.GoalData(indicator=row.indicator, target_share=value / 100)
                if row.share_goal
                else services.GoalData(indicator=row.indicator, target_count=value)
            )
            fields.append(row.field)
        return goals, fields


class DayForm(forms.Form):
    """The day a progress page is read on: within the campaign, up to today."""

    on = forms.DateField(
        label=gettext_lazy("Figures of the day"),
        required=False,
        input_formats=DayField.input_formats,
        error_messages=DayField.default_error_messages,
    )

    def __init__(self, *args: Any, first: date, last: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first, self.last = first, last
        self.fields["on"].widget.attrs.update({"min": first.isoformat(), "max": last.isoformat()})

    def clean_on(self) -> date | None:
        day: date | None = self.cleaned_data.get("on")
        if day is not None and not (self.first <= day <= self.last):
            raise forms.ValidationError(
                _("Choose a day of the campaign, from %(first)s to %(last)s.")
                % {"first": format_date(self.first), "last": format_date(self.last)},
                code="range",
            )
        return day
