"""The field app's module for businesses, at an address under the app's own (``/field/``), so
that the app's service worker keeps it; mounted by the project, since ``visits`` (which serves
the rest of the field app) sits below this app and does not import it."""

from django.urls import URLPattern, path

from langso.shops import field_views

app_name = "shops_field"

urlpatterns: list[URLPattern] = [
    path("field/shops.js", field_views.field_module, name="module"),
]
