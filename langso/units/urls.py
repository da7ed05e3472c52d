from django.urls import path
from django.views.generic import RedirectView

from langso.units import views

app_name = "units"

urlpatterns = [
    # The home is each role's own page now (langso.homes, mounted first, so this never answers);
    # the name stays so that links written as units:home still lead there.
    path("", RedirectView.as_view(pattern_name="homes:home"), name="home"),
    path("units/search/", views.search, name="search"),
    path("units/<str:code>/history/", views.history, name="history"),
    path("units/<str:code>/villages/", views.village_create, name="village_create"),
]
