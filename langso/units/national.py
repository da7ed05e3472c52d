"""Load Vietnam's real administrative units and the 2025 reform from ``vietnamadminunits``.

The package carries the list before 1 July 2025 (63 provinces, their districts and communes),
the list after it (34 provinces, 3,321 commune-level units, no districts) and the conversion
between them. We read its data files directly (the package's own import pulls in geocoding
libraries we do not need) and write everything in bulk, one transaction per new province, so
that all of Vietnam loads in seconds and a second run finds every province done and changes
nothing.

What the package does not carry, and we know from the official record, is added from
``KNOWN_HISTORY`` (so far: Sơn La's Resolution 1280/NQ-UBTVQH15 of 2024 in Thuận Châu).
"""

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any

from django.db import transaction

from langso.core.dates import BEGINNING, FOREVER
from langso.core.text import fold
from langso.units import tree_hooks
from langso.units.models import (
    LEVEL_OF_KIND,
    EdgeRole,
    EventKind,
    Kind,
    Unit,
    UnitEvent,
    UnitEventEdge,
    UnitVersion,
)

REFORM_DAY = date(2025, 7, 1)
REFORM_KEY = "vn-2025-07-01/{code}"

# Resolutions of the Standing Committee of the National Assembly that arranged each province's
# communes in 2025, where we know the number (new province code → resolution).
COMMUNE_RESOLUTIONS = {"14": "Nghị quyết 1681/NQ-UBTVQH15"}

_PREFIXES = {
    "tỉnh": "Tỉnh",
    "thành phố": "Thành phố",
    "huyện": "Huyện",
    "quận": "Quận",
    "thị xã": "Thị xã",
    "thị trấn": "Thị trấn",
    "phường": "Phường",
    "xã": "Xã",
    "đặc khu": "Đặc khu",
}
_WARD_KINDS = {
    "xã": Kind.COMMUNE,
    "phường": Kind.WARD,
    "thị trấn": Kind.TOWN,
    "đặc khu": Kind.SPECIAL_ZONE,
}


def official_name(raw: str) -> str:
    """Mend the package's spelling slips: "Thị Xã X" → "Thị xã X", "Xã é Tòng" → "Xã É Tòng".

    Every syllable of the proper name is capitalised except "trường" in "Nông trường", which
    official names write in lower case.
    """
    text = " ".join(raw.split())
    lowered = text.lower()
    for prefix in sorted(_PREFIXES, key=len, reverse=True):
        if lowered.startswith(prefix + " "):
            rest = text[len(prefix) + 1 :].split(" ")
            words = [
                word
                if (word == "trường" and i > 0 and rest[i - 1] == "Nông")
                else word[:1].upper() + word[1:]
                for i, word in enumerate(rest)
            ]
            return f"{_PREFIXES[prefix]} {' '.join(words)}"
    return text


def _province_kind(name: str) -> Kind:
    return Kind.CITY if name.lower().startswith("thành phố") else Kind.PROVINCE


def _ward_kind(ward_type: str) -> Kind:
    return _WARD_KINDS[ward_type.strip().lower()]


@dataclass
class _Legacy:
    province_code: str
    province_name: str
    province_key: str
    district_code: str
    district_name: str
    district_key: str
    ward_code: str | None
    ward_name: str | None
    ward_type: str | None
    ward_key: str | None

    @property
    def full_key(self) -> str:
        return f"{self.province_key}_{self.district_key}_{self.ward_key or ''}"


@dataclass
class _New:
    province_code: str
    province_name: str
    province_key: str
    ward_code: str
    ward_name: str
    ward_type: str
    ward_key: str


@dataclass
class Dataset:
    legacy: list[_Legacy]
    new: list[_New]
    province_sources: dict[str, list[str]]
    whole: dict[str, dict[str, list[str]]]
    divided: dict[str, dict[str, list[dict[str, Any]]]]


def read_dataset() -> Dataset:
    data = files("vietnamadminunits") / "data"
    with (data / "converter_2025.json").open(encoding="utf-8") as handle:
        converter = json.load(handle)
    connection = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy = [
            _Legacy(*row)
            for row in connection.execute(
                "SELECT provinceCode, province, provinceKey, districtCode, district, districtKey,"
                " wardCode, ward, wardType, wardKey FROM admin_units_legacy"
            )
        ]
        new = [
            _New(*row)
            for row in connection.execute(
                "SELECT provinceCode, province, provinceKey, wardCode, ward, wardType, wardKey"
                " FROM admin_units"
            )
        ]
    finally:
        connection.close()
    return Dataset(
        legacy=legacy,
        new=new,
        province_sources=converter["DICT_PROVINCE"],
        whole=converter["DICT_PROVINCE_WARD_NO_DIVIDED"],
        divided=converter["DICT_PROVINCE_WARD_DIVIDED"],
    )


@dataclass
class _Plan:
    """Rows to write for one new province, built in memory and inserted in bulk."""

    units: list[Unit] = field(default_factory=list)
    versions: list[UnitVersion] = field(default_factory=list)
    edges: list[tuple[EdgeRole, Unit | None, Unit | None, bool, UnitEvent]] = field(
        default_factory=list
    )

    def unit(self, kind: Kind) -> Unit:
        unit = Unit(level=LEVEL_OF_KIND[kind])
        self.units.append(unit)
        return unit

    def version(
        self,
        unit: Unit,
        *,
        code: str,
        name: str,
        kind: Kind,
        parent: Unit | None,
        start: date = BEGINNING,
        until: date = FOREVER,
        opened_by: UnitEvent | None = None,
        closed_by: UnitEvent | None = None,
    ) -> None:
        self.versions.append(
            UnitVersion(
                unit=unit,
                code=code,
                name=name,
                name_folded=fold(name),
                kind=kind,
                parent=parent,
                valid_from=start,
                valid_until=until,
                opened_by=opened_by,
                closed_by=closed_by,
            )
        )

    def edge(
        self,
        event: UnitEvent,
        role: EdgeRole,
        source: Unit | None,
        target: Unit | None,
        *,
        main: bool = False,
    ) -> None:
        self.edges.append((role, source, target, main, event))

    def write(self) -> None:
        Unit.objects.bulk_create(self.units, batch_size=2000)
        for version in self.versions:
            version.unit_id = version.unit.pk
            version.parent_id = version.parent.pk if version.parent else None
        UnitVersion.objects.bulk_create(self.versions, batch_size=2000)
        UnitEventEdge.objects.bulk_create(
            [
                UnitEventEdge(
                    event=event,
                    role=role,
                    source_id=source.pk if source else None,
                    target_id=target.pk if target else None,
                    is_main=main,
                )
                for role, source, target, main, event in self.edges
            ],
            batch_size=2000,
        )


@dataclass
class LoadReport:
    provinces_loaded: list[str] = field(default_factory=list)
    provinces_unchanged: list[str] = field(default_factory=list)
    units_created: int = 0
    versions_created: int = 0
    events_created: int = 0


def _groups(dataset: Dataset, province: str | None) -> list[tuple[_New, list[str]]]:
    """(a row of the new province, its old province keys) for each new province selected."""
    firsts: dict[str, _New] = {}
    for row in dataset.new:
        firsts.setdefault(row.province_key, row)
    old_code_of_key = {row.province_key: row.province_code for row in dataset.legacy}
    selected = []
    for key, first in sorted(firsts.items(), key=lambda item: item[1].province_code):
        sources = dataset.province_sources[key]
        old_codes = {old_code_of_key[source] for source in sources}
        if province is None or province == first.province_code or province in old_codes:
            selected.append((first, sources))
    return selected


def load(*, province: str | None = None, dataset: Dataset | None = None) -> LoadReport:
    """Load the units of every new province (or of the one whose old or new code is given)."""
    data = dataset or read_dataset()
    report = LoadReport()
    groups = _groups(data, province)
    if province is not None and not groups:
        raise LookupError(province)
    for first, sources in groups:
        key = REFORM_KEY.format(code=first.province_code)
        if UnitEvent.objects.filter(key=key).exists():
            report.provinces_unchanged.append(first.province_code)
            continue
        with transaction.atomic():
            plan, events = _plan_province(data, first, sources)
            plan.write()
            tree_hooks.tree_changed()
        report.provinces_loaded.append(first.province_code)
        report.units_created += len(plan.units)
        report.versions_created += len(plan.versions)
        report.events_created += events
    return report


def _plan_province(data: Dataset, first: _New, sources: list[str]) -> tuple[_Plan, int]:
    plan = _Plan()
    code = first.province_code
    resolution = COMMUNE_RESOLUTIONS.get(
        code, "nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã năm 2025"
    )
    reform = UnitEvent.objects.create(
        key=REFORM_KEY.format(code=code),
        kind=EventKind.REFORM,
        effective=REFORM_DAY,
        legal_basis=(
            f"Nghị quyết 202/2025/QH15 (cấp tỉnh); {resolution} (cấp xã); "
            "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (bỏ cấp huyện)"
        ),
        note=f"Sắp xếp đơn vị hành chính năm 2025: {official_name(first.province_name)}",
    )
    events = 1
    legacy_rows = [row for row in data.legacy if row.province_key in set(sources)]
    old_units, history_events = _plan_legacy(plan, legacy_rows, reform)
    events += history_events

    # The province: one old province with the same code goes on; otherwise a new one is made.
    old_provinces = {row.province_code: row for row in legacy_rows}
    new_name = official_name(first.province_name)
    new_kind = _province_kind(new_name)
    if list(old_provinces) == [code]:
        province_unit = old_units[("p", code)]
        if official_name(old_provinces[code].province_name) != new_name:
            _close(plan, [province_unit], reform)
            plan.version(
                province_unit,
                code=code,
                name=new_name,
                kind=new_kind,
                parent=None,
                start=REFORM_DAY,
                opened_by=reform,
            )
            plan.edge(reform, EdgeRole.CHANGED, province_unit, province_unit)
    else:
        province_unit = plan.unit(new_kind)
        plan.version(
            province_unit,
            code=code,
            name=new_name,
            kind=new_kind,
            parent=None,
            start=REFORM_DAY,
            opened_by=reform,
        )
        plan.edge(reform, EdgeRole.ESTABLISHED, None, province_unit)
        merged = [old_units[("p", old_code)] for old_code in old_provinces]
        for unit in merged:
            plan.edge(reform, EdgeRole.MERGED_INTO, unit, province_unit)
        _close(plan, merged, reform)

    # Districts: the level is abolished. Island districts without communes become special zones.
    districts = {row.district_code for row in legacy_rows}
    island_targets: dict[str, str] = {}
    whole = data.whole[first.province_key]
    for ward_key, olds in whole.items():
        for old in olds:
            if old.endswith("_"):
                island_targets[old] = ward_key
    new_rows = {row.ward_key: row for row in data.new if row.province_key == first.province_key}
    new_units: dict[str, Unit] = {}

    def new_unit(ward_key: str) -> Unit:
        if ward_key not in new_units:
            row = new_rows[ward_key]
            kind = _ward_kind(row.ward_type)
            unit = plan.unit(kind)
            plan.version(
                unit,
                code=row.ward_code,
                name=official_name(row.ward_name),
                kind=kind,
                parent=province_unit,
                start=REFORM_DAY,
                opened_by=reform,
            )
            plan.edge(reform, EdgeRole.ESTABLISHED, None, unit)
            new_units[ward_key] = unit
        return new_units[ward_key]

    # Communes that go on unchanged in substance (one whole source, nothing divided into them).
    divided = data.divided.get(first.province_key, {})
    receives_part = {w["newWardKey"] for parts in divided.values() for w in parts}
    legacy_by_key = {row.full_key: row for row in legacy_rows if row.ward_key}
    continuing: dict[str, Unit] = {}
    for ward_key, olds in whole.items():
        if len(olds) == 1 and ward_key not in receives_part and olds[0] in legacy_by_key:
            old_unit = old_units[("w", legacy_by_key[olds[0]].ward_code or "")]
            row = new_rows[ward_key]
            kind = _ward_kind(row.ward_type)
            plan.version(
                old_unit,
                code=row.ward_code,
                name=official_name(row.ward_name),
                kind=kind,
                parent=province_unit,
                start=REFORM_DAY,
                opened_by=reform,
            )
            plan.edge(reform, EdgeRole.CHANGED, old_unit, old_unit)
            continuing[olds[0]] = old_unit
            new_units[ward_key] = old_unit
    for ward_key, olds in whole.items():
        for old in olds:
            if old in continuing:
                continue
            target = new_unit(ward_key)
            if old in island_targets:
                district = next(r for r in legacy_rows if r.full_key == old)
                plan.edge(
                    reform, EdgeRole.MERGED_INTO, old_units[("d", district.district_code)], target
                )
            else:
                plan.edge(
                    reform,
                    EdgeRole.MERGED_INTO,
                    old_units[("w", legacy_by_key[old].ward_code or "")],
                    target,
                )
    for old, parts in divided.items():
        source = old_units[("w", legacy_by_key[old].ward_code or "")]
        for part in parts:
            plan.edge(
                reform,
                EdgeRole.SPLIT_INTO,
                source,
                new_unit(part["newWardKey"]),
                main=bool(part["isDefaultNewWard"]),
            )
    for row_key in new_rows:
        new_unit(row_key)
    for district_code in districts:
        old_district = old_units[("d", district_code)]
        if not any(
            edge[1] is old_district and edge[0] == EdgeRole.MERGED_INTO for edge in plan.edges
        ):
            plan.edge(reform, EdgeRole.ABOLISHED, old_district, province_unit)
    # Every old district and commune closes its open version today; continuing communes have
    # just been given their next version above.
    _close(plan, [unit for (tag, _c), unit in old_units.items() if tag in ("d", "w")], reform)
    return plan, events


def _close(plan: _Plan, units: Iterable[Unit], event: UnitEvent) -> None:
    """End the open version of each unit on the event's date (the plan's last version of it)."""
    wanted = {id(unit) for unit in units}
    latest: dict[int, UnitVersion] = {}
    for version in plan.versions:
        if (
            id(version.unit) in wanted
            and version.valid_until == FOREVER
            and (version.valid_from < event.effective)
        ):
            latest[id(version.unit)] = version
    for version in latest.values():
        version.valid_until = event.effective
        version.closed_by = event


def _plan_legacy(
    plan: _Plan, rows: list[_Legacy], reform: UnitEvent
) -> tuple[dict[tuple[str, str], Unit], int]:
    """Units as they were before the reform, keyed ("p"|"d"|"w", code)."""
    units: dict[tuple[str, str], Unit] = {}
    for row in rows:
        if ("p", row.province_code) not in units:
            name = official_name(row.province_name)
            kind = _province_kind(name)
            unit = units[("p", row.province_code)] = plan.unit(kind)
            plan.version(unit, code=row.province_code, name=name, kind=kind, parent=None)
        if ("d", row.district_code) not in units:
            unit = units[("d", row.district_code)] = plan.unit(Kind.DISTRICT)
            plan.version(
                unit,
                code=row.district_code,
                name=official_name(row.district_name),
                kind=Kind.DISTRICT,
                parent=units[("p", row.province_code)],
            )
        if row.ward_code and row.ward_name and row.ward_type:
            kind = _ward_kind(row.ward_type)
            unit = units[("w", row.ward_code)] = plan.unit(kind)
            plan.version(
                unit,
                code=row.ward_code,
                name=official_name(row.ward_name),
                kind=kind,
                parent=units[("d", row.district_code)],
            )
    events = 0
    for history in KNOWN_HISTORY:
        if history.applies(units):
            events += history.apply(plan, units)
    return units, events


@dataclass(frozen=True)
class _KnownSplit:
    """A pre-2025 change the package does not carry, taken from its resolution."""

    key: str
    effective: date
    legal_basis: str
    note: str
    district: str
    dissolved: tuple[tuple[str, str], ...]  # (local code, name) of units that ended
    established: str  # code of the unit created that day
    receivers: tuple[str, ...]  # existing units that received part of a dissolved one
    givers: tuple[str, ...]  # existing units that gave part of themselves and went on

    def applies(self, units: dict[tuple[str, str], Unit]) -> bool:
        return ("d", self.district) in units and ("w", self.established) in units

    def apply(self, plan: _Plan, units: dict[tuple[str, str], Unit]) -> int:
        event = UnitEvent.objects.create(
            key=self.key,
            kind=EventKind.SPLIT,
            effective=self.effective,
            legal_basis=self.legal_basis,
            note=self.note,
        )
        created = units[("w", self.established)]
        for version in plan.versions:
            if version.unit is created:
                version.valid_from = self.effective
                version.opened_by = event
        plan.edge(event, EdgeRole.ESTABLISHED, None, created)
        for code, name in self.dissolved:
            unit = units[("w", code)] = plan.unit(Kind.COMMUNE)
            plan.version(
                unit,
                code=code,
                name=name,
                kind=Kind.COMMUNE,
                parent=units[("d", self.district)],
                until=self.effective,
                closed_by=event,
            )
            for receiver in self.receivers:
                plan.edge(event, EdgeRole.SPLIT_INTO, unit, units[("w", receiver)])
            plan.edge(event, EdgeRole.SPLIT_INTO, unit, created, main=True)
        for giver in self.givers:
            plan.edge(event, EdgeRole.SPLIT_INTO, units[("w", giver)], created)
        return 1


KNOWN_HISTORY = (
    _KnownSplit(
        key="vn-14-119/1280-NQ-UBTVQH15",
        effective=date(2025, 1, 1),
        legal_basis="Nghị quyết 1280/NQ-UBTVQH15 ngày 14/11/2024",
        note=(
            "Một phần xã Chiềng Ly và xã Phổng Lăng nhập vào thị trấn Thuận Châu; thành lập xã "
            "Phổng Ly từ một phần xã Chiềng Bôm và phần còn lại của xã Chiềng Ly, xã Phổng Lăng."
        ),
        district="119",
        # The package has no codes for the two dissolved communes: local codes, marked "L-".
        dissolved=(("L-119-01", "Xã Chiềng Ly"), ("L-119-02", "Xã Phổng Lăng")),
        established="03748",
        receivers=("03721",),
        givers=("03766",),
    ),
)
