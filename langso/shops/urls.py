from django.urls import URLPattern, path

from langso.shops import views

app_name = "shops"

urlpatterns: list[URLPattern] = [
    path("shops/", views.business_list, name="list"),
    path("shops/new/", views.business_new, name="new"),
    path("shops/flagged/", views.flagged_page, name="flagged"),
    path("shops/links/<uuid:link_id>/seen/", views.flag_clear, name="flag_clear"),
    path("shops/<uuid:business_id>/", views.business_page, name="business"),
    path("shops/<uuid:business_id>/edit/", views.business_edit, name="edit"),
    path("shops/<uuid:business_id>/close/", views.business_close, name="close"),
    path("shops/<uuid:business_id>/steps/", views.step_record, name="step"),
    path(
        "shops/<uuid:business_id>/stand.<str:fmt>",
        views.stand_file,
        name="stand",
    ),
    # The public market pages ("chợ"), typed from a poster: short Vietnamese addresses.
    path("cho/", views.market_index, name="market_index"),
    path("cho/<str:commune_code>/", views.market_page, name="market"),
]
