from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "langso.learning"
    label = "learning"
    verbose_name = _("Guides, skills and certificates")

    def ready(self) -> None:
        # The sync lives in ``visits``, below this app: this app hands it what records a
        # visit's skills and what the pull carries, rather than ``visits`` importing it.
        from langso.learning.field_parts import field_guides
        from langso.learning.skill_parts import field_skills, visit_check, visit_record
        from langso.learning.skill_services import households_rederive, residents_merge_skills
        from langso.people.household_hooks import (
            household_listener_register,
            resident_merge_listener_register,
        )
        from langso.visits.pull_parts import part_register
        from langso.visits.visit_parts import handler_register

        handler_register("skills", check=visit_check, record=visit_record)
        part_register("skills", field_skills)
        part_register("guides", field_guides)
        # "A household with someone proficient" follows its people when they move, leave, come
        # back or are merged, which ``people`` does without knowing of skills.
        household_listener_register(households_rederive)
        resident_merge_listener_register(residents_merge_skills)
