import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from langso.trust.models import BlockEntry, BlockSource
from tests.unchanged import unchanged

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, stdin: str | None = None, monkeypatch: Any = None) -> list[dict[str, Any]]:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_import_blocklist_imports_and_says_what_it_skipped() -> None:
    out = io.StringIO()
    path = str(FIXTURES / "chongluadao_hosts_sample.txt")
    call_command(
        "import_blocklist",
        path,
        "--format",
        "hosts",
        "--source",
        "cld",
        "--date",
        "2024-05-16",
        stdout=out,
    )
    assert "cld: 17 entries imported" in out.getvalue()
    assert "official 2" in out.getvalue()
    call_command("import_blocklist", path, "--format", "hosts", "--source", "cld", stdout=out)
    assert BlockEntry.objects.filter(source__name="cld").count() == 17
    assert BlockSource.objects.get(name="cld").file_name == "chongluadao_hosts_sample.txt"


def test_import_blocklist_refuses_a_bad_file_with_its_code(tmp_path: Path) -> None:
    bad = tmp_path / "list.json"
    bad.write_text("{oops")
    with unchanged(BlockSource, BlockEntry):
        with pytest.raises(CommandError, match="BLOCKLIST_UNREADABLE"):
            call_command(
                "import_blocklist", str(bad), "--format", "chongluadao-json", "--source", "x"
            )
        with pytest.raises(CommandError, match="Cannot read"):
            call_command(
                "import_blocklist", str(tmp_path / "nope"), "--format", "hosts", "--source", "x"
            )


def test_check_links_answers_one_json_line_per_input(tmp_path: Path) -> None:
    source = tmp_path / "links.txt"
    source.write_text(
        "vietcombank.com.vn\nvietcombank-xacthuc.top\n\n0912 345 678\nxn--zz.com\n"
        "Nhan qua tai shopee.tuanlevang.vn\n",
        encoding="utf-8",
    )
    answers = run("check_links", str(source), "--format", "jsonl")
    assert [a.get("verdict") for a in answers] == [
        "trusted",
        "suspicious",
        "unknown",
        None,
        "suspicious",
    ]
    assert set(answers[0]) >= {"input", "kind", "verdict", "reasons"}
    assert answers[3]["error"]["code"] == "TRUST_LINK_INVALID"
    assert answers[4]["parts"][0]["reasons"][0]["code"] == "BRAND_IN_SUBDOMAIN"


def test_check_links_reads_standard_input(monkeypatch: Any) -> None:
    answers = run("check_links", "-", stdin="momo.vn\nminigamemomo.net\n", monkeypatch=monkeypatch)
    assert [a["verdict"] for a in answers] == ["trusted", "suspicious"]
