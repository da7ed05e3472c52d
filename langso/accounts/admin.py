from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy, ngettext

from langso.accounts import services
from langso.accounts.admin_site import admin_site
from langso.accounts.models import ApiToken, RoleAssignment, User


class RoleInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User, site=admin_site)
class UserAdmin(BaseUserAdmin[User]):
    inlines = [RoleInline]
    list_display = ["username", "full_name", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "full_name"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (None, {"fields": ["full_name"]}),
    )
    actions = ["unlock_login"]

    @admin.action(description=gettext_lazy("Lift the login lock (wrong passwords)"))
    def unlock_login(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = list(queryset)
        for user in users:
            services.login_unlock(actor=request.user, user=user)
        done = ngettext(
            "Login lock lifted for %(count)s user.",
            "Login locks lifted for %(count)s users.",
            len(users),
        )
        self.message_user(request, done % {"count": len(users)}, messages.SUCCESS)


@admin.register(ApiToken, site=admin_site)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["user", "browser", "system", "created_at", "last_used_at", "revoked_at"]
    # Revoking goes through the services (and the audit log), never through this form.
    readonly_fields = [
        "user",
        "digest",
        "created_at",
        "last_used_at",
        "browser",
        "system",
        "device_name",
        "revoked_at",
        "revoked_by",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False
