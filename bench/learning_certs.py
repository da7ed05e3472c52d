"""A village's batch of 400 certificates as one PDF: seconds and bytes.

In a fresh SQLite database in a temporary data folder: Son La's real units, one village of Xã
Thuận Châu with 400 residents (a household each) who were all seen doing every basic skill (a
small framework of three basic skills, as the tests make it, unless the database already holds
the real one), and their 400 certificates issued as the village page's "issue to everyone"
button does (timed too). Then the batch PDF that the "print all" button makes, one page per
certificate with its QR code, typeset in one Typst compile: once cold (the first compile in the
process loads the fonts) and ``--runs`` times warm; the median is what an officer waits for.

The database does not matter here (the PDF reads 400 rows once; Typst does the work), so the
bench runs on SQLite only. It prints a line per figure and, last, one JSON object.

    .venv/bin/python bench/learning_certs.py [--certificates 400] [--runs 3]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _pages(pdf: bytes, scratch: str) -> int | None:
    """The page count poppler's ``pdfinfo`` reads, when it is installed."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return None
    path = Path(scratch) / "batch.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def run(count: int, runs: int, scratch: str) -> dict[str, object]:
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["LANGSO_DATA_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from langso.access import SYSTEM
    from langso.core.dates import today
    from langso.learning import cert_pdf, cert_selectors, cert_services
    from langso.learning.models import Skill, SkillGroup, SkillObservation, SkillStatus
    from langso.people import services as people
    from langso.units import national
    from langso.units import services as units
    from langso.units.models import Kind, UnitVersion

    call_command("migrate", verbosity=0)
    national.load(province="14")
    day = today()
    commune = UnitVersion.objects.get(code="03721", valid_from__lte=day, valid_until__gt=day).unit
    village = units.unit_create(actor=SYSTEM, name="Bản Hua Nà", kind=Kind.VILLAGE, parent=commune)
    basic = list(Skill.objects.filter(basic=True))
    if not basic:
        group = SkillGroup.objects.create(
            code="B-CB",
            name_vi="Kỹ năng số cơ bản",
            name_en="Basic digital skills",
            framework="Bench",
            source_document="Công văn 3240/BTTTT-CĐSQG",
        )
        basic = [
            Skill.objects.create(
                code=code,
                group=group,
                name_vi=name,
                name_en=name,
                target_group="Người dân",
                source_document="Công văn 3240/BTTTT-CĐSQG",
                basic=True,
                position=i,
            )
            for i, (code, name) in enumerate(
                [
                    ("B-VNEID", "Kích hoạt và dùng tài khoản định danh điện tử VNeID"),
                    ("B-DVC", "Nộp hồ sơ trên Cổng Dịch vụ công quốc gia"),
                    ("B-QR", "Thanh toán bằng mã QR an toàn"),
                ]
            )
        ]
    families = ("Lò", "Cầm", "Quàng", "Lường", "Tòng", "Hoàng", "Vì", "Điêu")
    middles = ("Văn", "Thị", "Đức", "Thị Ngọc")
    givens = ("Xuân", "Thoa", "Inh", "Lả", "Ún", "Chiến", "Hương", "Dũng", "Mai", "Ươn")
    began = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        for i in range(count):
            household = people.household_create(actor=SYSTEM, village=village, number=str(i + 1))
            name = f"{families[i % 8]} {middles[i % 4]} {givens[(i // 8) % 10]}"
            resident = people.resident_create(
                actor=SYSTEM,
                household=household,
                data=people.ResidentData(full_name=name, birth_year=1950 + i % 50, sex="F"),
            )
            for skill in basic:
                seen = SkillObservation.objects.create(
                    resident=resident,
                    skill=skill,
                    village=village,
                    value=True,
                    observed_at=now,
                    source="bench",
                )
                SkillStatus.objects.create(
                    resident=resident,
                    skill=skill,
                    village=village,
                    value=True,
                    observed_at=now,
                    observation=seen,
                    changed_at=now,
                )
    build_s = time.perf_counter() - began
    version = UnitVersion.objects.get(unit=village, valid_from__lte=day, valid_until__gt=day)
    began = time.perf_counter()
    issued = cert_services.certificates_issue_village(actor=SYSTEM, village=version)
    issue_s = time.perf_counter() - began
    chosen = cert_selectors.village_in_force(actor=SYSTEM, village=version)
    times = []
    pdf = b""
    for _ in range(runs + 1):
        began = time.perf_counter()
        pdf = cert_pdf.certificates_pdf(chosen, base_url="https://langso.example/")
        times.append(time.perf_counter() - began)
    return {
        "certificates": len(issued.issued),
        "pages": _pages(pdf, scratch),
        "build_s": round(build_s, 2),
        "issue_s": round(issue_s, 2),
        "pdf_cold_s": round(times[0], 2),
        "pdf_median_s": round(statistics.median(times[1:]), 2),
        "pdf_ms_per_page": round(1000 * statistics.median(times[1:]) / max(1, len(chosen)), 1),
        "pdf_bytes": len(pdf),
        "pdf_kib_per_page": round(len(pdf) / 1024 / max(1, len(chosen)), 1),
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificates", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="a first look: 20 certificates")
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(certificates=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        result = run(args.certificates, args.runs, scratch)
    for key, value in result.items():
        print(f"{key:>18}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
