"""What the officers' report pages read beside ``selectors``: the units a report may be made
for, the campaigns a closing report may close, the drafts waiting, a report's kept files."""

from dataclasses import dataclass

from django.db.models import QuerySet

from langso.access import Actor
from langso.access.campaigns import unit_day
from langso.campaigns import selectors as campaign_selectors
from langso.campaigns.models import Campaign, CampaignStatus
from langso.core.dates import today
from langso.reports import selectors
from langso.reports.models import Report, ReportFile, ReportStatus
from langso.units import selectors as units
from langso.units.models import Level, UnitVersion


def reporting_units(actor: Actor) -> list[UnitVersion]:
    """The communes and provinces the officer manages today, as the form offers them: their
    own unit, and under a province its communes (a village makes no report)."""
    found: list[UnitVersion] = []
    for branch in units.managed_branches(actor, today()):
        found.append(branch.root)
        if branch.root.unit.level == Level.PROVINCE:
            found.extend(branch.children)
    return found


def closable_campaigns(actor: Actor) -> QuerySet[Campaign]:
    """The campaigns the officer sees that have started: under way or closed, newest first."""
    return (
        campaign_selectors.campaigns(actor=actor)
        .filter(status__in=[CampaignStatus.ACTIVE, CampaignStatus.CLOSED])
        .order_by("-starts_on", "-pk")
    )


def drafts_waiting(*, actor: Actor) -> QuerySet[Report]:
    """The drafts the officer may issue (the rows of ``/reports/?status=draft``)."""
    return selectors.reports(actor=actor, status=ReportStatus.DRAFT)


def unit_name(report: Report) -> str:
    """The unit's name as of the period's last day: as the figures kept it, else looked up."""
    kept = (report.figures or {}).get("unit") or {}
    if kept.get("name"):
        return str(kept["name"])
    version = units.version_on(report.unit, unit_day(report.unit, report.period_end))
    return version.name if version else ""


@dataclass(frozen=True)
class KeptFile:
    format: str
    sha256: str
    size: int


def kept_files(report: Report) -> list[KeptFile]:
    """The issued files' formats, hashes and sizes (their bytes stay in the database)."""
    return [
        KeptFile(fmt, sha, size)
        for fmt, sha, size in ReportFile.objects.filter(report=report)
        .order_by("format")
        .values_list("format", "sha256", "size")
    ]


def replaced_by(report: Report) -> Report | None:
    """The correction that replaces the report, if one was made."""
    return Report.objects.filter(replaces=report).only("pk", "version", "status").first()
