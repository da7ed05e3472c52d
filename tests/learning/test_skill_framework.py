"""The skill framework is data, loaded by a migration and by ``manage.py skills_load``."""

import json

import pytest
from django.core.management import call_command

from langso.indicators.models import Indicator
from langso.learning import framework
from langso.learning.models import Skill, SkillGroup

pytestmark = pytest.mark.django_db


def test_the_five_basic_skills_of_cong_van_3240_are_the_basic_ones() -> None:
    basic = Skill.objects.filter(basic=True)
    assert basic.count() == 5
    assert {skill.group_id for skill in basic} == {"3240"}
    assert all("3240" in skill.source_document for skill in basic)


def test_the_framework_for_people_keeps_its_published_codes_and_says_what_it_lacks() -> None:
    codes = set(Skill.objects.values_list("code", flat=True))
    assert {"0.1", "0.2", "1.1", "1.2", "1.3"} <= codes
    assert Skill.objects.get(code="0.1").name_vi == "Sử dụng thiết bị"
    # Every skill either describes itself or says why it does not; every one has a source.
    for skill in Skill.objects.all():
        assert skill.source_document
        assert skill.note, skill.code
        assert skill.target_group == "Người dân"
    assert "757" in SkillGroup.objects.get(code="0").note


def test_loading_again_changes_nothing_and_restores_an_edited_row() -> None:
    before = list(Skill.objects.order_by("code").values())
    Skill.objects.filter(code="3240.1").update(name_vi="sai")
    call_command("skills_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("skills_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Skill.objects.order_by("code").values()) == before


def test_the_file_and_the_database_agree() -> None:
    data = json.loads(framework.FRAMEWORK.read_text(encoding="utf-8"))
    assert Skill.objects.count() == len(data["skills"])
    assert SkillGroup.objects.count() == len(data["groups"])


def test_the_two_indicators_worked_out_from_skills_are_in_the_catalog_and_marked_computed() -> None:
    person = Indicator.objects.get(code="basic_skills")
    household = Indicator.objects.get(code="household_basic_skills")
    assert person.computed and household.computed
    assert (person.population, person.min_age) == ("residents", 15)
    assert household.population == "households"
    assert "3240" in household.source_document
    assert not person.column_names and not household.column_names
    assert Indicator.objects.filter(computed=True).count() == 2
