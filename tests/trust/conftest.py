from collections.abc import Iterator

import pytest

from langso.trust.catalog_data import shipped_catalog
from langso.trust.engine import Engine
from langso.trust.models import Brand
from langso.trust.services import catalog_sync


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the shipped catalog, without a database."""
    return Engine(shipped_catalog())


@pytest.fixture
def catalog(db: None) -> Iterator[None]:
    """The catalog the migration ships. A transactional test elsewhere in the session empties
    every table (see tests/conftest.py), so put it back when it is gone."""
    if not Brand.objects.exists():
        catalog_sync()
    yield
