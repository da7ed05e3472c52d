from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "langso.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from langso.accounts.sessions import session_describe

        user_logged_in.connect(session_describe, dispatch_uid="langso.accounts.session_describe")
