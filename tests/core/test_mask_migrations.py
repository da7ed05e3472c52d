"""The migrations that shorten stored masks work them out from the old ones, without a key."""

import importlib

import pytest

shorter = importlib.import_module("langso.people.migrations.0003_shorter_masks")


@pytest.mark.parametrize(
    ("old", "new"),
    [("0141******89", "**********89"), ("012****78", "*******78"), ("****", "****"), ("", "")],
)
def test_an_old_id_mask_keeps_its_last_two_digits(old: str, new: str) -> None:
    assert shorter._id_mask(old) == new


@pytest.mark.parametrize(("old", "new"), [("0912***678", "*******678"), ("", "")])
def test_an_old_phone_mask_keeps_its_last_three_digits(old: str, new: str) -> None:
    assert shorter._phone_mask(old) == new


feedback_shorter = importlib.import_module("langso.feedback.migrations.0004_shorter_masks")


@pytest.mark.parametrize(("old", "new"), [("0912***678", "*******678"), ("", "")])
def test_a_reporters_old_phone_mask_keeps_its_last_three_digits(old: str, new: str) -> None:
    assert feedback_shorter._phone_mask(old) == new
