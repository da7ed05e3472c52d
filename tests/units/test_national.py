"""The real national data: what the 2025 reform did, as loaded from vietnamadminunits."""

from datetime import date

import pytest

from langso.core.dates import BEGINNING, FOREVER, valid_on
from langso.units import national
from langso.units.models import EdgeRole, Kind, Level, UnitEvent, UnitEventEdge, UnitVersion

pytestmark = pytest.mark.django_db

BEFORE = date(2025, 6, 30)
AFTER = date(2025, 7, 1)


def versions(code: str) -> list[UnitVersion]:
    return list(UnitVersion.objects.filter(code=code).order_by("valid_from"))


def on(code: str, day: date) -> UnitVersion:
    return UnitVersion.objects.get(valid_on(day), code=code)


def test_a_code_and_a_date_name_one_unit_even_when_the_code_is_reused() -> None:
    before, after = on("03754", BEFORE), on("03754", AFTER)
    assert before.name == "Xã Nong Lay"
    assert after.name == "Xã Chiềng La"
    assert before.unit_id != after.unit_id
    assert before.valid_until == AFTER
    assert after.valid_from == AFTER


def test_the_2025_reform_is_an_event_with_its_legal_basis() -> None:
    event = UnitEvent.objects.get(key="vn-2025-07-01/14")
    assert event.effective == AFTER
    assert "1681/NQ-UBTVQH15" in event.legal_basis
    assert "202/2025/QH15" in event.legal_basis
    assert on("03754", BEFORE).closed_by == event
    assert on("03754", AFTER).opened_by == event


def test_a_commune_merged_in_2025_lists_its_sources() -> None:
    new = on("03727", AFTER).unit
    sources = set(
        UnitEventEdge.objects.filter(target=new, role=EdgeRole.MERGED_INTO).values_list(
            "source__versions__name", flat=True
        )
    )
    assert sources == {"Xã Mường É", "Xã Phổng Lập"}


def test_a_commune_that_only_lost_its_district_goes_on_as_the_same_unit() -> None:
    before, after = on("03760", BEFORE), on("03760", AFTER)
    assert before.unit_id == after.unit_id
    assert on("119", BEFORE).unit_id == before.parent_id
    assert on("14", AFTER).unit_id == after.parent_id


def test_the_district_level_is_gone_after_the_reform() -> None:
    province = on("14", AFTER).unit
    assert on("14", BEFORE).unit_id == province.pk
    children = UnitVersion.objects.filter(valid_on(AFTER), parent=province)
    assert children.count() == 75
    assert not children.filter(kind=Kind.DISTRICT).exists()
    assert not UnitVersion.objects.filter(valid_on(AFTER), code="119").exists()
    district = on("119", BEFORE)
    assert UnitEventEdge.objects.filter(
        source=district.unit, role=EdgeRole.ABOLISHED, target=province
    ).exists()


def test_thuan_chau_had_29_communes_in_2023_28_in_2025_and_its_10_successors_after() -> None:
    district = on("119", BEFORE).unit
    in_2023 = UnitVersion.objects.filter(valid_on(date(2023, 12, 31)), parent=district)
    in_2025 = UnitVersion.objects.filter(valid_on(date(2025, 3, 1)), parent=district)
    assert in_2023.count() == 29
    assert in_2025.count() == 28
    assert {"Xã Chiềng Ly", "Xã Phổng Lăng"} <= set(in_2023.values_list("name", flat=True))
    assert "Xã Phổng Ly" not in set(in_2023.values_list("name", flat=True))
    assert "Xã Phổng Ly" in set(in_2025.values_list("name", flat=True))
    successors = {
        "03721": "Xã Thuận Châu",
        "03724": "Xã Bình Thuận",
        "03727": "Xã Mường É",
        "03754": "Xã Chiềng La",
        "03757": "Xã Mường Khiêng",
        "03760": "Xã Mường Bám",
        "03763": "Xã Long Hẹ",
        "03781": "Xã Co Mạ",
        "03784": "Xã Nậm Lầu",
        "03799": "Xã Muổi Nọi",
    }
    assert {code: on(code, AFTER).name for code in successors} == successors


def test_resolution_1280_split_chieng_ly_with_phong_ly_as_main_successor() -> None:
    event = UnitEvent.objects.get(key="vn-14-119/1280-NQ-UBTVQH15")
    chieng_ly = versions("L-119-01")
    assert [(v.valid_from, v.valid_until) for v in chieng_ly] == [(BEGINNING, event.effective)]
    phong_ly = on("03748", date(2025, 3, 1))
    assert phong_ly.valid_from == date(2025, 1, 1)
    targets = {
        (edge.target_id, edge.is_main)
        for edge in UnitEventEdge.objects.filter(event=event, source=chieng_ly[0].unit)
    }
    assert targets == {(phong_ly.unit_id, True), (on("03721", date(2025, 3, 1)).unit_id, False)}


def test_names_are_mended_where_the_package_misspells_them() -> None:
    assert on("03727", BEFORE).name == "Xã Mường É"
    assert on("03742", BEFORE).name == "Xã É Tòng"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Xã é Tòng", "Xã É Tòng"),
        ("Thị Xã Mường Lay", "Thị xã Mường Lay"),
        ("Thành Phố Bắc Kạn", "Thành phố Bắc Kạn"),
        ("Thị trấn Nông trường Lệ Ninh", "Thị trấn Nông trường Lệ Ninh"),
        ("Xã  Pa ủ", "Xã Pa Ủ"),
        ("Phường Văn Miếu - Quốc Tử Giám", "Phường Văn Miếu - Quốc Tử Giám"),
    ],
)
def test_official_name_mends_spelling(raw: str, expected: str) -> None:
    assert national.official_name(raw) == expected


def test_loading_a_province_again_changes_nothing() -> None:
    counts = (UnitVersion.objects.count(), UnitEvent.objects.count(), UnitEventEdge.objects.count())
    report = national.load(province="14")
    assert report.provinces_loaded == []
    assert report.provinces_unchanged == ["14"]
    assert counts == (
        UnitVersion.objects.count(),
        UnitEvent.objects.count(),
        UnitEventEdge.objects.count(),
    )


def test_an_old_province_code_loads_the_new_province_it_went_into() -> None:
    # Hà Giang (02) went into Tuyên Quang (08) in 2025.
    report = national.load(province="02")
    assert report.provinces_loaded == ["08"]
    assert on("02", BEFORE).name == "Tỉnh Hà Giang"
    new = on("08", AFTER)
    assert new.unit_id != on("08", BEFORE).unit_id
    merged = UnitEventEdge.objects.filter(target=new.unit, role=EdgeRole.MERGED_INTO)
    assert merged.count() == 2


def test_an_unknown_province_code_is_refused() -> None:
    with pytest.raises(LookupError):
        national.load(province="99")


def test_all_of_vietnam_loads_both_epochs_and_every_open_version_is_unique() -> None:
    national.load()
    before = UnitVersion.objects.filter(valid_on(date(2024, 6, 1)))
    after = UnitVersion.objects.filter(valid_on(AFTER))
    assert before.filter(unit__level=Level.PROVINCE).count() == 63
    assert before.filter(unit__level=Level.DISTRICT).count() == 696
    assert after.filter(unit__level=Level.PROVINCE).count() == 34
    assert after.filter(unit__level=Level.DISTRICT).count() == 0
    assert after.filter(unit__level=Level.COMMUNE).count() == 3321
    assert after.filter(kind=Kind.SPECIAL_ZONE).count() == 13
    # No code names two units on the same day.
    open_codes = list(
        UnitVersion.objects.filter(valid_until=FOREVER).values_list("code", flat=True)
    )
    assert len(open_codes) == len(set(open_codes))
    again = national.load()
    assert again.provinces_loaded == []
    assert len(again.provinces_unchanged) == 34
