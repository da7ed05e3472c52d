"""Criteria, proposals, decisions and corrections: what a proposal lists against its criteria,
and every refusal with its code and words."""

from datetime import timedelta

import pytest

from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.reports import recognition_selectors as selectors
from langso.reports import recognition_services as services
from langso.reports.errors import RecognitionError
from langso.reports.recognition_document import proposal_document
from langso.reports.recognition_models import CommendationStatus, Decision
from tests.reports.recognition_helpers import criteria, link_members, proposal, visits
from tests.roles import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixture_day")]


def test_the_proposal_lists_who_meets_every_condition_first(world: World) -> None:
    made = proposal(world)
    entries = list(made.entries.order_by("position"))
    # Every member of the commune's teams is considered (A2's leader did nothing).
    assert [(e.name, e.meets) for e in entries] == [
        ("Lò Thị Mai", True),
        ("Cầm Thị Thoa", False),
        ("Lò Văn Xuân", False),
    ]
    mai = entries[0]
    assert mai.figures["visits"] == 3 and mai.figures["households"] == 3
    assert mai.figures["guided"] == {"vneid_l2": 3}
    assert mai.figures["hours"] == 1.5
    assert mai.detail == world.team_a1.name
    assert made.conditions == [
        {"measure": "households", "at_least": 3},
        {"measure": "indicator:vneid_l2", "at_least": 2},
    ]


def test_one_condition_short_is_not_enough(world: World) -> None:
    made = proposal(world, households=3, vneid=4)
    assert not made.entries.filter(meets=True).exists()


def test_people_confirmed_already_yes_do_not_count_as_guided(world: World) -> None:
    link_members(world)
    criteria(world)
    visits(world.member, world.village_a1, 2, guided=("vneid_l2",), already=("smartphone",))
    record = selectors.own_record(actor=world.member, start=today(), end=today())
    assert record.visits == 2 and record.guided == {"vneid_l2": 2}


def test_a_team_proposal_counts_a_household_once_for_the_team(world: World) -> None:
    made = proposal(world, subject="team", households=4, vneid=4)
    team = made.entries.get(team=world.team_a1)
    assert team.figures["households"] == 4 and team.figures["visits"] == 4
    assert team.meets
    # The other teams of the commune did nothing and are listed as not meeting.
    assert made.entries.filter(team=world.team_a2, meets=False).exists()


def test_the_criteria_keep_their_words_on_a_proposal_made_before_an_edit(world: World) -> None:
    made = proposal(world)
    services.criteria_update(
        actor=world.commune_officer,
        criteria_id=made.criteria_id,
        name="Khác",
        conditions=[{"measure": "visits", "at_least": 100}],
    )
    made.refresh_from_db()
    assert made.criteria_name == "Thành viên tiêu biểu năm 2026"
    assert made.conditions[0]["measure"] == "households"


def test_a_correction_without_a_reason_is_refused_naming_the_field(world: World) -> None:
    made = proposal(world)
    entry = made.entries.get(name="Lò Văn Xuân")
    for reason in ("", "   \n"):
        with pytest.raises(DomainError) as refused:
            services.figure_correct(
                actor=world.commune_officer,
                commendation_id=made.pk,
                entry_id=entry.pk,
                measure="households",
                value=5,
                reason=reason,
            )
        assert refused.value.code == RecognitionError.REASON_REQUIRED
        assert refused.value.field == "reason"
    assert not entry.corrections.exists()


def test_a_correction_keeps_both_figures_and_changes_who_meets(world: World) -> None:
    made = proposal(world)
    entry = made.entries.get(name="Lò Văn Xuân")
    for measure, value in (("households", 3), ("indicator:vneid_l2", 2)):
        services.figure_correct(
            actor=world.commune_officer,
            commendation_id=made.pk,
            entry_id=entry.pk,
            measure=measure,
            value=value,
            reason="Sổ ghi chép của thôn: hai hộ thăm khi mất sóng",
        )
    entry.refresh_from_db()
    assert entry.meets
    first = entry.corrections.order_by("pk").first()
    assert first is not None and (first.recorded, first.corrected) == (1, 3)
    paper = proposal_document(made)
    annex = paper.annexes[0]
    assert annex.heading == "PHỤ LỤC: ĐIỀU CHỈNH SỐ LIỆU"
    assert annex.tables[0].rows[0][5] == "Sổ ghi chép của thôn: hai hộ thăm khi mất sóng"
    names = [row[1] for row in paper.sections[1].tables[0].rows]
    assert names == ["Lò Thị Mai", "Lò Văn Xuân"]


@pytest.mark.parametrize(
    ("measure", "value", "code"),
    [
        ("households", -1, RecognitionError.VALUE_INVALID),
        ("households", 2.5, RecognitionError.VALUE_INVALID),
        ("hours", 0.25, RecognitionError.VALUE_INVALID),
        ("households", 1, RecognitionError.VALUE_UNCHANGED),
        ("posts", 3, RecognitionError.MEASURE_UNKNOWN),
    ],
)
def test_a_wrong_corrected_figure_is_refused(
    world: World, measure: str, value: float, code: RecognitionError
) -> None:
    made = proposal(world)
    entry = made.entries.get(name="Lò Văn Xuân")
    with pytest.raises(DomainError) as refused:
        services.figure_correct(
            actor=world.commune_officer,
            commendation_id=made.pk,
            entry_id=entry.pk,
            measure=measure,
            value=value,
            reason="Lý do",
        )
    assert refused.value.code == code


def test_only_who_meets_the_criteria_can_be_approved(world: World) -> None:
    made = proposal(world)
    xuan = made.entries.get(name="Lò Văn Xuân")
    with pytest.raises(DomainError) as refused:
        services.entry_decide(
            actor=world.commune_officer,
            commendation_id=made.pk,
            entry_id=xuan.pk,
            decision=Decision.APPROVED,
        )
    assert refused.value.code == RecognitionError.DECISION_INVALID
    mai = made.entries.get(name="Lò Thị Mai")
    services.entry_decide(
        actor=world.commune_officer,
        commendation_id=made.pk,
        entry_id=mai.pk,
        decision=Decision.APPROVED,
    )
    mai.refresh_from_db()
    assert mai.decision == Decision.APPROVED and mai.decided_by == world.commune_officer


def test_a_declined_entry_leaves_the_proposal_document(world: World) -> None:
    made = proposal(world)
    mai = made.entries.get(name="Lò Thị Mai")
    services.entry_decide(
        actor=world.commune_officer,
        commendation_id=made.pk,
        entry_id=mai.pk,
        decision=Decision.DECLINED,
    )
    assert proposal_document(made).sections[1].tables[0].rows == []


def test_the_proposal_document_names_the_criteria_and_the_figures(world: World) -> None:
    made = proposal(world)
    paper = proposal_document(made)
    assert paper.kind == "TỜ TRÌNH" and paper.draft
    assert paper.authority == "XÃ THUẬN CHÂU"
    assert paper.number == "Số:      /TTr-UBND"
    assert paper.place_date.startswith("Thuận Châu, ngày 14 tháng 9 năm 2026")
    text = "\n".join(paper.sections[0].paragraphs)
    assert "Thành viên tiêu biểu năm 2026" in text
    assert "Số hộ đã thăm: ít nhất 3" in text
    table = paper.sections[1].tables[0]
    assert table.columns[:4] == ["STT", "Họ và tên", "Tổ", "Lượt đến thăm hộ"]
    assert table.rows == [[1, "Lò Thị Mai", world.team_a1.name, 3, 3, 3, 1.5, 3]]
    assert paper.annexes == []


def test_proposing_for_a_unit_out_of_scope_is_not_found(world: World) -> None:
    link_members(world)
    criteria(world)
    with pytest.raises(NotFound):
        services.commendation_propose(
            actor=world.commune_officer,
            unit_code=world.code(world.commune_b),
            start=today().replace(day=1),
            end=today(),
        )
    for who in (world.leader, world.member, world.outsider):
        with pytest.raises(NotFound):
            services.commendation_propose(
                actor=who,
                unit_code=world.code(world.commune_a),
                start=today().replace(day=1),
                end=today(),
            )


@pytest.mark.parametrize(
    ("shift_start", "shift_end", "code"),
    [
        (0, -1, RecognitionError.PERIOD_REVERSED),
        (-400, 0, RecognitionError.PERIOD_TOO_LONG),
        (3, 10, RecognitionError.PERIOD_IN_FUTURE),
    ],
)
def test_a_wrong_period_is_refused(
    world: World, shift_start: int, shift_end: int, code: RecognitionError
) -> None:
    criteria(world)
    with pytest.raises(DomainError) as refused:
        services.commendation_propose(
            actor=world.commune_officer,
            unit_code=world.code(world.commune_a),
            start=today() + timedelta(days=shift_start),
            end=today() + timedelta(days=shift_end),
        )
    assert refused.value.code == code


def test_without_criteria_there_is_nothing_to_propose(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.commendation_propose(
            actor=world.commune_officer,
            unit_code=world.code(world.commune_a),
            start=today().replace(day=1),
            end=today(),
        )
    assert refused.value.code == RecognitionError.NO_CRITERIA


def test_province_criteria_apply_to_its_communes(world: World) -> None:
    services.criteria_create(
        actor=world.province_officer,
        unit_code="14",
        name="Tổ tiêu biểu",
        subject="team",
        conditions=[{"measure": "visits", "at_least": 1}],
    )
    made = services.commendation_propose(
        actor=world.commune_officer,
        unit_code=world.code(world.commune_a),
        start=today().replace(day=1),
        end=today(),
    )
    assert made.criteria_name == "Tổ tiêu biểu" and made.subject == "team"


M, T = RecognitionError.MEASURE_UNKNOWN, RecognitionError.THRESHOLD_INVALID


@pytest.mark.parametrize(
    ("conditions", "code", "field"),
    [
        ([], RecognitionError.CONDITIONS_MISSING, "conditions"),
        ([{"measure": "likes", "at_least": 1}], M, "conditions[0].measure"),
        ([{"measure": "indicator:nope", "at_least": 1}], M, "conditions[0].measure"),
        ([{"measure": "visits", "at_least": 0}], T, "conditions[0].at_least"),
        ([{"measure": "visits", "at_least": "5"}], T, "conditions[0].at_least"),
        (
            [{"measure": "visits", "at_least": 5}, {"measure": "visits", "at_least": 6}],
            T,
            "conditions[1].measure",
        ),
    ],
)
def test_wrong_conditions_are_refused_naming_the_condition(
    world: World, conditions: list[dict[str, object]], code: RecognitionError, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        services.criteria_create(
            actor=world.commune_officer,
            unit_code=world.code(world.commune_a),
            name="Tiêu chí",
            subject="member",
            conditions=conditions,
        )
    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_leader_cannot_make_criteria_and_a_member_cannot_decide(world: World) -> None:
    with pytest.raises(NotFound):
        criteria_of_leader = services.criteria_create(
            actor=world.leader,
            unit_code=world.code(world.village_a1),
            name="Tiêu chí",
            subject="member",
            conditions=[{"measure": "visits", "at_least": 1}],
        )
        del criteria_of_leader
    made = proposal(world)
    entry = made.entries.first()
    assert entry is not None
    for who in (
        world.leader,
        world.member,
        world.province_officer.__class__.objects.get(username="member_b"),
    ):
        with pytest.raises(NotFound):
            services.entry_decide(
                actor=who, commendation_id=made.pk, entry_id=entry.pk, decision="declined"
            )


def test_nothing_changes_a_submitted_proposal_but_the_decisions(world: World) -> None:
    made = proposal(world)
    submitted = services.commendation_submit(actor=world.commune_officer, commendation_id=made.pk)
    assert submitted.status == CommendationStatus.SUBMITTED
    assert submitted.number == "1/TTr-UBND"
    assert {f.format for f in submitted.files.all()} == {"pdf", "docx"}
    entry = made.entries.get(name="Lò Văn Xuân")
    with pytest.raises(DomainError) as refused:
        services.figure_correct(
            actor=world.commune_officer,
            commendation_id=made.pk,
            entry_id=entry.pk,
            measure="households",
            value=9,
            reason="Muộn",
        )
    assert refused.value.code == RecognitionError.NOT_DRAFT
    mai = made.entries.get(name="Lò Thị Mai")
    services.entry_decide(
        actor=world.commune_officer, commendation_id=made.pk, entry_id=mai.pk, decision="approved"
    )
    made.refresh_from_db()
    assert made.status == CommendationStatus.DECIDED
