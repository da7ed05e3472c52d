from django.urls import URLPattern, path

from langso.campaigns import views

app_name = "campaigns"

urlpatterns: list[URLPattern] = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:campaign_id>/", views.campaign_page, name="campaign"),
    path("<int:campaign_id>/goals/", views.campaign_goals, name="goals"),
    path("<int:campaign_id>/activate/", views.campaign_activate, name="activate"),
    path("<int:campaign_id>/close/", views.campaign_close, name="close"),
    path("<int:campaign_id>/targets/<str:code>/", views.campaign_targets, name="targets"),
    path("<int:campaign_id>/export.xlsx", views.campaign_xlsx, name="xlsx"),
]
