import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps

from langso.feedback.models import Category
from langso.outreach import tasks
from langso.outreach.channels import registry
from tests.feedback.gateway import Gateway


@pytest.fixture
def categories_back(django_db_blocker: Any) -> Iterator[None]:
    """Put back the categories a migration ships after a transactional test empties the tables
    (the shared ``session_data_back`` restores units and indicators only)."""
    yield
    with django_db_blocker.unblock():
        if not Category.objects.exists():
            migration = importlib.import_module("langso.feedback.migrations.0002_categories")
            migration.load(apps, None)


@pytest.fixture
def gateway(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gateway]:
    """An SMS gateway connected, and the only channel besides the field app: replies are queued
    for it, and every drain of the SMS channel (the worker's after a commit, the commands')
    goes through it."""
    fake = Gateway()
    channels = {"app": True, "sms": True, "zalo": False, "email": False}

    def adapter(channel: str) -> Any:
        return fake if channel == "sms" else None

    monkeypatch.setattr(registry, "connected", lambda: dict(channels))
    monkeypatch.setattr(tasks, "connected", lambda: dict(channels))
    monkeypatch.setattr(registry, "adapter", adapter)
    yield fake
