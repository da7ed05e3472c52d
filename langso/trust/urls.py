from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from langso.trust import views

app_name = "trust"

urlpatterns: list[URLPattern | URLResolver] = [
    path("kiem-tra", views.check_page, name="check"),
    # The address as people type it from a poster, with a slash: to the page, query and all.
    path(
        "kiem-tra/",
        RedirectView.as_view(pattern_name="trust:check", permanent=True, query_string=True),
    ),
    path("kiem-tra/bao-cao", views.report_page, name="report"),
    path("kiem-tra/kiem-duyet", views.moderation_page, name="moderation"),
    path("kiem-tra/kiem-duyet/<int:report_id>", views.moderate, name="moderate"),
]
