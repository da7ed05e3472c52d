"""The kinds of report a commune or province sends, to start with (an officer's office may add
others in the admin): the periodic report on the teams' work, monthly to yearly, and the
closing report of a campaign."""

from django.db import migrations

PERIODIC = [
    "coverage",
    "members",
    "activity",
    "topics",
    "indicators",
    "feedback",
    "scams",
    "outreach",
    "campaigns",
    "units",
]
KINDS = [
    ("monthly", "Báo cáo tháng", "Monthly report", "month", PERIODIC, True, 1),
    ("quarterly", "Báo cáo quý", "Quarterly report", "quarter", PERIODIC, True, 2),
    ("half_year", "Báo cáo 6 tháng", "Half-year report", "half", PERIODIC, True, 3),
    ("yearly", "Báo cáo năm", "Yearly report", "year", PERIODIC, True, 4),
    (
        "campaign_closing",
        "Báo cáo tổng kết chiến dịch",
        "Campaign closing report",
        "campaign",
        ["campaign", "activity", "topics", "indicators", "units"],
        False,
        5,
    ),
]


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    kind = apps.get_model("reports", "ReportKind")
    for code, title_vi, title_en, period, sections, scheduled, position in KINDS:
        kind.objects.update_or_create(
            code=code,
            defaults={
                "title_vi": title_vi,
                "title_en": title_en,
                "period": period,
                "sections": sections,
                "symbol": "BC-UBND",
                "scheduled": scheduled,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_report_kinds_reports_files")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
