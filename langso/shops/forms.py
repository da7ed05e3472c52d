"""Forms of the shops pages: a business (registered or changed), the list's filters, a checklist
step, a household search.

The forms check what was typed or chosen (a choice that was offered, a length); what makes a
business right (a known bank, an account number's shape, a link on its platform's website) is
the services' to say, so the page, the API and the field app refuse the same things with the same
words. ``add_domain_error`` puts a service's refusal next to the field it names.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from langso.core import banks
from langso.core.errors import DomainError
from langso.shops import services
from langso.shops.models import Business, Category, OwnerKind, Platform

STARS = [("", gettext_lazy("No OCOP stars")), *[(str(n), "★" * n) for n in range(1, 6)]]


class AccountInput(forms.TextInput):
    """A text box for the account number that never writes a number back: the page shows the
    last four digits only, and a refused form is shown again without what was typed."""

    def __init__(self) -> None:
        super().__init__({"autocomplete": "off", "inputmode": "text", "maxlength": 40})

    def format_value(self, value: Any) -> str | None:
        return None


def choice(field: forms.Field) -> forms.ChoiceField:
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(field)
    return field


def link_field_name(platform: Platform) -> str:
    return f"link_{platform.code}"


class BusinessForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the business"),
        max_length=150,
        error_messages={"required": gettext_lazy("Give the business a name.")},
        help_text=gettext_lazy("As buyers know it, for example “Chè Shan tuyết Tông Lạnh”."),
    )
    owner_kind = forms.ChoiceField(
        label=gettext_lazy("Who owns it"),
        choices=OwnerKind.choices,
        initial=OwnerKind.PERSON,
        widget=forms.RadioSelect,
    )
    products = forms.CharField(
        label=gettext_lazy("Products"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text=gettext_lazy("What it sells, in the words buyers search for."),
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Kinds of products"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ocop_stars = forms.TypedChoiceField(
        label=gettext_lazy("OCOP stars"),
        choices=STARS,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Only for a product rated by the OCOP programme."),
    )
    bank_bin = forms.ChoiceField(label=gettext_lazy("Bank"), required=False)
    account = forms.CharField(
        label=gettext_lazy("Account number"),
        max_length=40,
        required=False,
        widget=AccountInput(),
    )
    account_name = forms.CharField(
        label=gettext_lazy("Account holder's name"),
        max_length=50,
        required=False,
        help_text=gettext_lazy(
            "As the bank writes it, in capitals without tones, for example “LO VAN CHE”."
        ),
    )
    listed = forms.BooleanField(
        label=gettext_lazy("Show the business on the commune's digital market page"),
        required=False,
        help_text=gettext_lazy(
            "Only with the household's agreement. Anyone can then read, without logging in: the "
            "name of the business, its village, its products and their kinds, its OCOP stars and "
            "its shop links. The household's people, the bank account and the checklist are "
            "never shown."
        ),
    )

    def __init__(
        self,
        *args: Any,
        platforms: list[Platform],
        business: Business | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.platforms = platforms
        choice(self.fields["bank_bin"]).choices = [
            ("", _("No bank account yet")),
            *[(bank.bin, f"{bank.short_name} — {bank.name}") for bank in banks.BANKS],
        ]
        if business is not None and business.account_tail:
            self.fields["account"].help_text = _(
                "Recorded: the number ending in %(tail)s. Leave the box empty to keep it; type "
                "a number to replace it."
            ) % {"tail": business.account_tail}
        else:
            self.fields["account"].help_text = _(
                "6 to 19 digits or letters; spaces and dots are removed. Only its last four "
                "digits are shown afterwards."
            )
        for platform in platforms:
            self.fields[link_field_name(platform)] = forms.CharField(
                label=platform.label,
                max_length=500,
                required=False,
                widget=forms.URLInput(
                    attrs={
                        "inputmode": "url",
                        "placeholder": f"{platform.home}/…" if platform.home else "https://…",
                        "autocomplete": "off",
                    }
                ),
            )

    def link_fields(self) -> list[forms.BoundField]:
        return [self[link_field_name(platform)] for platform in self.platforms]

    def data_for_service(self, *, keep_account: bool) -> services.BusinessData:
        data = self.cleaned_data
        account = data.get("account") or ""
        return services.BusinessData(
            name=data.get("name") or "",
            owner_kind=data.get("owner_kind") or OwnerKind.PERSON,
            products=data.get("products") or "",
            categories=list(data.get("categories") or []),
            ocop_stars=data.get("ocop_stars"),
            bank_bin=data.get("bank_bin") or "",
            # An empty box keeps the number recorded (the page never shows it to retype).
            account=account if account.strip() or not keep_account else None,
            account_name=data.get("account_name") or "",
            listed=bool(data.get("listed")),
            links={
                platform.code: data.get(link_field_name(platform)) or ""
                for platform in self.platforms
            },
        )


def initial_of(business: Business, links: dict[str, str]) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "name": business.name,
        "owner_kind": business.owner_kind,
        "products": business.products,
        "categories": list(business.categories or []),
        "ocop_stars": str(business.ocop_stars) if business.ocop_stars else "",
        "bank_bin": business.bank_bin,
        "account_name": business.account_name,
        "listed": business.listed,
    }
    for code, url in links.items():
        initial[f"link_{code}"] = url
    return initial


def add_domain_error(form: BusinessForm, error: DomainError) -> None:
    """Show a refusal from a service on the field it concerns (or above the form); the service
    names a link's problem "links": it goes on the box of the link it concerns."""
    where = error.field or ""
    message = str(error.message)
    if where == "links":
        where = _link_field(form, message)
    form.add_error(where if where in form.fields else None, message)


def _link_field(form: BusinessForm, message: str) -> str:
    """The box of the link a refusal is about: the one its message quotes, else the first that
    the trust checker cannot read as a web address, else the first link given."""
    given = [
        (link_field_name(platform), (form.cleaned_data.get(link_field_name(platform)) or ""))
        for platform in form.platforms
    ]
    given = [(name, url.strip()) for name, url in given if url.strip()]
    for name, url in given:
        if url[:80] in message:
            return name
    for name, url in given:
        try:
            services.link_check(url)
        except DomainError:
            return name
    return given[0][0] if given else ""


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or product"), max_length=100, required=False)
    category = forms.ChoiceField(label=gettext_lazy("Kind of products"), required=False)
    unit = forms.ChoiceField(label=gettext_lazy("Commune or village"), required=False)
    flagged = forms.BooleanField(label=gettext_lazy("Only links flagged"), required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice(self.fields["category"]).choices = [("", _("Every kind")), *Category.choices]
        choice(self.fields["unit"]).choices = [("", _("Every commune and village")), *units]


class StepForm(forms.Form):
    track = forms.CharField(max_length=30, required=False)
    step = forms.CharField(max_length=30)
    value = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Household number or head of household's name"),
        max_length=100,
        required=False,
    )
