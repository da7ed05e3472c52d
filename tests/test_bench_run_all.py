"""bench/run_all.py: one table from every bench's last JSON line, whatever the benches do.

Fake benches (small scripts in a folder of their own) stand in for the real ones, which take
minutes: one that prints its figures, one that fails, one that prints no JSON, one whose JSON
is no object, one that prints a line after its JSON, one that hangs.
"""

import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import run_all  # noqa: E402 - bench/ is not a package; its scripts import each other this way

FAKES = {
    # Named like a real bench, so that its figures are judged against the dashboard's target
    # (under 150 ms); a quick run gives other figures, to show that --quick reaches the bench.
    "dashboard.py": """
        import json, sys
        quick = "--quick" in sys.argv
        print("SQLite: built")
        print(json.dumps({"residents": 10, "sqlite_median_ms": 120.0 if quick else 99.0,
                          "postgres_median_ms": 180.5, "sqlite_page_median_ms": 400.0}))
    """,
    "broken.py": """
        print("building")
        raise SystemExit("the sqlite run failed: boom")
    """,
    "silent.py": """
        print("done, and nothing to say")
    """,
    "number.py": """
        print(42)
    """,
    "trailing.py": """
        import json
        print(json.dumps({"figure": 1}))
        print("a line after the JSON")
    """,
    "_helper.py": """
        raise SystemExit("a helper is never run")
    """,
}


@pytest.fixture
def benches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in FAKES.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.setattr(run_all, "BENCH_DIR", tmp_path)
    return tmp_path


def _last_json(out: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return data


def test_every_bench_is_a_row_and_a_failure_makes_the_run_fail(
    benches: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_all.main(["--quick"])
    out = capsys.readouterr().out

    assert status == 1
    result = _last_json(out)
    rows = {b["bench"]: b for b in result["benches"]}
    assert list(rows) == ["broken", "dashboard", "number", "silent", "trailing"]
    assert rows["broken"]["status"] == "failed"
    assert rows["broken"]["error"] == "exit 1: the sqlite run failed: boom"
    assert rows["silent"]["status"] == "no JSON"
    assert "done, and nothing to say" in rows["silent"]["error"]
    assert rows["trailing"]["status"] == "no JSON"
    assert rows["number"]["status"] == "no JSON"
    assert result["failed"] == ["broken", "number", "silent", "trailing"]

    figures = {f["figure"]: f for f in rows["dashboard"]["figures"]}
    assert rows["dashboard"]["status"] == "ok"
    assert figures["sqlite_median_ms"]["value"] == 120.0  # the --quick figure
    assert figures["sqlite_median_ms"]["met"] is True
    assert figures["sqlite_median_ms"]["ratio"] == 0.8
    assert figures["postgres_median_ms"]["met"] is False
    assert figures["postgres_median_ms"]["ratio"] == 1.203
    assert figures["sqlite_page_median_ms"]["target"] is None
    assert figures["sqlite_page_median_ms"]["met"] is None
    assert "residents" not in figures
    assert (result["targets"], result["targets_met"]) == (2, 1)

    table = out[: out.rindex("\n", 0, len(out) - 1)]
    assert "FAILED: exit 1: the sqlite run failed: boom" in table
    assert "NO JSON: its last line is not a JSON object: a line after the JSON" in table
    assert "postgres_median_ms" in table and "< 150 ms" in table
    assert "a helper is never run" not in out


def test_a_run_whose_benches_all_answer_succeeds(
    benches: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_all.main(["--only", "dashboard.py"]) == 0
    result = _last_json(capsys.readouterr().out)
    assert [b["bench"] for b in result["benches"]] == ["dashboard"]
    (dashboard,) = result["benches"]
    assert dashboard["figures"][0]["value"] == 99.0  # not --quick: the full size


def test_only_refuses_a_name_that_is_no_bench(benches: Path) -> None:
    with pytest.raises(SystemExit, match="no bench named nope"):
        run_all.main(["--only", "silent,nope"])


def test_a_bench_past_its_timeout_is_stopped(tmp_path: Path) -> None:
    script = tmp_path / "slow.py"
    script.write_text("import time\nprint('waiting')\ntime.sleep(60)\n", encoding="utf-8")
    bench = run_all.Bench("slow", (sys.executable, str(script)))

    outcome = run_all.run(bench, timeout=1)

    assert outcome.status == "timed out"
    assert outcome.seconds < 20


def test_targets_named_by_the_json_and_nested_figures() -> None:
    reports = run_all.figures(
        "reports",
        {
            "bars_s": {"province_figures": 10.0, "commune_issue": 2.0, "file": 5.0},
            "sqlite_province_figures_s": 12.0,
            "sqlite_commune_issue_s": 0.5,
            "sqlite_commune_docx_s": 1.0,
            "sqlite_commune_docx_bytes": 4000,
        },
    )
    got = {row.figure: (row.target, row.ratio, row.met) for row in reports}
    assert got == {
        "sqlite_province_figures_s": (10.0, 1.2, False),
        "sqlite_commune_issue_s": (2.0, 0.25, True),
        "sqlite_commune_docx_s": (5.0, 0.2, True),
    }

    photos = run_all.figures(
        "photo_decoding",
        {"three_6300px_pngs": {"cpu_s": 0.0, "answer": "FEEDBACK_PHOTO_TOO_MANY_PIXELS"}},
    )
    assert [(row.figure, row.met) for row in photos] == [
        ("three_6300px_pngs.cpu_s", True),
        ("three_6300px_pngs.answer", True),
        (r"(?!three_6300px_pngs).*\.cpu_s", None),
    ]
    assert photos[-1].value == "not in the JSON"

    skipped = run_all.figures("dashboard", {"sqlite_median_ms": 90.0, "postgres_median_ms": None})
    assert [(row.figure, row.met) for row in skipped][:2] == [
        ("sqlite_median_ms", True),
        ("postgres_median_ms", None),
    ]

    unnamed = run_all.figures("new_bench", {"name": "x", "a_s": 1.5, "ok": True, "b": 2})
    assert [(row.figure, row.value, row.op) for row in unnamed] == [("a_s", 1.5, ""), ("b", 2, "")]


def test_every_bench_has_its_figures_named() -> None:
    names = set(run_all.discover(ROOT / "bench"))
    assert names == set(run_all.FIGURES)
    assert set(run_all.INSIDE) <= names and set(run_all.FULL_ONLY) <= names
    assert "run_all" not in names and "_sonla" not in names
