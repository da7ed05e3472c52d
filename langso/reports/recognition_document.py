"""A commendation proposal as an official document (``reports.document``), and its certificates
of merit: always in Vietnamese, whatever language the officer's screen speaks.

The proposal ("TỜ TRÌNH") names the criteria, lists each person or team proposed with the figures
the criteria look at, and, when an officer corrected a figure, carries an annex with each
correction: the recorded value, the corrected one, the reason, who and when.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from langso.core.dates import format_date
from langso.learning.cert_pdf import place_date
from langso.reports import recognition_selectors as selectors
from langso.reports.document import Cell, Document, Section, Signature, Table
from langso.reports.recognition_models import Commendation, Subject

SYMBOL = "TTr-UBND"


def _signature() -> Signature:
    return Signature(on_behalf=_("ON BEHALF OF THE PEOPLE'S COMMITTEE"), position=_("CHAIRPERSON"))


def _day(commendation: Commendation) -> date:
    moment = commendation.submitted_at or timezone.now()
    return timezone.localtime(moment).date()


def _number(commendation: Commendation) -> str:
    return _("No.: %(number)s") % {"number": commendation.number or f"     /{SYMBOL}"}


def _cell(value: float, measure: str) -> Cell:
    return value if measure == "hours" else int(value)


def proposal_document(commendation: Commendation) -> Document:
    """The proposal as it stands (a draft until it is submitted)."""
    with translation.override("vi"):
        return _proposal_document(commendation)


def _proposal_document(commendation: Commendation) -> Document:
    unit = selectors.unit_name(commendation.unit_id, commendation.period_end)
    views = selectors.entry_views(commendation)
    proposed = [v for v in views if v.proposed]
    measures = selectors.proposal_measures(commendation)
    labels = {**selectors.measure_labels(measures), **selectors.short_labels()}
    members = commendation.subject == Subject.MEMBER
    period = selectors.period_label(commendation.period_start, commendation.period_end)
    columns = [
        _("No."),
        _("Full name") if members else _("Team"),
        _("Team") if members else _("Unit"),
        *(labels[m] for m in measures),
    ]
    rows: list[list[Cell]] = [
        [
            i,
            v.entry.name,
            v.entry.detail,
            *(_cell(selectors.measure_value(v.figures, m), m) for m in measures),
        ]
        for i, v in enumerate(proposed, start=1)
    ]
    criteria = Section(
        heading=_("I. THE EMULATION CRITERIA"),
        paragraphs=[
            _("Criteria: %(name)s.") % {"name": commendation.criteria_name},
            *(f"- {line}." for line in selectors.conditions_text(commendation.conditions)),
            _(
                "The figures are counted %(period)s from the visits, observations and work "
                "recorded in Làng Số; the figures an officer corrected, and why, are listed in "
                "the annex."
            )
            % {"period": period},
        ],
    )
    listed = Section(
        heading=_("II. THOSE PROPOSED FOR COMMENDATION"),
        paragraphs=[
            _("%(count)s proposed out of %(total)s considered.")
            % {"count": len(proposed), "total": len(views)}
        ],
        tables=[
            Table(
                caption=_("Table 1. Those proposed and their figures"),
                columns=columns,
                rows=rows,
                widths=[0.5, 3, 2.5, *(1.2 for _m in measures)],
            )
        ],
    )
    request = Section(
        heading=_("III. PROPOSAL"),
        paragraphs=[
            _(
                "The People's Committee of %(unit)s respectfully asks the Emulation and "
                "Commendation Council to consider awarding certificates of merit to the %(count)s "
                "listed above."
            )
            % {"unit": unit, "count": len(proposed)}
        ],
    )
    return Document(
        body_line=_("PEOPLE'S COMMITTEE"),
        authority=unit.upper(),
        number=_number(commendation),
        place_date=place_date(unit, _day(commendation)),
        kind=_("PROPOSAL"),
        abstract=_("On commendation: %(name)s (%(period)s)")
        % {"name": commendation.criteria_name, "period": period},
        sections=[criteria, listed, request],
        recipients=[_("As above;"), _("Archived: office.")],
        signature=_signature(),
        addressees=[_("The Emulation and Commendation Council of %(unit)s") % {"unit": unit}],
        annexes=_annexes(views),
        draft=commendation.status == "draft",
        as_of=commendation.period_end,
    )


def _annexes(views: list[selectors.EntryView]) -> list[Section]:
    corrected = [(v, c) for v in views for c in v.corrections]
    if not corrected:
        return []
    labels = selectors.measure_labels({c.measure for _v, c in corrected})
    rows: list[list[Cell]] = [
        [
            i,
            v.entry.name,
            labels[c.measure],
            _cell(c.recorded, c.measure),
            _cell(c.corrected, c.measure),
            c.reason,
            (c.created_by.full_name or c.created_by.username) if c.created_by else "",
            format_date(timezone.localtime(c.created_at).date()),
        ]
        for i, (v, c) in enumerate(corrected, start=1)
    ]
    return [
        Section(
            heading=_("ANNEX: CORRECTED FIGURES"),
            paragraphs=[
                _(
                    "Figures are counted from what was recorded; each figure below was corrected "
                    "by an officer, for the reason given."
                )
            ],
            tables=[
                Table(
                    caption=_("Table 2. Corrected figures"),
                    columns=[
                        _("No."),
                        _("Full name"),
                        _("Figure"),
                        _("Recorded"),
                        _("Corrected"),
                        _("Reason"),
                        _("Corrected by"),
                        _("Date"),
                    ],
                    rows=rows,
                    widths=[0.5, 2.5, 2.5, 1, 1, 3.5, 2, 1.3],
                )
            ],
        )
    ]


@dataclass(frozen=True)
class MeritText:
    """What a certificate of merit says, before ``reports.render`` lays it out."""

    authority: str
    place_date: str
    recipient: str
    role_line: str
    achievement: str
    decision: str
    number: str
    signature: Signature


def merit_texts(commendation: Commendation) -> list[MeritText]:
    """One certificate of merit for each approved entry."""
    with translation.override("vi"):
        unit = selectors.unit_name(commendation.unit_id, commendation.period_end)
        period = selectors.period_label(commendation.period_start, commendation.period_end)
        approved = commendation.entries.filter(decision="approved").order_by("position", "pk")
        day = timezone.localtime(commendation.decided_at or timezone.now()).date()
        return [
            MeritText(
                authority=unit,
                place_date=place_date(unit, day),
                recipient=entry.name,
                role_line=(
                    _("Member of %(team)s") % {"team": entry.detail}
                    if entry.person_id
                    else entry.detail
                ),
                achievement=_(
                    "For outstanding achievement in the digital transformation of the "
                    "community: %(criteria)s, %(period)s."
                )
                % {"criteria": commendation.criteria_name, "period": period},
                decision=_("Under the proposal No. %(number)s") % {"number": commendation.number},
                number=_("Register No. %(n)s") % {"n": i},
                signature=Signature(on_behalf="", position=_("CHAIRPERSON")),
            )
            for i, entry in enumerate(approved, start=1)
        ]
