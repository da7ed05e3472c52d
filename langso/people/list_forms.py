"""The filter form of the household and resident lists (a GET form: it works without scripts).

The page, its XLSX export and its printable sheet read the same form, so a link keeps every
filter and each of them refuses a bad one with the same message naming the field.
"""

from datetime import date
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from langso.core.bounds import day_in_range
from langso.core.errors import CoreError, DomainError
from langso.core.text import one_line
from langso.people.lists import (
    AGE_BAND_LABELS,
    HOUSEHOLD_SORTS,
    RESIDENT_SORTS,
    Catalog,
    ListFilter,
    short_name,
)
from langso.units.models import UnitVersion

# The parameters the form reads; every other one (page, household…) belongs to the page.
FILTER_FIELDS = ("q", "village", "lacks", "age", "since", "sort")


class ListFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name contains"), max_length=100, required=False)
    village = forms.ChoiceField(label=gettext_lazy("Village"), required=False)
    lacks = forms.ChoiceField(label=gettext_lazy("Still lacks"), required=False)
    age = forms.ChoiceField(label=gettext_lazy("Age"), required=False)
    since = forms.DateField(
        label=gettext_lazy("Not visited since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": gettext_lazy("Write a date as YYYY-MM-DD, e.g. 2025-07-01.")},
    )
    sort = forms.ChoiceField(label=gettext_lazy("Order by"), required=False)

    def __init__(
        self,
        data: QueryDict,
        *,
        kind: str,
        villages: list[UnitVersion],
        marks: Catalog,
        **kwargs: Any,
    ) -> None:
        # Only the form's own parameters: a page number is not a filter.
        super().__init__({k: data[k] for k in FILTER_FIELDS if k in data}, **kwargs)
        self.kind = kind
        self.marks = marks
        self.village_ids = {v.code: v.unit_id for v in villages}
        village = self._choice("village")
        village.choices = [("", _("All villages")), *((v.code, v.name) for v in villages)]
        resident_choices = [(i.code, short_name(i)) for i in marks.residents]
        lacks = self._choice("lacks")
        if kind == "households":
            lacks.choices = [
                ("", _("Any")),
                (_("The household"), [(i.code, short_name(i)) for i in marks.households]),
                (_("Someone in the household"), resident_choices),
            ]
        else:
            lacks.choices = [("", _("Any")), *resident_choices]
        lacks.error_messages["invalid_choice"] = _(
            "“%(value)s” is not an indicator of the catalog that this list can show."
        )
        age = self._choice("age")
        age.choices = [("", _("Any age")), *AGE_BAND_LABELS.items()]
        if kind == "households":
            age.label = _("Someone aged")
        sort = self._choice("sort")
        sort.choices = list((HOUSEHOLD_SORTS if kind == "households" else RESIDENT_SORTS).items())

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def clean_q(self) -> str:
        return one_line(self.cleaned_data["q"]).strip()

    def clean_since(self) -> date | None:
        day: date | None = self.cleaned_data["since"]
        if day is not None and not day_in_range(day):
            raise forms.ValidationError(_("Choose a day between 1900 and 2100."))
        return day

    def to_filter(self) -> ListFilter:
        """The filter the valid form asks for."""
        data = self.cleaned_data
        return ListFilter(
            q=data["q"],
            village=self.village_ids.get(data["village"]),
            lacks=self.marks.get(data["lacks"]) if data["lacks"] else None,
            age_band=data["age"],
            not_visited_since=data["since"],
            sort=data["sort"],
        )

    def query(self, **changes: str) -> str:
        """The form's parameters as a query string (for page links), with ``changes``."""
        params = QueryDict(mutable=True)
        for name in FILTER_FIELDS:
            value = changes.get(name, self.data.get(name, ""))
            if value:
                params[name] = value
        for name, value in changes.items():
            if name not in FILTER_FIELDS and value:
                params[name] = value
        return params.urlencode()


def read_filter(
    data: QueryDict, *, kind: str, villages: list[UnitVersion], marks: Catalog
) -> ListFilter:
    """The filter of an export or a printed sheet, or a refusal naming the field that is wrong."""
    form = ListFilterForm(data, kind=kind, villages=villages, marks=marks)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise DomainError(
            CoreError.INVALID_INPUT,
            _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": errors[0]},
            field=name,
        )
    return form.to_filter()
