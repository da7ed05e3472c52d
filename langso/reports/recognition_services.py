"""Writes about recognition: emulation criteria, commendation proposals, the decision on each
entry, an officer's correction of a figure (never without a reason), and submitting a proposal
(its PDF and DOCX kept with their SHA-256; from then on its figures never change).

Every figure a proposal holds is counted from the records (``reports.records``); the only way to
change one is ``figure_correct``, which keeps the recorded value beside the corrected one and the
reason, and the proposal's annex prints them.
"""

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor, actor_id
from langso.core.dates import today
from langso.core.errors import Conflict, DomainError
from langso.core.text import one_line
from langso.reports import recognition_document as document
from langso.reports import recognition_selectors as selectors
from langso.reports import render
from langso.reports.errors import RecognitionError
from langso.reports.merit_pdf import Merit, merit_certificates
from langso.reports.recognition_models import (
    Commendation,
    CommendationEntry,
    CommendationFile,
    CommendationStatus,
    Criteria,
    Decision,
    FigureCorrection,
    ProposalFormat,
    Subject,
)
from langso.units import tree

NAME_MAX = 200
REASON_MAX = 500
# No figure of a year's work comes near this; a larger one is a typing slip.
VALUE_MAX = 1_000_000


# Criteria -------------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    cleaned = one_line(name or "")
    if not cleaned:
        raise DomainError(
            RecognitionError.CRITERIA_NAME_MISSING,
            _("Give the criteria a name (for example “Outstanding member of 2026”)."),
            field="name",
        )
    return cleaned[:NAME_MAX]


def clean_conditions(conditions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Conditions as kept: each a known measure and a whole threshold of at least 1, each
    measure once."""
    if not conditions:
        raise DomainError(
            RecognitionError.CONDITIONS_MISSING,
            _("Add at least one condition (a figure and the least it must reach)."),
            field="conditions",
        )
    cleaned: list[dict[str, Any]] = []
    for i, condition in enumerate(conditions):
        measure = str(condition.get("measure", "")).strip()
        where = f"conditions[{i}]"
        if not selectors.measure_known(measure):
            raise DomainError(
                RecognitionError.MEASURE_UNKNOWN,
                _("Condition %(n)s names a figure Làng Số does not count.") % {"n": i + 1},
                field=f"{where}.measure",
            )
        at_least = condition.get("at_least")
        if (
            not isinstance(at_least, int)
            or isinstance(at_least, bool)
            or not 1 <= at_least <= VALUE_MAX
        ):
            raise DomainError(
                RecognitionError.THRESHOLD_INVALID,
                _("Condition %(n)s: the least value must be a whole number from 1 to %(max)s.")
                % {"n": i + 1, "max": VALUE_MAX},
                field=f"{where}.at_least",
            )
        if any(c["measure"] == measure for c in cleaned):
            raise DomainError(
                RecognitionError.THRESHOLD_INVALID,
                _("Condition %(n)s repeats a figure already given.") % {"n": i + 1},
                field=f"{where}.measure",
            )
        cleaned.append({"measure": measure, "at_least": at_least})
    return cleaned


@transaction.atomic
def criteria_create(
    *,
    actor: Actor,
    unit_code: str,
    name: str,
    subject: str,
    conditions: Sequence[Mapping[str, Any]],
) -> Criteria:
    """Criteria of a unit the actor manages (a commune's or a province's officers)."""
    version = access.access_unit_by_code(actor, unit_code, today(), manage=True)
    if subject not in Subject.values:
        raise DomainError(
            RecognitionError.CONDITIONS_MISSING,
            _("Say whether the criteria recognise members or teams."),
            field="subject",
        )
    return Criteria.objects.create(
        unit=version.unit,
        name=_clean_name(name),
        subject=subject,
        conditions=clean_conditions(conditions),
        created_by_id=actor_id(actor),
        updated_by_id=actor_id(actor),
    )


@transaction.atomic
def criteria_update(
    *, actor: Actor, criteria_id: int, name: str, conditions: Sequence[Mapping[str, Any]]
) -> Criteria:
    """New words or conditions; proposals already made keep the ones they were made with."""
    criteria = access.access_criteria(actor, criteria_id)
    criteria.name = _clean_name(name)
    criteria.conditions = clean_conditions(conditions)
    criteria.updated_by_id = actor_id(actor)
    criteria.save(update_fields=["name", "conditions", "updated_by", "updated_at"])
    return criteria


@transaction.atomic
def criteria_deactivate(*, actor: Actor, criteria_id: int) -> Criteria:
    criteria = access.access_criteria(actor, criteria_id)
    criteria.active = False
    criteria.updated_by_id = actor_id(actor)
    criteria.save(update_fields=["active", "updated_by", "updated_at"])
    return criteria


# Proposals ------------------------------------------------------------------------------------


def _criteria_for(actor: Actor, unit_id: int, criteria_id: int | None) -> Criteria:
    """The criteria a proposal uses: the one named, else the unit's own active one first, then
    those of the units above it (the newest of each)."""
    above = tree.ancestor_ids(unit_id, today())
    if criteria_id is not None:
        found = Criteria.objects.filter(pk=criteria_id, unit_id__in=above).first()
        if found is None or not access.may_see_unit(actor, found.unit_id, today()):
            raise access.no_criteria()
        if not found.active:
            raise Conflict(
                RecognitionError.CRITERIA_INACTIVE,
                _("The criteria “%(name)s” are no longer in use.") % {"name": found.name},
                field="criteria",
            )
        return found
    candidates = {
        c.unit_id: c
        for c in Criteria.objects.filter(unit_id__in=above, active=True).order_by(
            "created_at", "pk"
        )
    }
    for unit in above:
        if unit in candidates:
            return candidates[unit]
    raise DomainError(
        RecognitionError.NO_CRITERIA,
        _("Set the emulation criteria of this unit before proposing anyone."),
        field="criteria",
    )


@transaction.atomic
def commendation_propose(
    *,
    actor: Actor,
    unit_code: str,
    start: date,
    end: date,
    criteria_id: int | None = None,
) -> Commendation:
    """A draft proposal: every member (or team) under the unit during the period, their record,
    and whether it meets the criteria. Those who do come first."""
    version = access.access_unit_by_code(actor, unit_code, today(), manage=True)
    selectors.check_period(start, end)
    criteria = _criteria_for(actor, version.unit_id, criteria_id)
    found = selectors.records_of(selectors.teams_under(version.unit, start, end), start, end)
    commendation = Commendation.objects.create(
        unit=version.unit,
        period_start=start,
        period_end=end,
        criteria=criteria,
        criteria_name=criteria.name,
        subject=criteria.subject,
        conditions=criteria.conditions,
        computed_at=timezone.now(),
        created_by_id=actor_id(actor),
    )
    rows: list[CommendationEntry] = []
    if criteria.subject == Subject.MEMBER:
        for member in found.members:
            figures = member.record.as_dict()
            rows.append(
                CommendationEntry(
                    commendation=commendation,
                    person_id=member.person_id,
                    name=member.name,
                    detail=member.teams,
                    figures=figures,
                    meets=selectors.meets(figures, criteria.conditions),
                )
            )
    else:
        for team in found.teams:
            figures = team.record.as_dict()
            rows.append(
                CommendationEntry(
                    commendation=commendation,
                    team_id=team.team_id,
                    name=team.name,
                    detail=version.name,
                    figures=figures,
                    meets=selectors.meets(figures, criteria.conditions),
                )
            )
    rows.sort(key=lambda row: not row.meets)
    for position, row in enumerate(rows):
        row.position = position
    CommendationEntry.objects.bulk_create(rows)
    return commendation


def _locked_entry(actor: Actor, commendation_id: int, entry_id: int) -> CommendationEntry:
    entry = access.access_commendation_entry(actor, commendation_id, entry_id)
    # Two officers deciding at once: the second waits and reads the first's result.
    Commendation.objects.select_for_update().filter(pk=entry.commendation_id).first()
    entry.refresh_from_db()
    entry.commendation.refresh_from_db()
    return entry


def _not_draft(commendation: Commendation) -> Conflict:
    return Conflict(
        RecognitionError.NOT_DRAFT,
        _("Proposal %(number)s has been submitted: its figures can no longer change.")
        % {"number": commendation.number},
    )


@transaction.atomic
def entry_decide(
    *, actor: Actor, commendation_id: int, entry_id: int, decision: str
) -> CommendationEntry:
    """Approve or decline one person or team (or set them back to waiting). Only those who
    meet the criteria can be approved. Once a submitted proposal has no one waiting, it is
    decided."""
    entry = _locked_entry(actor, commendation_id, entry_id)
    commendation = entry.commendation
    if commendation.status == CommendationStatus.DECIDED:
        raise Conflict(
            RecognitionError.NOT_DRAFT, _("This proposal has been decided."), field="decision"
        )
    if decision not in Decision.values:
        raise DomainError(
            RecognitionError.DECISION_INVALID,
            _("The decision must be approved, declined or waiting."),
            field="decision",
        )
    if decision == Decision.APPROVED and not entry.meets:
        raise DomainError(
            RecognitionError.DECISION_INVALID,
            _("%(name)s does not meet the criteria and cannot be approved.") % {"name": entry.name},
            field="decision",
        )
    entry.decision = decision
    entry.decided_by_id = actor_id(actor) if decision != Decision.PENDING else None
    entry.decided_at = timezone.now() if decision != Decision.PENDING else None
    entry.save(update_fields=["decision", "decided_by", "decided_at"])
    if (
        commendation.status == CommendationStatus.SUBMITTED
        and not commendation.entries.filter(meets=True, decision=Decision.PENDING).exists()
    ):
        commendation.status = CommendationStatus.DECIDED
        commendation.decided_at = timezone.now()
        commendation.save(update_fields=["status", "decided_at"])
    return entry


def _clean_value(measure: str, value: float) -> float:
    whole = measure != "hours"
    valid = 0 <= value <= VALUE_MAX and (not whole or float(value).is_integer())
    if not valid or round(value, 1) != value:
        raise DomainError(
            RecognitionError.VALUE_INVALID,
            _("The corrected figure must be a whole number from 0 to %(max)s (hours: one decimal).")
            % {"max": VALUE_MAX},
            field="value",
        )
    return float(value)


@transaction.atomic
def figure_correct(
    *,
    actor: Actor,
    commendation_id: int,
    entry_id: int,
    measure: str,
    value: float,
    reason: str,
) -> FigureCorrection:
    """Correct one figure of a draft's entry, with the reason; whether it meets the criteria is
    worked out again (an approval of someone who no longer meets them goes back to waiting)."""
    entry = _locked_entry(actor, commendation_id, entry_id)
    commendation = entry.commendation
    if commendation.status != CommendationStatus.DRAFT:
        raise _not_draft(commendation)
    cleaned_reason = (reason or "").strip()
    if not cleaned_reason:
        raise DomainError(
            RecognitionError.REASON_REQUIRED,
            _("Write the reason for the correction in “Reason”: it is printed in the annex."),
            field="reason",
        )
    if len(cleaned_reason) > REASON_MAX:
        raise DomainError(
            RecognitionError.REASON_TOO_LONG,
            _("The reason is longer than %(max)s characters.") % {"max": REASON_MAX},
            field="reason",
        )
    if measure not in selectors.proposal_measures(commendation):
        raise DomainError(
            RecognitionError.MEASURE_UNKNOWN,
            _("This figure is not one the proposal shows."),
            field="measure",
        )
    corrected = _clean_value(measure, value)
    earlier = list(entry.corrections.order_by("created_at", "pk"))
    recorded = selectors.measure_value(selectors.effective_figures(entry, earlier), measure)
    if recorded == corrected:
        raise DomainError(
            RecognitionError.VALUE_UNCHANGED,
            _("The corrected figure is the one already shown."),
            field="value",
        )
    correction = FigureCorrection.objects.create(
        entry=entry,
        measure=measure,
        recorded=recorded,
        corrected=corrected,
        reason=cleaned_reason,
        created_by_id=actor_id(actor),
    )
    figures = selectors.effective_figures(entry, [*earlier, correction])
    entry.meets = selectors.meets(figures, commendation.conditions)
    if not entry.meets and entry.decision == Decision.APPROVED:
        entry.decision, entry.decided_by, entry.decided_at = Decision.PENDING, None, None
    entry.save(update_fields=["meets", "decision", "decided_by", "decided_at"])
    return correction


@transaction.atomic
def commendation_submit(*, actor: Actor, commendation_id: int) -> Commendation:
    """Give the proposal its number, lay it out as PDF and DOCX and keep both files."""
    commendation = access.access_commendation(actor, commendation_id, manage=True)
    Commendation.objects.select_for_update().filter(pk=commendation.pk).first()
    commendation.refresh_from_db()
    if commendation.status != CommendationStatus.DRAFT:
        raise _not_draft(commendation)
    if not commendation.entries.filter(meets=True).exclude(decision=Decision.DECLINED).exists():
        raise Conflict(
            RecognitionError.NOBODY_PROPOSED,
            _("Nobody on this proposal meets the criteria: there is nothing to submit."),
        )
    now = timezone.now()
    year = timezone.localtime(now).year
    last = Commendation.objects.filter(unit_id=commendation.unit_id, serial_year=year).aggregate(
        top=Max("serial")
    )["top"]
    commendation.serial = (last or 0) + 1
    commendation.serial_year = year
    commendation.number = f"{commendation.serial}/{document.SYMBOL}"
    commendation.status = CommendationStatus.SUBMITTED
    commendation.submitted_at = now
    commendation.submitted_by_id = actor_id(actor)
    commendation.save()
    paper = document.proposal_document(commendation)
    for kind, content in (
        (ProposalFormat.PDF, render.pdf(paper)),
        (ProposalFormat.DOCX, render.docx(paper)),
    ):
        CommendationFile.objects.create(
            commendation=commendation,
            format=kind,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
        )
    return commendation


def proposal_file(*, actor: Actor, commendation_id: int, kind: str) -> tuple[Commendation, bytes]:
    """The proposal's PDF or DOCX: the kept file once submitted, else the draft laid out now."""
    commendation = access.access_commendation(actor, commendation_id, manage=True)
    kept = commendation.files.filter(format=kind).first()
    if kept is not None:
        return commendation, bytes(kept.content)
    paper = document.proposal_document(commendation)
    return commendation, render.pdf(paper) if kind == ProposalFormat.PDF else render.docx(paper)


def merit_pdf(*, actor: Actor, commendation_id: int) -> tuple[Commendation, bytes]:
    """The certificates of merit of a submitted proposal's approved entries, one page each."""
    commendation = access.access_commendation(actor, commendation_id, manage=True)
    if commendation.status == CommendationStatus.DRAFT:
        raise Conflict(
            RecognitionError.NOT_SUBMITTED,
            _("Submit the proposal before printing its certificates of merit."),
        )
    texts = document.merit_texts(commendation)
    if not texts:
        raise Conflict(
            RecognitionError.NOBODY_APPROVED,
            _("Nobody on this proposal has been approved yet."),
        )
    items = [Merit(**vars(text)) for text in texts]
    return commendation, merit_certificates(items)
