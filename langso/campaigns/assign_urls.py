"""Sharing a campaign's households among members, and each member's to-do.

Mounted under /campaigns/ beside the campaign pages (``langso.campaigns.urls``), on paths
those do not use: a campaign's villages and its to-do.
"""

from django.urls import path

from langso.campaigns import assign_views

app_name = "campaign_work"

urlpatterns = [
    path("<int:campaign_id>/villages/", assign_views.villages_page, name="villages"),
    path("<int:campaign_id>/villages/<str:code>/", assign_views.village_page, name="village"),
    path("<int:campaign_id>/villages/<str:code>/split/", assign_views.split_even, name="split"),
    path("<int:campaign_id>/villages/<str:code>/give/", assign_views.give, name="give"),
    path(
        "<int:campaign_id>/villages/<str:code>/households/<int:household_id>/",
        assign_views.household_page,
        name="household",
    ),
    path("<int:campaign_id>/to-do/", assign_views.to_do_page, name="to_do"),
]
