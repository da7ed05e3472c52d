from django.urls import path

from langso.accounts import views

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
]
