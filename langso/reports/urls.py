from django.urls import URLPattern, path

from langso.reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<int:official_report_id>/", views.report_page, name="report"),
    path("<int:official_report_id>/refresh/", views.report_refresh, name="refresh"),
    path("<int:official_report_id>/issue/", views.report_issue, name="issue"),
    path("<int:official_report_id>/correct/", views.report_correct, name="correct"),
    path("<int:official_report_id>/discard/", views.report_discard, name="discard"),
    path("<int:official_report_id>/file.<str:fmt>", views.report_download, name="file"),
]
