from django.contrib import admin
from django.http import HttpRequest

from langso.accounts.admin_site import admin_site
from langso.trust.models import BlockSource, Brand, OfficialDomain, Report


class OfficialDomainInline(admin.TabularInline[OfficialDomain, Brand]):
    model = OfficialDomain
    extra = 0


@admin.register(Brand, site=admin_site)
class BrandAdmin(admin.ModelAdmin[Brand]):
    list_display = ["name", "sector", "slug", "catalog_version"]
    list_filter = ["sector"]
    search_fields = ["name", "slug"]
    inlines = [OfficialDomainInline]


@admin.register(BlockSource, site=admin_site)
class BlockSourceAdmin(admin.ModelAdmin[BlockSource]):
    list_display = ["name", "format", "listed_on", "imported_at", "entries"]
    readonly_fields = [
        "name",
        "format",
        "file_name",
        "listed_on",
        "imported_at",
        "entries",
        "skipped",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Report, site=admin_site)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ["shown", "kind", "status", "created_at", "moderated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["value", "shown"]
    readonly_fields = ["kind", "value", "path", "bank", "shown", "story", "reporter", "created_at"]
