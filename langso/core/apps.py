from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "langso.core"
    label = "core"
