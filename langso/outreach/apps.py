from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "langso.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        # The field app's pull carries each member's inbox. The sync lives in ``visits``, below
        # this app, so this app hands it the reader rather than ``visits`` importing outreach.
        from langso.outreach.inbox import field_announcements
        from langso.visits.pull_parts import part_register

        part_register("announcements", field_announcements)
