from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "langso.indicators"
    label = "indicators"
    verbose_name = _("Digital readiness indicators")

    def ready(self) -> None:
        from langso.indicators import communes
        from langso.units import tree_hooks

        # A village moved to another commune moves its sums with it.
        tree_hooks.tree_listener_register(communes.refresh)
