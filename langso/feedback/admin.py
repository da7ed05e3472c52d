from django.contrib import admin

from langso.accounts.admin_site import admin_site
from langso.feedback.models import CalendarDay, Category, Open311Key


@admin.register(Category, site=admin_site)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["code", "name_vi", "group", "deadline_days", "is_active", "order"]
    list_editable = ["deadline_days", "is_active", "order"]


@admin.register(CalendarDay, site=admin_site)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ["day", "is_working", "note"]


@admin.register(Open311Key, site=admin_site)
class Open311KeyAdmin(admin.ModelAdmin[Open311Key]):
    """Keys are made by `create_open311_key`; here they can only be seen and revoked."""

    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
