from django.urls import URLPattern, path

from langso.learning import cert_views as views

app_name = "certificates"

urlpatterns: list[URLPattern] = [
    # Public: what the QR code on a certificate opens.
    path("xac-nhan/", views.check, name="check"),
    path("xac-nhan/<str:code>/", views.verify, name="verify"),
    # Back office.
    path("certificates/", views.certificate_list, name="list"),
    path("certificates/village/<str:code>/", views.village_page, name="village"),
    path("certificates/village/<str:code>/issue/", views.village_issue, name="village_issue"),
    path("certificates/village/<str:code>/print.pdf", views.village_pdf, name="village_pdf"),
    path("certificates/commune/<str:commune_code>/", views.settings_page, name="settings"),
    path("certificates/resident/<int:resident_id>/issue/", views.resident_issue, name="issue"),
    path("certificates/<str:certificate_code>/print.pdf", views.certificate_pdf, name="pdf"),
    path("certificates/<str:certificate_code>/revoke/", views.certificate_revoke, name="revoke"),
]
