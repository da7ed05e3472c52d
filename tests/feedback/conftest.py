import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps

from langso.feedback.models import Category


@pytest.fixture
def categories_back(django_db_blocker: Any) -> Iterator[None]:
    """Put back the categories a migration ships after a transactional test empties the tables
    (the shared ``session_data_back`` restores units and indicators only)."""
    yield
    with django_db_blocker.unblock():
        if not Category.objects.exists():
            migration = importlib.import_module("langso.feedback.migrations.0002_categories")
            migration.load(apps, None)
