from django.urls import URLPattern, path

from langso.dashboards import views

app_name = "dashboards"

urlpatterns: list[URLPattern] = [
    path("units/<str:code>/dashboard/", views.unit_dashboard, name="unit"),
    path("units/<str:code>/dashboard.xlsx", views.dashboard_xlsx, name="xlsx"),
]
