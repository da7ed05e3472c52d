from django.contrib import admin

from langso.accounts.admin_site import admin_site
from langso.teams.models import Membership, Person, Team, ZaloGroup


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
    list_display = ["full_name", "phone", "user"]
    search_fields = ["full_name_folded", "full_name", "phone"]
    raw_id_fields = ["user"]
    exclude = ["full_name_folded"]
