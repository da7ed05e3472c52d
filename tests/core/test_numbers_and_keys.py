from pathlib import Path

from django.utils import translation

from langso.core.keyfile import local_secret
from langso.core.numbers import format_int, format_percent


def test_vietnamese_groups_thousands_with_a_dot_and_decimals_with_a_comma() -> None:
    with translation.override("vi"):
        assert format_int(2228) == "2.228"
        assert format_int(1_300_000) == "1.300.000"
        assert format_percent(12.5) == "12,5%"


def test_english_groups_thousands_with_a_comma() -> None:
    with translation.override("en"):
        assert format_int(2228) == "2,228"
        assert format_percent(12.5) == "12.5%"


def test_a_local_secret_is_made_once_private_and_then_kept(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "secret"
    first = local_secret(path)
    assert len(first) >= 40
    assert path.stat().st_mode & 0o777 == 0o600
    assert local_secret(path) == first
