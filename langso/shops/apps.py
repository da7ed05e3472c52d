from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopsConfig(AppConfig):
    name = "langso.shops"
    label = "shops"
    verbose_name = _("Village shops")

    def ready(self) -> None:
        # The sync lives in ``visits``, below this app: this app hands it what applies the
        # businesses and checklist steps recorded on phones and what the pull carries of them,
        # rather than ``visits`` importing shops.
        from langso.shops.field import (
            BusinessEvent,
            StepEvent,
            business_apply,
            field_shops,
            step_apply,
        )
        from langso.visits.event_kinds import kind_register
        from langso.visits.models import FieldEventKind
        from langso.visits.pull_parts import part_register

        kind_register(FieldEventKind.BUSINESS, model=BusinessEvent, apply=business_apply)
        kind_register(FieldEventKind.BUSINESS_STEP, model=StepEvent, apply=step_apply)
        part_register("shops", field_shops)

        # Two records of one household merged: its businesses follow the kept one.
        from langso.people.household_hooks import household_merge_listener_register
        from langso.shops.services import businesses_follow_merge

        household_merge_listener_register(businesses_follow_merge)
