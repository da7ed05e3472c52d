from io import StringIO

import pytest
from django.core.management import call_command

from langso.demo import thuan_chau
from langso.units.models import Unit


@pytest.mark.django_db
def test_make_run_does_not_put_the_demo_into_a_database_with_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGSO_DEMO_PASSWORD", "không-dùng-đến-2025")
    units = Unit.objects.count()
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "already holds data" in out.getvalue()
    assert not thuan_chau.is_loaded()
    assert Unit.objects.count() == units
