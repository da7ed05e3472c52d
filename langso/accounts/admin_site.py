from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(admin.AdminSite):
    """Django's admin, for superusers who have passed their second factor, and nobody else."""

    site_header = _("Làng Số administration")
    site_title = _("Làng Số administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_superuser and getattr(user, "is_verified", lambda: False)()
        )


admin_site = SuperuserAdminSite(name="admin")
