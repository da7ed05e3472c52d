import pytest

from langso.core.text import (
    BIDI_CONTROLS,
    fold,
    fold_compact,
    multi_line,
    one_line,
    without_bidi,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thuận Châu", "thuan chau"),
        ("  Xã  Mường   É ", "xa muong e"),
        ("ĐIỆN BIÊN", "dien bien"),
        ("Đắk Lắk", "dak lak"),
        ("Nguyễn Thị Ngọc Ánh", "nguyen thi ngoc anh"),
        ("Quỳnh\tNhai", "quynh nhai"),
    ],
)
def test_fold_drops_case_diacritics_and_extra_spaces(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_treats_composed_and_decomposed_forms_alike() -> None:
    composed = "Mường"
    decomposed = "Mu\u031bo\u031b\u0300ng"
    assert composed != decomposed
    assert fold(composed) == fold(decomposed) == "muong"


@pytest.mark.parametrize("text", ["H'Mông", "Hmông", "H mông", "h-mong"])
def test_fold_compact_ignores_punctuation_and_spaces(text: str) -> None:
    assert fold_compact(text) == "hmong"


def test_one_line_drops_control_characters_and_extra_space() -> None:
    assert one_line(" Bản\x00  Lọng\t\x7f\r\nPá Sàng ") == "Bản Lọng Pá Sàng"
    assert one_line("\x00\x01") == ""


@pytest.mark.parametrize("control", list(BIDI_CONTROLS))
def test_the_text_cleaners_drop_every_bidirectional_control(control: str) -> None:
    assert one_line(f"invoice{control}gpj.exe") == "invoicegpj.exe"
    assert multi_line(f"Dòng một{control}\r\nDòng hai") == "Dòng một\nDòng hai"
    assert without_bidi(f"a{control}b") == "ab"


def test_multi_line_keeps_lines_and_drops_controls() -> None:
    text = " Đường\x00 hỏng\x07 \r\n\n\n\nrất\x1b nặng\t! \ufffe"
    assert multi_line(text) == "Đường hỏng\n\nrất nặng\t!"
