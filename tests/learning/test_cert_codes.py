"""Certificate codes: random, signed, checked before any database lookup."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from langso.learning import cert_selectors, certcodes


def _flip(code: str, at: int) -> str:
    letters = list(code)
    letters[at] = "A" if letters[at] != "A" else "B"
    return "".join(letters)


def test_a_new_code_is_six_groups_of_four_and_verifies() -> None:
    code = certcodes.new_code()
    assert len(code) == 29
    assert [len(group) for group in code.split("-")] == [4] * 6
    assert certcodes.verify(code) == code


def test_two_codes_differ() -> None:
    assert len({certcodes.new_code() for _ in range(200)}) == 200


def test_lower_case_spaces_and_missing_dashes_are_accepted() -> None:
    code = certcodes.new_code()
    assert certcodes.verify(code.lower()) == code
    assert certcodes.verify(" " + code.replace("-", " ") + " ") == code
    assert certcodes.verify(code.replace("-", "")) == code


def test_zero_one_and_eight_are_read_as_o_i_and_b() -> None:
    code = certcodes.new_code()
    typed = code.replace("O", "0").replace("I", "1").replace("B", "8")
    assert certcodes.verify(typed) == code


@pytest.mark.parametrize("at", [0, 5, 14, 28])
def test_one_character_changed_fails_the_signature(at: int) -> None:
    code = certcodes.new_code()
    assert certcodes.verify(_flip(code, at)) is None


def test_a_cut_short_or_made_up_code_fails() -> None:
    code = certcodes.new_code()
    assert certcodes.verify(code[:-1]) is None
    assert certcodes.verify(code + "A") is None
    assert certcodes.verify("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA") is None
    assert certcodes.verify("") is None
    assert certcodes.verify("x" * 10_000) is None
    assert certcodes.verify("ẮẮẮẮ-AAAA-AAAA-AAAA-AAAA-AAAA") is None


@pytest.mark.django_db
def test_a_tampered_code_is_answered_without_asking_the_database() -> None:
    tampered = _flip(certcodes.new_code(), 3)
    with CaptureQueriesContext(connection) as queries:
        result = cert_selectors.public_certificate(code=tampered)
    assert result.status == "invalid"
    assert len(queries) == 0
