"""Units in the admin: read their history freely; create units only through the service.

Editing a version in place would rewrite the past, so versions and events are read-only here;
changes to existing units are recorded as events (services, or the pages that call them).
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from langso.access import Actor
from langso.accounts.admin_site import admin_site
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.units import selectors, services
from langso.units.models import Kind, UnitEvent, UnitEventEdge, UnitVersion


class UnitCreateForm(forms.ModelForm[UnitVersion]):
    parent_code = forms.CharField(label=_("Code of the parent unit"), required=False)
    # The administrator using the form (``UnitVersionAdmin.get_form`` binds it): the service
    # checks them like anyone else.
    actor: Actor

    class Meta:
        model = UnitVersion
        fields = ["name", "kind", "code", "valid_from"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Villages may leave it empty: a local code is made.")
        self.fields["valid_from"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("valid_from") or today()
        parent = None
        if data.get("parent_code"):
            try:
                parent = selectors.unit_get(actor=self.actor, code=data["parent_code"], on=day).unit
            except DomainError as exc:
                raise ValidationError({"parent_code": str(exc.message)}) from exc
        try:
            self.created = services.unit_create(
                actor=self.actor,
                name=data.get("name", ""),
                kind=Kind(data.get("kind", Kind.VILLAGE)),
                parent=parent,
                code=data.get("code") or None,
                valid_from=day,
            )
        except DomainError as exc:
            field = exc.field if exc.field in self.fields else None
            raise ValidationError({field or "__all__": str(exc.message)}) from exc
        return data


class EdgeInline(admin.TabularInline[UnitEventEdge, UnitEvent]):
    model = UnitEventEdge
    extra = 0
    can_delete = False
    readonly_fields = ["role", "source", "target", "is_main"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(UnitVersion, site=admin_site)
class UnitVersionAdmin(admin.ModelAdmin[UnitVersion]):
    list_display = ["code", "name", "kind", "valid_from", "valid_until", "opened_by", "closed_by"]
    list_filter = ["kind"]
    search_fields = ["code", "name_folded", "name"]
    ordering = ["code", "valid_from"]
    add_form = UnitCreateForm

    def get_form(
        self,
        request: HttpRequest,
        obj: UnitVersion | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[UnitVersion]]:
        if obj is None:
            return type("UnitCreateForm", (UnitCreateForm,), {"actor": request.user})
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: UnitVersion | None = None) -> Any:
        if obj is None:
            return ["name", "kind", "parent_code", "code", "valid_from"]
        return [
            "unit",
            "code",
            "name",
            "kind",
            "parent",
            "valid_from",
            "valid_until",
            "opened_by",
            "closed_by",
        ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: UnitVersion | None = None
    ) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: UnitVersion, form: Any, change: bool) -> None:
        # The service already created the unit in form.clean(); show its first version.
        created = form.created.versions.order_by("valid_from").first()
        obj.pk = created.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Nothing to save: the service wrote everything."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(UnitEvent, site=admin_site)
class UnitEventAdmin(admin.ModelAdmin[UnitEvent]):
    list_display = ["effective", "kind", "key", "legal_basis"]
    list_filter = ["kind"]
    search_fields = ["key", "legal_basis", "note"]
    inlines = [EdgeInline]
    readonly_fields = ["key", "kind", "effective", "legal_basis", "recorded_at", "recorded_by"]
    fields = [*readonly_fields, "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
