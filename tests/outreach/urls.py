"""The project's URLs with the Zalo webhook where the outreach app will mount it."""

from django.urls import include, path

from config.urls import urlpatterns as project

urlpatterns = [
    path("outreach/zalo/webhook", include("langso.outreach.zalo_webhook")),
    *project,
]
