from django.urls import path

from langso.accounts import account_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code_view, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("security/", views.security_view, name="security"),
    path("devices/", views.devices_view, name="devices"),
    path("devices/revoke-all/", views.devices_revoke_all, name="devices_revoke_all"),
    path("devices/<int:token_id>/revoke/", views.device_revoke, name="device_revoke"),
    path("users/<int:user_id>/devices/", views.account_devices_view, name="account_devices"),
    path(
        "users/<int:user_id>/devices/revoke-all/",
        views.devices_revoke_all,
        name="account_devices_revoke_all",
    ),
    path("users/<int:user_id>/unlock/", views.account_unlock, name="account_unlock"),
    path("users/<int:user_id>/reset/", account_views.account_reset, name="account_reset"),
    path(
        "users/<int:user_id>/deactivate/",
        account_views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "users/<int:user_id>/reactivate/",
        account_views.account_reactivate,
        name="account_reactivate",
    ),
    path("users/", account_views.accounts_list, name="accounts"),
    path(
        "members/<int:person_id>/account/",
        account_views.account_create,
        name="account_create",
    ),
    path("activate/<str:token>/", account_views.activate, name="activate"),
    path("password/", account_views.password_change, name="password"),
    path("devices/sessions/end/", account_views.session_end, name="session_end"),
]
