from django.urls import path

from langso.people import import_views

app_name = "imports"

urlpatterns = [
    path("units/<str:code>/import/", import_views.upload, name="upload"),
    path("imports/template.xlsx", import_views.template, name="template"),
    path("imports/<uuid:job_id>/", import_views.job, name="job"),
    path("imports/<uuid:job_id>/confirm/", import_views.confirm, name="confirm"),
    path("imports/<uuid:job_id>/cancel/", import_views.cancel, name="cancel"),
    path("imports/<uuid:job_id>/rejected.xlsx", import_views.rejected, name="rejected"),
]
