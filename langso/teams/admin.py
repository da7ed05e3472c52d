from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from langso.accounts.admin_site import admin_site
from langso.core.errors import DomainError
from langso.core.phone import normalize_phone
from langso.teams.models import Membership, Person, Team, ZaloGroup
from langso.teams.services import phone_index


class MembershipInline(admin.TabularInline[Membership, Team]):
    model = Membership
    extra = 0
    raw_id_fields = ["person"]


class ZaloInline(admin.TabularInline[ZaloGroup, Team]):
    model = ZaloGroup
    extra = 0


@admin.register(Team, site=admin_site)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "valid_from", "valid_until"]
    search_fields = ["name"]
    raw_id_fields = ["unit", "successor", "opened_by", "closed_by"]
    inlines = [MembershipInline, ZaloInline]


@admin.register(Person, site=admin_site)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["full_name", "phone_masked", "user"]
    search_fields = ["full_name_folded", "full_name"]
    raw_id_fields = ["user"]
    exclude = ["full_name_folded"]
    # What the team sees of the number is the member's own choice (their consent), made on the
    # team page; the admin shows it without changing it.
    readonly_fields = ["phone_masked", "phone_visibility"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Person], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        """Names as usual, and a whole phone number through its blind index (the number itself
        is not stored, so no part of one can be searched)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            number = normalize_phone(search_term)
        except DomainError:
            return found, may_have_duplicates
        return found | queryset.filter(phone_index=phone_index(number)), may_have_duplicates
