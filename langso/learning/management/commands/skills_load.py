from typing import Any

from django.core.management.base import BaseCommand

from langso.indicators.models import Indicator
from langso.learning import framework
from langso.learning.models import Skill, SkillGroup


class Command(BaseCommand):
    help = (
        "Load the skill framework (langso/learning/content/framework.json) and the indicators "
        "computed from it. Safe to rerun: what changed is updated, nothing is removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = framework.load(SkillGroup, Skill)
        framework.indicators_load(Indicator)
        self.stdout.write(f"Loaded {count} skills.")
