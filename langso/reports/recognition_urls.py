from django.urls import URLPattern, path

from langso.reports import recognition_views as views

app_name = "recognition"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("units/<str:code>/", views.unit_page, name="unit"),
    path("units/<str:code>/criteria/", views.criteria_page, name="criteria"),
    path("units/<str:code>/propose/", views.propose, name="propose"),
    path("teams/<int:team_id>/", views.team_page, name="team"),
    path("criteria/<int:criteria_id>/", views.criteria_edit, name="criteria_edit"),
    path(
        "criteria/<int:criteria_id>/deactivate/",
        views.criteria_deactivate,
        name="criteria_deactivate",
    ),
    path("proposals/<int:commendation_id>/", views.proposal_page, name="proposal"),
    path(
        "proposals/<int:commendation_id>/entries/<int:entry_id>/decide/",
        views.entry_decide,
        name="decide",
    ),
    path(
        "proposals/<int:commendation_id>/entries/<int:entry_id>/correct/",
        views.entry_correct,
        name="correct",
    ),
    path("proposals/<int:commendation_id>/submit/", views.proposal_submit, name="submit"),
    path("proposals/<int:commendation_id>/to-trinh.pdf", views.proposal_pdf, name="proposal_pdf"),
    path(
        "proposals/<int:commendation_id>/to-trinh.docx", views.proposal_docx, name="proposal_docx"
    ),
    path("proposals/<int:commendation_id>/giay-khen.pdf", views.merit_pdf, name="merit_pdf"),
]
