from django.urls import URLPattern

app_name = "guides"

urlpatterns: list[URLPattern] = []
