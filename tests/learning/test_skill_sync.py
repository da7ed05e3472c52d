"""Skills come in with visits through the sync push: idempotent, late and out-of-order events
never overwrite newer facts, and the indicators worked out from them follow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.dates import today, valid_on
from langso.core.errors import DomainError
from langso.indicators.models import Observation, Source, Status, VillageRollup
from langso.indicators.services import NewObservation, observations_record_many
from langso.learning import cert_services
from langso.learning.models import Certificate, SkillObservation, SkillStatus
from langso.people import recount
from langso.people.services import resident_subject
from langso.units.models import UnitVersion
from tests.learning.helpers import answers, basic_codes, home, person, push, visit
from tests.roles import World

pytestmark = pytest.mark.django_db


def status(resident_id: int, code: str = "basic_skills") -> bool | None:
    found = Status.objects.filter(resident_id=resident_id, indicator_id=code).first()
    return None if found is None else found.value


def household_status(household_id: int) -> bool | None:
    found = Status.objects.filter(
        household_id=household_id, indicator_id="household_basic_skills"
    ).first()
    return None if found is None else found.value


def numerator(world: World, code: str) -> int:
    rollup = VillageRollup.objects.filter(village=world.village_a1, indicator_id=code).first()
    return 0 if rollup is None else rollup.numerator


def test_all_five_basic_skills_seen_make_the_person_and_the_household_proficient(
    world: World,
) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    at = timezone.now() - timedelta(hours=1)
    response = push(
        world.client(world.member),
        [visit(household, at, [(head.pk, code, True) for code in basic_codes()])],
    )
    assert answers(response) == ["created"]
    assert SkillStatus.objects.filter(resident=head, value=True).count() == 5
    assert status(head.pk) is True
    assert household_status(household.pk) is True
    assert numerator(world, "basic_skills") == 1
    assert numerator(world, "household_basic_skills") == 1
    derived = Observation.objects.get(resident=head, indicator_id="basic_skills")
    assert (derived.source, derived.observed_at) == (Source.COMPUTED, at)
    assert recount.differences() == {}


def test_four_skills_are_not_yet_proficient(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    codes = basic_codes()[:4]
    at = timezone.now() - timedelta(hours=1)
    push(world.client(world.member), [visit(household, at, [(head.pk, c, True) for c in codes])])
    assert SkillObservation.objects.count() == 4
    assert status(head.pk) is None
    assert household_status(household.pk) is None
    assert numerator(world, "basic_skills") == 0


def test_a_visit_sent_again_changes_nothing(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    at = timezone.now() - timedelta(hours=1)
    batch = [visit(household, at, [(head.pk, code, True) for code in basic_codes()])]
    client = world.client(world.member)
    push(client, batch)
    counts = (SkillObservation.objects.count(), Observation.objects.count())
    assert answers(push(client, batch)) == ["duplicate"]
    assert (SkillObservation.objects.count(), Observation.objects.count()) == counts
    assert numerator(world, "household_basic_skills") == 1


def test_skill_observation_ids_come_from_the_visit_the_person_and_the_skill(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    sent = visit(household, timezone.now(), [(head.pk, "3240.1", True)])
    push(world.client(world.member), [sent])
    observation = SkillObservation.objects.get()
    assert observation.source_ref == sent["id"]
    assert (observation.source, observation.recorded_by_id) == ("visit", world.member.pk)


def test_an_older_visit_arriving_later_never_overwrites_a_newer_skill(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    now = timezone.now()
    codes = basic_codes()
    client = world.client(world.member)
    # Today: all five, but paying online was not managed.
    today_visit = visit(
        household,
        now - timedelta(hours=1),
        [(head.pk, code, code != "3240.3") for code in codes],
    )
    # Three days ago (sent late): all five done.
    earlier = visit(household, now - timedelta(days=3), [(head.pk, c, True) for c in codes])
    push(client, [today_visit])
    push(client, [earlier])
    assert SkillStatus.objects.get(resident=head, skill_id="3240.3").value is False
    # Proficient between the two visits, not any more today.
    assert status(head.pk) is False
    assert household_status(household.pk) is False
    values = list(
        Observation.objects.filter(resident=head, indicator_id="basic_skills")
        .order_by("observed_at")
        .values_list("value", flat=True)
    )
    assert values == [True, False]
    assert numerator(world, "basic_skills") == 0
    assert recount.differences() == {}


def test_out_of_order_visits_of_two_people_keep_the_household_right(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    wife = person(household, "Lò Thị Xuân")
    now = timezone.now()
    codes = basic_codes()
    client = world.client(world.member)
    later = visit(household, now - timedelta(hours=2), [(wife.pk, c, True) for c in codes])
    first = visit(household, now - timedelta(days=2), [(head.pk, c, True) for c in codes])
    forgot = visit(household, now - timedelta(hours=1), [(head.pk, "3240.4", False)])
    push(client, [later])
    push(client, [forgot])
    push(client, [first])
    assert status(head.pk) is False
    assert status(wife.pk) is True
    assert household_status(household.pk) is True
    history = list(
        Observation.objects.filter(household=household, indicator_id="household_basic_skills")
        .order_by("observed_at")
        .values_list("value", flat=True)
    )
    # True from the head's visit two days ago, and never false since (the wife took over).
    assert history and all(history)
    assert numerator(world, "household_basic_skills") == 1
    assert recount.differences() == {}


@pytest.mark.parametrize(
    ("skills", "code"),
    [
        ([("HEAD", "9.9", True)], "SKILL_UNKNOWN"),
        ([("STRANGER", "3240.1", True)], "RESIDENT_UNKNOWN"),
        ([(999_999, "3240.1", True)], "RESIDENT_UNKNOWN"),
        ([("HEAD", "3240.1", "có")], "EVENT_INVALID"),
        ([("HEAD", "3240.1", True), ("HEAD", "3240.1", False)], "EVENT_INVALID"),
        ([("HEAD", "", True)], "EVENT_INVALID"),
    ],
)
def test_a_visit_with_bad_skills_is_refused_whole_with_its_code(
    world: World, skills: list[tuple[object, str, object]], code: str
) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    _other, stranger = home(world.village_a1, "Vừ A Dế")
    names = {"HEAD": head.pk, "STRANGER": stranger.pk}
    sent = visit(household, timezone.now(), [])
    sent["skills"] = [
        {"resident_id": names.get(str(r), r), "skill": s, "value": v} for r, s, v in skills
    ]
    response = push(world.client(world.member), [sent, visit(household, timezone.now(), [])])
    assert answers(response) == [code, "created"]
    assert response.json()["results"][0]["message"]
    assert SkillObservation.objects.count() == 0


def test_a_computed_indicator_cannot_be_pushed(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    sent = visit(household, timezone.now(), [])
    sent["observations"] = [{"resident_id": head.pk, "indicator": "basic_skills", "value": True}]
    household_too = visit(household, timezone.now(), [])
    household_too["observations"] = [
        {"resident_id": None, "indicator": "household_basic_skills", "value": True}
    ]
    response = push(world.client(world.member), [sent, household_too])
    assert answers(response) == ["INDICATOR_COMPUTED", "INDICATOR_COMPUTED"]
    assert (
        "kỹ năng" in response.json()["results"][0]["message"]
        or response.json()["results"][0]["message"]
    )
    assert not Observation.objects.exists()


def test_a_computed_indicator_cannot_be_imported_or_recorded_by_hand(world: World) -> None:
    _household, head = home(world.village_a1, "Lò Văn Pánh")
    for source in (Source.IMPORT, Source.MANUAL, Source.VISIT):
        with pytest.raises(DomainError) as refused:
            observations_record_many(
                [
                    NewObservation(
                        subject=resident_subject(head),
                        indicator="basic_skills",
                        value=True,
                        observed_at=timezone.now(),
                        source=source,
                    )
                ],
                recorded_by_id=None,
            )
        assert refused.value.code == "INDICATOR_COMPUTED"
    assert not Observation.objects.exists()


def test_the_pull_lists_no_computed_indicator_to_tick(world: World) -> None:
    body = world.client(world.member).get("/api/v1/sync/pull").json()
    codes = {indicator["code"] for indicator in body["indicators"]}
    assert "basic_skills" not in codes and "household_basic_skills" not in codes
    assert "vneid_l2" in codes


def test_a_member_of_another_village_cannot_record_skills_here(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    sent = visit(household, timezone.now(), [(head.pk, "3240.1", True)])
    assert answers(push(world.client(world.member_b), [sent])) == ["HOUSEHOLD_UNKNOWN"]
    assert not SkillObservation.objects.exists()


def test_the_service_refuses_an_actor_who_cannot_see_the_person(world: World) -> None:
    from langso.core.errors import NotFound
    from langso.learning.skill_services import skill_observations_record

    _household, head = home(world.village_a1, "Lò Văn Pánh")
    with pytest.raises(NotFound):
        skill_observations_record(
            actor=world.member_b,
            resident=head,
            observations=[("3240.1", True, timezone.now(), __import__("uuid").uuid4())],
            source="manual",
        )
    with pytest.raises(DomainError) as refused:
        skill_observations_record(
            actor=SYSTEM,
            resident=head,
            observations=[("nope", True, timezone.now(), __import__("uuid").uuid4())],
            source="manual",
        )
    assert refused.value.code == "SKILL_UNKNOWN"


@pytest.mark.parametrize(
    ("role", "answer"),
    [
        ("member", "created"),
        ("leader", "created"),
        ("commune_officer", "created"),
        ("province_officer", "created"),
        ("member_b", "HOUSEHOLD_UNKNOWN"),
        ("outsider", "HOUSEHOLD_UNKNOWN"),
    ],
)
def test_who_may_record_skills_in_a_village(world: World, role: str, answer: str) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    sent = visit(household, timezone.now(), [(head.pk, "3240.1", True)])
    assert answers(push(world.client(getattr(world, role)), [sent])) == [answer]
    assert SkillObservation.objects.exists() == (answer == "created")


def test_without_a_login_nothing_is_pushed(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    sent = visit(household, timezone.now(), [(head.pk, "3240.1", True)])
    assert push(world.client(None), [sent]).status_code == 401
    assert not SkillObservation.objects.exists()


def test_where_the_commune_issues_automatically_a_visit_that_completes_the_skills_issues_one(
    world: World,
) -> None:
    cert_services.certificate_settings_set(
        actor=world.commune_officer,
        commune=UnitVersion.objects.get(valid_on(today()), unit=world.commune_a),
        auto_issue=True,
    )
    household, head = home(world.village_a1, "Lò Văn Pánh")
    codes = basic_codes()
    at = timezone.now() - timedelta(hours=2)
    client = world.client(world.member)
    push(client, [visit(household, at, [(head.pk, c, True) for c in codes[:4]])])
    assert not Certificate.objects.exists()
    push(client, [visit(household, at + timedelta(hours=1), [(head.pk, codes[4], True)])])
    issued = Certificate.objects.get(resident=head)
    assert issued.issued_by is None  # the system issued it, not a person
    assert sorted(issued.skills) == sorted(codes)


def test_where_the_commune_does_not_the_skills_alone_issue_nothing(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    at = timezone.now() - timedelta(hours=1)
    push(
        world.client(world.member),
        [visit(household, at, [(head.pk, c, True) for c in basic_codes()])],
    )
    assert status(head.pk) is True
    assert not Certificate.objects.exists()
