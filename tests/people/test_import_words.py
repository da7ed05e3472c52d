"""An import's page says what is wrong with a row or a file in words; the code follows in small
print, for whoever reports the problem on."""

from typing import Any

import pytest

from tests.people import files
from tests.people.test_web_import import bad_list, upload
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_a_rejected_row_says_its_problem_in_words_before_its_code(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client, response = upload(world, bad_list(), django_capture_on_commit_callbacks)
    page = client.get(response["Location"]).content.decode()
    assert "<strong>Ngày sinh không hợp lệ</strong>: " in page
    assert '<small class="muted">BIRTH_INVALID</small>' in page
    assert "<code>BIRTH_INVALID</code>" not in page


def test_a_file_that_fails_says_why_in_words_before_its_code(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client, response = upload(world, files.PDF, django_capture_on_commit_callbacks)
    page = client.get(response["Location"]).content.decode()
    assert "<strong>Loại tệp không được hỗ trợ.</strong>" in page
    assert "<code>FILE_TYPE_UNSUPPORTED</code>" in page
