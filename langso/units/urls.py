from django.urls import path

from langso.units import views

app_name = "units"

urlpatterns = [
    path("", views.home, name="home"),
    path("units/search/", views.search, name="search"),
    path("units/<str:code>/history/", views.history, name="history"),
    path("units/<str:code>/villages/", views.village_create, name="village_create"),
]
