from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "langso.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        # The field app's pull carries each member's campaigns and assigned households. The
        # sync lives in ``visits``, below this app, so this app hands it the reader rather than
        # ``visits`` importing campaigns (see docs/architecture.md, "The to-do of a campaign").
        from langso.campaigns.selectors import field_assignments
        from langso.visits.pull_parts import part_register

        part_register("campaigns", field_assignments)
