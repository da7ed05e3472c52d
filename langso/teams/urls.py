from django.urls import path

from langso.teams import views

app_name = "teams"

urlpatterns = [
    path("units/<str:code>/", views.unit_page, name="unit"),
    path("units/<str:code>/coverage.xlsx", views.coverage_xlsx, name="coverage_xlsx"),
    path("units/<str:code>/team/", views.team_create, name="team_create"),
    path("teams/<int:team_id>/", views.team_page, name="team"),
    path("teams/<int:team_id>/members/", views.member_add, name="member_add"),
    path(
        "teams/<int:team_id>/members/<int:membership_id>/end/",
        views.member_end,
        name="member_end",
    ),
    path(
        "teams/<int:team_id>/members/<int:person_id>/reveal-phone/",
        views.member_phone_reveal,
        name="member_phone_reveal",
    ),
    path("teams/<int:team_id>/my-phone/", views.my_phone, name="my_phone"),
    path("teams/<int:team_id>/zalo/", views.zalo_set, name="zalo_set"),
]
