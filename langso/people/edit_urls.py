"""Correcting households and residents, their life events, merges and likely duplicates."""

from django.urls import path

from langso.people import edit_views

app_name = "corrections"

urlpatterns = [
    path("households/<int:household_id>/", edit_views.household_page, name="household"),
    path("households/<int:household_id>/edit/", edit_views.household_edit, name="household_edit"),
    path(
        "households/<int:household_id>/merge/", edit_views.household_merge, name="household_merge"
    ),
    path("residents/<int:resident_id>/edit/", edit_views.resident_edit, name="resident_edit"),
    path("residents/<int:resident_id>/move/", edit_views.resident_move, name="resident_move"),
    path("residents/<int:resident_id>/depart/", edit_views.resident_depart, name="resident_depart"),
    path(
        "residents/<int:resident_id>/reinstate/",
        edit_views.resident_reinstate,
        name="resident_reinstate",
    ),
    path("units/<str:code>/duplicates/", edit_views.duplicates_page, name="duplicates"),
    path("units/<str:code>/duplicates/merge/", edit_views.resident_merge, name="resident_merge"),
]
