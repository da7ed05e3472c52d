from django.urls import path

from langso.homes import views

app_name = "homes"

urlpatterns = [
    path("", views.home, name="home"),
    path("home/imports/", views.imports_page, name="imports"),
    path("home/<str:code>/quiet-villages/", views.quiet_villages_page, name="quiet_villages"),
    path("home/<str:code>/teams/", views.teams_page, name="teams"),
    path("home/<str:code>/without-account/", views.without_account_page, name="without_account"),
    path("home/<str:code>/not-visited/", views.not_visited_page, name="not_visited"),
    path("home/<str:code>/to-do/", views.to_do_page, name="to_do"),
]
