"""Forms of the household pages: add a household or a resident, record consent, show a number."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from langso.core.dates import today
from langso.core.errors import DomainError
from langso.people import cells
from langso.people.ethnicity import ETHNIC_VARIANTS
from langso.people.models import Household, LifeEventKind, Sex
from langso.people.services import ResidentData

# Where a service names a field differently from the form that feeds it.
FIELD_OF = {"birth": "birth_date"}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a refusal from a service on the field it concerns (or above the form)."""
    field = FIELD_OF.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, str(error.message))


class NumberInput(forms.TextInput):
    """A text box for an ID or phone number that never writes a submitted number back.

    A refused form is shown again without it: a page must not carry a full number, and the
    person retypes it anyway to correct it.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return None


class HouseholdForm(forms.Form):
    number = forms.CharField(label=_("Household number"), max_length=30, required=False)
    head_name = forms.CharField(
        label=_("Head of household"),
        max_length=150,
        required=False,
        help_text=_("Filled in by itself when you add the head as a resident."),
    )
    is_business = forms.BooleanField(label=_("Household business"), required=False)


class HouseholdChoice(forms.ModelChoiceField[Household]):
    def label_from_instance(self, obj: Household) -> str:
        name = obj.head_name or _("(no head yet)")
        return f"{obj.number} · {name}" if obj.number else str(name)


class ResidentForm(forms.Form):
    household = HouseholdChoice(label=_("Household"), queryset=Household.objects.none())
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1880,
        help_text=_("When only the year is known."),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    ethnicity = forms.CharField(
        label=_("Ethnicity"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "ethnic-groups"}),
    )
    relationship = forms.CharField(
        label=_("Relationship to the head"), max_length=60, required=False
    )
    is_head = forms.BooleanField(label=_("Head of household"), required=False)
    id_number = forms.CharField(
        label=_("Citizen ID number (CCCD) or old ID card (CMND)"),
        max_length=20,
        required=False,
        widget=NumberInput({"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=NumberInput({"inputmode": "tel"})
    )

    def __init__(self, *args: Any, households: QuerySet[Household], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(HouseholdChoice, self.fields["household"]).queryset = households

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("birth_year")
        if year is not None and year > today().year:
            raise forms.ValidationError(_("The year of birth is in the future."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born, year = data.get("birth_date"), data.get("birth_year")
        if born is not None and year is not None and born.year != year:
            self.add_error(
                "birth_year", _("The year of birth does not agree with the date of birth.")
            )
        return data

    def resident_data(self) -> ResidentData:
        data = self.cleaned_data
        return ResidentData(
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            birth_year=data["birth_year"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            relationship=data["relationship"],
            is_head=data["is_head"],
            id_number=data["id_number"],
            phone=data["phone"],
        )


ETHNIC_GROUPS = list(ETHNIC_VARIANTS)


WHAT_CHOICES = [("id", _("ID number")), ("phone", _("Phone number"))]


class RevealForm(forms.Form):
    what = forms.ChoiceField(label=_("Number"), choices=WHAT_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why do you need the full number?"),
        max_length=300,
        help_text=_("Written to the audit log with your name and the time."),
    )

    def __init__(
        self, *args: Any, has_id: bool = True, has_phone: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        shown = {"id": has_id, "phone": has_phone}
        choices = [(value, label) for value, label in WHAT_CHOICES if shown[value]]
        cast(forms.ChoiceField, self.fields["what"]).choices = choices
        if len(choices) == 1:
            self.initial.setdefault("what", choices[0][0])


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("Consent"),
        choices=[("yes", _("Given")), ("no", _("Not given"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        help_text=_(
            "What the resident agrees to, for example: guidance on digital services. "
            "“Nhận thông báo” lets the commune send them its announcements by SMS or Zalo."
        ),
        widget=forms.TextInput(attrs={"list": "consent-purposes"}),
    )
    recorded_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )

    def clean_recorded_on(self) -> Any:
        day = self.cleaned_data.get("recorded_on")
        if day is not None and day > today():
            raise forms.ValidationError(_("The date is in the future."))
        return day


# Corrections, life events and merges ---------------------------------------------------------

# What the relationship to the head is usually written as on household lists (the importer
# takes any text; the form offers these, and keeps a value recorded otherwise).
RELATIONSHIPS = [
    "Chủ hộ",
    "Vợ",
    "Chồng",
    "Con",
    "Con dâu",
    "Con rể",
    "Cháu",
    "Bố",
    "Mẹ",
    "Ông",
    "Bà",
    "Anh",
    "Chị",
    "Em",
    "Người ở nhờ",
]


def _as_form_error(error: DomainError) -> forms.ValidationError:
    """A refusal of the importer's cell checks, word for word, on the form's field."""
    return forms.ValidationError(str(error.message), code=str(error.code))


class ResidentEditForm(forms.Form):
    """A resident's data, checked by the importer's own cell parsers (``cells``): whatever the
    importer refuses, the form refuses with the same message."""

    full_name = forms.CharField(label=_("Full name"), max_length=400)
    birth = forms.CharField(
        label=_("Date of birth or year of birth"),
        required=False,
        max_length=40,
        help_text=_("dd/mm/yyyy, or the year alone when only the year is known."),
    )
    sex = forms.CharField(
        label=_("Sex"),
        required=False,
        widget=forms.Select(choices=[("", "—"), *Sex.choices]),
    )
    ethnicity = forms.CharField(label=_("Ethnicity"), required=False, max_length=100)
    relationship = forms.CharField(label=_("Relationship to the head"), required=False)
    id_number = forms.CharField(
        label=_("New citizen ID number (CCCD) or old ID card (CMND)"),
        max_length=40,
        required=False,
        widget=NumberInput({"inputmode": "numeric"}),
        help_text=_("Leave empty to keep the number recorded."),
    )
    clear_id = forms.BooleanField(label=_("Remove the ID number"), required=False)
    phone = forms.CharField(
        label=_("New phone number"),
        max_length=40,
        required=False,
        widget=NumberInput({"inputmode": "tel"}),
        help_text=_("Leave empty to keep the number recorded."),
    )
    clear_phone = forms.BooleanField(label=_("Remove the phone number"), required=False)

    def __init__(self, *args: Any, current_relationship: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = [("", "—"), *((name, name) for name in ETHNIC_GROUPS)]
        self.fields["ethnicity"].widget = forms.Select(choices=groups)
        known = list(RELATIONSHIPS)
        if current_relationship and current_relationship not in known:
            known.append(current_relationship)
        self.fields["relationship"].widget = forms.Select(
            choices=[("", "—"), *((name, name) for name in known)]
        )

    def _cell(self, name: str, parse: Any) -> Any:
        try:
            return parse(self.cleaned_data.get(name, ""))
        except DomainError as error:
            raise _as_form_error(error) from None

    def clean_full_name(self) -> str:
        return str(self._cell("full_name", lambda value: cells.parse_text(value, max_length=150)))

    def clean_birth(self) -> tuple[Any, Any]:
        return cast(tuple[Any, Any], self._cell("birth", cells.parse_birth))

    def clean_sex(self) -> str:
        return self._cell("sex", cells.parse_sex) or ""

    def clean_ethnicity(self) -> str:
        return self._cell("ethnicity", cells.parse_ethnicity) or ""

    def clean_relationship(self) -> tuple[str, bool]:
        return cast(tuple[str, bool], self._cell("relationship", cells.parse_relationship))

    def clean_id_number(self) -> str:
        return self._cell("id_number", cells.parse_id_cell) or ""

    def clean_phone(self) -> str:
        return self._cell("phone", cells.parse_phone) or ""

    def resident_data(self) -> ResidentData:
        data = self.cleaned_data
        born, year = data["birth"]
        relationship, is_head = data["relationship"]
        return ResidentData(
            full_name=data["full_name"],
            birth_date=born,
            birth_year=year,
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            relationship=relationship,
            is_head=is_head,
            id_number=data["id_number"],
            phone=data["phone"],
        )


class HouseholdEditForm(forms.Form):
    number = forms.CharField(label=_("Household number"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    village = forms.TypedChoiceField(label=_("Village"), coerce=int)

    def __init__(self, *args: Any, villages: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["village"]).choices = villages


class DepartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            (LifeEventKind.DIED.value, _("Died")),
            (LifeEventKind.WITHDRAWN.value, _("Recorded by mistake (does not live here)")),
        ],
        widget=forms.RadioSelect,
    )
    happened_on = forms.DateField(
        label=_("On"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReinstateForm(forms.Form):
    reason = forms.CharField(label=_("Why the record was wrong"), max_length=300)


class MoveForm(forms.Form):
    household = forms.TypedChoiceField(label=_("To the household"), coerce=int)
    happened_on = forms.DateField(
        label=_("Moved on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, households: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["household"]).choices = households


class MergeForm(forms.Form):
    other = forms.TypedChoiceField(label=_("The same as"), coerce=int)

    def __init__(self, *args: Any, others: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["other"]).choices = others
