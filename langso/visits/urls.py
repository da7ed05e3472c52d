from django.urls import URLPattern, URLResolver, path

from langso.reports import recognition_views
from langso.visits import correction_views, views

app_name = "visits"

urlpatterns: list[URLPattern | URLResolver] = [
    path("field/", views.shell, name="field"),
    path("field/sw.js", views.service_worker, name="sw"),
    path("field/learning.js", views.learning_module, name="learning"),
    path("field/inbox.js", views.inbox_module, name="inbox"),
    # The member's record of the month: reports' module, at a short address under the app's.
    path("field/month.js", recognition_views.field_module, name="month"),
    path("field/manifest.webmanifest", views.manifest, name="manifest"),
    path("field/icon-<int:size>.png", views.icon, name="icon"),
    path("corrections/", correction_views.corrections_page, name="corrections"),
    path(
        "corrections/<uuid:correction_id>/",
        correction_views.correction_decide,
        name="correction_decide",
    ),
    path("units/<str:code>/visits/", views.unit_visits, name="unit"),
    path("teams/<int:team_id>/activity/", views.team_activity, name="activity"),
]
