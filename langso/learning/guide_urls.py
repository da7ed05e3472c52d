from django.urls import URLPattern, path

from langso.learning import guide_views as views

app_name = "guides"

urlpatterns: list[URLPattern] = [
    # Public: anyone, no login.
    path("huong-dan/", views.guide_list, name="list"),
    path("huong-dan/anh/<str:digest>", views.guide_image, name="image"),
    path("huong-dan/<slug:slug>/", views.guide_page, name="page"),
    path("huong-dan/<slug:slug>/poster.pdf", views.guide_poster, name="poster"),
    path("huong-dan/<slug:slug>/to-gap.pdf", views.guide_leaflet, name="leaflet"),
    # The editors' back office (province officers).
    path("guides/manage/", views.manage_list, name="manage"),
    path("guides/manage/new/", views.manage_new, name="new"),
    path("guides/manage/<slug:slug>/", views.manage_edit, name="edit"),
    path("guides/manage/<slug:slug>/versions/", views.manage_versions, name="versions"),
    path(
        "guides/manage/<slug:slug>/versions/<int:number>/",
        views.manage_version,
        name="version",
    ),
    path("guides/manage/<slug:slug>/publish/", views.manage_publish, name="publish"),
    path("guides/manage/<slug:slug>/unpublish/", views.manage_unpublish, name="unpublish"),
    path("guides/manage/<slug:slug>/images/", views.manage_images, name="images"),
    path("guides/manage/<slug:slug>/preview/", views.manage_preview, name="preview"),
]
