from django.urls import path

from langso.people import views

app_name = "people"

urlpatterns = [
    path("units/<str:code>/households/", views.households_page, name="households"),
    path("units/<str:code>/households/export.xlsx", views.households_xlsx, name="households_xlsx"),
    path("units/<str:code>/households/print/", views.households_print, name="households_print"),
    path("units/<str:code>/residents/", views.residents_page, name="residents"),
    path("units/<str:code>/residents/export.xlsx", views.residents_xlsx, name="residents_xlsx"),
    path("units/<str:code>/residents/print/", views.residents_print, name="residents_print"),
    path("units/<str:code>/households/add/", views.household_create, name="household_create"),
    path("units/<str:code>/residents/add/", views.resident_create, name="resident_create"),
    path("residents/<int:resident_id>/", views.resident_page, name="resident"),
    path("residents/<int:resident_id>/reveal/", views.resident_reveal, name="reveal"),
    path("residents/<int:resident_id>/consent/", views.consent_record, name="consent"),
    path("id-conflicts/", views.id_conflicts_page, name="id_conflicts"),
    path("id-conflicts/<int:conflict_id>/", views.id_conflict_resolve, name="id_conflict_resolve"),
]
