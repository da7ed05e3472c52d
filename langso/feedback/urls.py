from django.urls import URLPattern, URLResolver, path, re_path

from langso.feedback import open311_views as o311
from langso.feedback import views

app_name = "feedback"

FMT = r"\.(?P<fmt>json|xml)$"
act = views.report_action

urlpatterns: list[URLPattern | URLResolver] = [
    # Citizens, no account
    path("feedback/", views.report_new, name="new"),
    path("feedback/places/", views.places, name="places"),
    path("feedback/track/", views.track, name="track"),
    path("feedback/track/<str:code>/", views.track_report, name="track_report"),
    # The commune's officers
    path("feedback/reports/", views.queue, name="queue"),
    # Before the report's own address, which would take "new" for a tracking code.
    path("feedback/reports/new/", views.officer_new, name="officer_new"),
    path("feedback/reports/new/places/", views.officer_places, name="officer_places"),
    path("feedback/reports/<str:code>/", views.report_page, name="report"),
    path("feedback/reports/<str:code>/status/", act, {"action": "status"}, name="status"),
    path("feedback/reports/<str:code>/assign/", act, {"action": "assign"}, name="assign"),
    path("feedback/reports/<str:code>/note/", act, {"action": "note"}, name="note"),
    path("feedback/reports/<str:code>/reply/", act, {"action": "reply"}, name="reply"),
    path("feedback/reports/<str:code>/duplicate/", act, {"action": "duplicate"}, name="duplicate"),
    path("feedback/reports/<str:code>/route/", act, {"action": "route"}, name="route"),
    path("feedback/reports/<str:code>/hide/", act, {"action": "hide"}, name="hide"),
    path("feedback/reports/<str:code>/reveal/", views.report_reveal, name="reveal"),
    path("feedback/photos/<int:photo_id>/", views.photo, name="photo"),
    path("feedback/dashboard/", views.dashboard, name="dashboard"),
    path("feedback/dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("feedback/outbox/", views.outbox, name="outbox"),
    # Open311 GeoReport v2
    path("open311/v2/", o311.root, name="open311_root"),
    re_path(r"^open311/v2/discovery" + FMT, o311.discovery, name="open311_discovery"),
    re_path(r"^open311/v2/services" + FMT, o311.service_list, name="open311_services"),
    re_path(
        r"^open311/v2/services/(?P<code>[^/]+)" + FMT,
        o311.service_definition,
        name="open311_service",
    ),
    re_path(r"^open311/v2/requests" + FMT, o311.requests, name="open311_requests"),
    re_path(
        r"^open311/v2/requests/(?P<code>[^/]+)" + FMT,
        o311.request_detail,
        name="open311_request",
    ),
    re_path(r"^open311/v2/tokens/(?P<token_id>[^/]+)" + FMT, o311.token, name="open311_token"),
    re_path(r"^open311/v2/(?P<rest>.*)\.json$", o311.unknown, {"fmt": "json"}),
    re_path(r"^open311/v2/(?P<rest>.+)$", o311.unknown, {"fmt": "xml"}),
]
