from django.urls import URLPattern, URLResolver, path

from langso.trust import views

app_name = "trust"

urlpatterns: list[URLPattern | URLResolver] = [
    path("kiem-tra", views.check_page, name="check"),
    path("kiem-tra/bao-cao", views.report_page, name="report"),
    path("kiem-tra/kiem-duyet", views.moderation_page, name="moderation"),
    path("kiem-tra/kiem-duyet/<int:report_id>", views.moderate, name="moderate"),
]
