"""Recognition in the API (mounted under /api/v1 by langso.api): the records of a unit's members
and teams, one's own record (the field app's "your month"), and commendation proposals."""

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status

from langso.core.bounds import DbId
from langso.core.dates import today
from langso.reports import recognition_selectors as selectors
from langso.reports import recognition_services as services
from langso.reports.recognition_models import Commendation
from langso.reports.recognition_schemas import (
    CommendationIn,
    CommendationOut,
    ConditionOut,
    CorrectionIn,
    CorrectionOut,
    DecisionIn,
    EntryOut,
    FileOut,
    MemberRecordOut,
    MyRecordOut,
    NamedCount,
    PeriodQuery,
    RecordOut,
    TeamRecordOut,
    UnitRecognitionOut,
)
from langso.reports.records import Record

router = Router(tags=["recognition"])


def _period(query: PeriodQuery) -> tuple[date, date]:
    return selectors.period_of(query.start, query.end, today())


def record_out(record: Record) -> RecordOut:
    indicators = selectors.indicator_names(record.guided)
    skills = selectors.skill_names(record.skills)
    return RecordOut(
        visits=record.visits,
        households=record.households,
        people=record.people,
        hours=record.hours,
        feedback_handled=record.feedback_handled,
        posts=record.posts,
        guided=[
            NamedCount(code=code, name=indicators.get(code, code), people=n)
            for code, n in sorted(record.guided.items())
        ],
        skills=[
            NamedCount(code=code, name=skills.get(code, code), people=n)
            for code, n in sorted(record.skills.items())
        ],
    )


@router.get(
    "/units/{code}/recognition",
    response=UnitRecognitionOut,
    summary="The records of a unit's members and teams for a period",
)
def unit_recognition(
    request: HttpRequest, code: str, query: Query[PeriodQuery]
) -> UnitRecognitionOut:
    """Officers who manage the unit: every member and team under it; a team leader: their own
    team. Default period: this month. 400 ``RECOGNITION_PERIOD_REVERSED`` when ``end`` comes
    before ``start``, ``RECOGNITION_PERIOD_TOO_LONG`` past 366 days."""
    start, end = _period(query)
    found = selectors.unit_records(actor=request.user, code=code, start=start, end=end)
    unit = found.unit
    return UnitRecognitionOut(
        unit=unit.code if unit else code,
        name=unit.name if unit else "",
        start=start,
        end=end,
        members=[
            MemberRecordOut(
                person_id=m.person_id, name=m.name, teams=m.teams, record=record_out(m.record)
            )
            for m in found.members
        ],
        teams=[
            TeamRecordOut(
                team_id=t.team_id, name=t.name, members=t.members, record=record_out(t.record)
            )
            for t in found.teams
        ],
    )


@router.get("/me/record", response=MyRecordOut, summary="The caller's own record")
def my_record(request: HttpRequest, query: Query[PeriodQuery]) -> MyRecordOut:
    """What the caller did in the period (default: this month), counted from their visits."""
    start, end = _period(query)
    record = selectors.own_record(actor=request.user, start=start, end=end)
    return MyRecordOut(start=start, end=end, record=record_out(record))


def commendation_out(request: HttpRequest, commendation_id: DbId) -> CommendationOut:
    view = selectors.proposal(actor=request.user, commendation_id=commendation_id)
    commendation: Commendation = view.commendation
    condition_labels = selectors.measure_labels(c["measure"] for c in commendation.conditions)
    correction_labels = selectors.measure_labels(
        c.measure for v in view.entries for c in v.corrections
    )
    files = [
        FileOut(
            format=f.format,
            sha256=f.sha256,
            size=f.size,
            url=request.build_absolute_uri(
                reverse(f"recognition:proposal_{f.format}", args=[commendation.pk])
            ),
        )
        for f in commendation.files.order_by("format")
    ]
    return CommendationOut(
        id=commendation.pk,
        unit=view.unit_name,
        start=commendation.period_start,
        end=commendation.period_end,
        criteria=commendation.criteria_name,
        subject=commendation.subject,  # type: ignore[arg-type]
        conditions=[
            ConditionOut(
                measure=c["measure"], name=condition_labels[c["measure"]], at_least=c["at_least"]
            )
            for c in commendation.conditions
        ],
        status=commendation.status,  # type: ignore[arg-type]
        number=commendation.number,
        entries=[
            EntryOut(
                id=v.entry.pk,
                kind="team" if v.entry.team_id else "member",
                name=v.entry.name,
                detail=v.entry.detail,
                meets=v.entry.meets,
                decision=v.entry.decision,  # type: ignore[arg-type]
                figures={measure: value for measure, _label, value, _c in v.cells},
                corrections=[
                    CorrectionOut(
                        measure=c.measure,
                        name=correction_labels[c.measure],
                        recorded=c.recorded,
                        corrected=c.corrected,
                        reason=c.reason,
                    )
                    for c in v.corrections
                ],
            )
            for v in view.entries
        ],
        files=files,
    )


@router.post(
    "/commendations",
    response={201: CommendationOut},
    summary="Propose commendations for a unit and a period",
)
def commendation_propose(request: HttpRequest, payload: CommendationIn) -> Status[CommendationOut]:
    """Officers who manage the unit (404 otherwise). Every member (or team, as the criteria
    say) under the unit during the period, with their figures and whether they meet the
    criteria. 400 ``RECOGNITION_NO_CRITERIA`` when the unit has no criteria in use, and the
    period's codes as for the records."""
    made = services.commendation_propose(
        actor=request.user,
        unit_code=payload.unit,
        start=payload.start,
        end=payload.end,
        criteria_id=payload.criteria,
    )
    return Status(201, commendation_out(request, made.pk))


@router.get(
    "/commendations/{commendation_id}",
    response=CommendationOut,
    summary="A commendation proposal",
)
def commendation_get(request: HttpRequest, commendation_id: DbId) -> CommendationOut:
    """Its unit's officers; a team leader sees the entries of their own team, read only."""
    return commendation_out(request, commendation_id)


@router.post(
    "/commendations/{commendation_id}/entries/{entry_id}/decision",
    response=CommendationOut,
    summary="Approve or decline one person or team",
)
def entry_decide(
    request: HttpRequest, commendation_id: DbId, entry_id: DbId, payload: DecisionIn
) -> CommendationOut:
    """400 ``RECOGNITION_DECISION_INVALID`` for approving someone who does not meet the
    criteria; 409 ``RECOGNITION_PROPOSAL_NOT_DRAFT`` once decided."""
    services.entry_decide(
        actor=request.user,
        commendation_id=commendation_id,
        entry_id=entry_id,
        decision=payload.decision,
    )
    return commendation_out(request, commendation_id)


@router.post(
    "/commendations/{commendation_id}/entries/{entry_id}/corrections",
    response={201: CommendationOut},
    summary="Correct one figure, with the reason",
)
def figure_correct(
    request: HttpRequest, commendation_id: DbId, entry_id: DbId, payload: CorrectionIn
) -> Status[CommendationOut]:
    """Draft proposals only. 400 ``RECOGNITION_REASON_REQUIRED`` (field ``reason``) without a
    reason; the correction is printed in the proposal's annex."""
    services.figure_correct(
        actor=request.user,
        commendation_id=commendation_id,
        entry_id=entry_id,
        measure=payload.measure,
        value=payload.value,
        reason=payload.reason,
    )
    return Status(201, commendation_out(request, commendation_id))


@router.post(
    "/commendations/{commendation_id}/submit",
    response=CommendationOut,
    summary="Submit a proposal: its number, its PDF and DOCX kept",
)
def commendation_submit(request: HttpRequest, commendation_id: DbId) -> CommendationOut:
    """409 ``RECOGNITION_PROPOSAL_NOT_DRAFT`` when already submitted,
    ``RECOGNITION_NOBODY_PROPOSED`` when nobody is proposed."""
    services.commendation_submit(actor=request.user, commendation_id=commendation_id)
    return commendation_out(request, commendation_id)
