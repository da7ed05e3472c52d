from django.urls import include, path, re_path
from django.views.generic import RedirectView

from langso.accounts.admin_site import admin_site
from langso.api import api, unknown_address

# Errors raised outside the API's operations still answer its JSON shape under /api/.
handler500 = "langso.api.server_error"

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; the site's icon is the field app's.
    path(
        "favicon.ico",
        RedirectView.as_view(pattern_name="visits:icon", permanent=True),
        {"size": 192},
    ),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_address),
    path("admin/", admin_site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("langso.accounts.urls")),
    path("", include("langso.homes.urls")),
    path("", include("langso.units.urls")),
    path("", include("langso.teams.urls")),
    path("", include("langso.people.urls")),
    path("", include("langso.people.import_urls")),
    path("", include("langso.people.edit_urls")),
    path("", include("langso.dashboards.urls")),
    path("", include("langso.visits.urls")),
    path("", include("langso.shops.field_urls")),
    path("", include("langso.trust.urls")),
    path("", include("langso.feedback.urls")),
    path("campaigns/", include("langso.campaigns.urls")),
    path("", include("langso.outreach.urls")),
    path("campaigns/", include("langso.campaigns.assign_urls")),
    path("reports/", include("langso.reports.urls")),
    path("", include("langso.learning.guide_urls")),
    path("", include("langso.learning.skill_urls")),
    path("", include("langso.learning.cert_urls")),
    path("recognition/", include("langso.reports.recognition_urls")),
    # Household businesses (/shops/…) and the communes' public market pages (/cho/…).
    path("", include("langso.shops.urls")),
    # The Zalo Official Account posts its events here (signed; outreach/zalo_webhook.py).
    path("outreach/zalo/webhook", include("langso.outreach.zalo_webhook")),
]
