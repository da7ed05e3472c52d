"""Every code a person can meet has words of its own in Vietnamese: the error codes of every
app and the reasons of the link checker. A code shows at most in small print beside them."""

import importlib
import inspect
from enum import StrEnum

import pytest
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from langso.core.errors import code_label
from langso.trust.engine import Reason
from langso.trust.reasons import LABELS as REASON_LABELS
from langso.visits.models import Topic


def _error_enums() -> list[type[StrEnum]]:
    enums: list[type[StrEnum]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("langso."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.errors")
        except ModuleNotFoundError:
            continue
        enums += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, StrEnum)
            and value is not StrEnum
            and value.__module__ == module.__name__
        ]
    return enums


ENUMS = _error_enums()


def test_the_errors_of_every_app_are_found() -> None:
    names = {enum.__name__ for enum in ENUMS}
    assert {"CoreError", "RowError", "FileError", "UnitError", "SyncError", "TrustError"} <= names
    assert len(ENUMS) >= 12


@pytest.mark.parametrize("enum", ENUMS, ids=lambda enum: enum.__name__)
def test_every_error_code_has_vietnamese_words_of_its_own(enum: type[StrEnum]) -> None:
    with translation.override("vi"):
        for code in enum:
            label = code_label(code)
            assert label != str(code), code
            assert label != "Sự cố không lường trước", f"{code} has no words"
            with translation.override("en"):
                english = code_label(code)
            assert label != english, f"{code}: “{english}” is not translated"


def test_every_reason_of_the_link_checker_has_vietnamese_words_of_its_own() -> None:
    assert set(REASON_LABELS) == set(Reason)
    for reason in Reason:
        with translation.override("vi"):
            label = str(REASON_LABELS[reason])
        with translation.override("en"):
            english = str(REASON_LABELS[reason])
        assert label not in (str(reason), english), reason


def test_a_code_nobody_labelled_still_gets_words_rather_than_showing_alone() -> None:
    with translation.override("vi"):
        assert code_label("SOMETHING_FROM_AN_OLDER_VERSION") == "Sự cố không lường trước"


def test_the_template_filter_shows_the_words_of_a_code() -> None:
    template = Template("{% load words %}{{ code|code_label }}")
    with translation.override("vi"):
        assert template.render(Context({"code": "NAME_REQUIRED"})) == "Thiếu họ tên"
        assert template.render(Context({"code": ""})) == ""


def test_every_topic_of_a_visit_has_vietnamese_words_of_its_own() -> None:
    for topic in Topic:
        with translation.override("vi"):
            label = str(topic.label)
        with translation.override("en"):
            english = str(topic.label)
        assert label not in (topic.value, english), topic
