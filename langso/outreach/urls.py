from django.urls import URLPattern, path

from langso.outreach import group_views, template_views, views

app_name = "outreach"

urlpatterns: list[URLPattern] = [
    path("outreach/", views.announcement_list, name="list"),
    path("outreach/new/", views.announcement_new, name="new"),
    path("outreach/preview/", views.composer_preview, name="preview"),
    path("outreach/<int:announcement_id>/", views.announcement_page, name="announcement"),
    path("outreach/<int:announcement_id>/edit/", views.announcement_edit, name="edit"),
    path("outreach/<int:announcement_id>/send/", views.announcement_send, name="send"),
    path("outreach/<int:announcement_id>/schedule/", views.announcement_schedule, name="schedule"),
    path("outreach/<int:announcement_id>/cancel/", views.announcement_cancel, name="cancel"),
    path("outreach/<int:announcement_id>/deliveries.xlsx", views.deliveries_xlsx, name="xlsx"),
    path("outreach/groups/", group_views.groups_page, name="groups"),
    path("outreach/groups/<int:post_id>/posted/", group_views.group_post_mark, name="mark"),
    path("outreach/templates/", template_views.template_list, name="templates"),
    path("outreach/templates/new/", template_views.template_new, name="template_new"),
    path("outreach/templates/<int:template_id>/", template_views.template_edit, name="template"),
    path(
        "outreach/templates/<int:template_id>/delete/",
        template_views.template_delete,
        name="template_delete",
    ),
    # Public: read in a Zalo group or from an SMS by people without an account.
    path("a/<str:code>", group_views.public_open, name="open"),
    path("a/anh/<str:digest>", group_views.public_image, name="image"),
    path("huy-nhan-tin/<str:token>", group_views.opt_out, name="opt_out"),
]
