"""Checking that a refused write changed nothing: every row of the tables it could touch.

    with unchanged(Household, Resident):
        response = client.post(url, bad_form)
    assert response.status_code == 400

A refusal must leave the database as it was (a service is one transaction), so a test of one
compares whole tables before and after, not only the row it expected to be written.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Model

from langso.core.models import AuditEntry
from langso.indicators.models import Observation, RollupChange, RollupMonth, Status, VillageRollup
from langso.people.models import Consent, Household, IdConflict, Resident
from langso.teams.models import Membership, Person, Team, ZaloGroup
from langso.units.models import Unit, UnitEvent, UnitEventEdge, UnitVersion

# The tables each kind of write touches.
UNITS: tuple[type[Model], ...] = (Unit, UnitVersion, UnitEvent, UnitEventEdge)
TEAMS: tuple[type[Model], ...] = (Team, Person, Membership, ZaloGroup)
FIGURES: tuple[type[Model], ...] = (Observation, Status, VillageRollup, RollupChange, RollupMonth)
PEOPLE: tuple[type[Model], ...] = (
    Household,
    Resident,
    Consent,
    IdConflict,
    AuditEntry,
    *FIGURES,
)


def rows(*models: type[Model]) -> dict[str, list[Any]]:
    """Every row of each model's table, every column, in primary-key order."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in models
    }


@contextmanager
def unchanged(*models: type[Model]) -> Iterator[None]:
    """Fail unless the tables of ``models`` hold the same rows after the block as before it.

    Put it outside ``pytest.raises``, so that it looks after the refusal has happened.
    """
    before = rows(*models)
    yield
    after = rows(*models)
    for label, kept in before.items():
        assert after[label] == kept, f"{label} changed"
