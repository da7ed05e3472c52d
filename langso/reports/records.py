"""What was really done in a period: the record of a member, of a team, of a unit's villages.

Every figure is counted from what was recorded, never typed in: visits (and their lengths, for
hours), the households and people they reached, the people a member moved to "yes" on an
indicator or a skill at their visits, the feedback a member handled, the Zalo group posts they
ticked off. The official reports, the recognition pages, the field app's "your month" and the
commendation proposals all read these functions, so the same period gives the same numbers
everywhere.

"Moved to yes" means an observation recorded by the member, observed in the period, whose value
is yes while the same person's (or household's) observation before it, by observation time, was
not (no or none): confirming what was already true moves no one.

Days are Vietnam's: a period from the 1st to the 30th runs from 00:00 on the 1st to 00:00 on the
31st, Asia/Ho_Chi_Minh.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from langso.core.idlist import id_list
from langso.feedback.models import ReportEvent
from langso.indicators.models import Observation, Source
from langso.learning.models import SkillObservation
from langso.outreach.models import GroupPost
from langso.people.models import Resident
from langso.units import tree
from langso.units.models import Level, Unit, UnitVersion
from langso.units.selectors import successors
from langso.visits.models import Topic, Visit


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The first moment of ``start`` and the first moment after ``end``, in Vietnam."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def hours(minutes: int) -> float:
    """Minutes as hours with one decimal, half up as the papers round (75 minutes: 1,3 hours;
    ``round`` would give 1.2, rounding half to even on a float)."""
    return float((Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class Record:
    visits: int = 0
    households: int = 0
    people: int = 0
    minutes: int = 0
    # Indicator code → people (or households) moved to yes; skill code → people.
    guided: dict[str, int] = field(default_factory=dict)
    skills: dict[str, int] = field(default_factory=dict)
    feedback_handled: int = 0
    posts: int = 0

    @property
    def hours(self) -> float:
        """Hours at the doors, with one decimal (visits without a length count nothing)."""
        return hours(self.minutes)

    def as_dict(self) -> dict[str, object]:
        return {
            "visits": self.visits,
            "households": self.households,
            "people": self.people,
            "hours": self.hours,
            "guided": dict(sorted(self.guided.items())),
            "skills": dict(sorted(self.skills.items())),
            "feedback_handled": self.feedback_handled,
            "posts": self.posts,
        }


# No observation before (NULL) or "no" before: ``exclude(before=True)`` would drop the NULLs,
# as SQL's NOT (NULL = true) is not true, and a person's first "yes" would never count.
NOT_YES_BEFORE = Q(before__isnull=True) | Q(before=False)


def _moved_to_yes(rows: Iterable[tuple[int, str, object]]) -> dict[int, dict[str, int]]:
    """(member, code, subject) rows → member → code → distinct subjects."""
    seen: dict[int, dict[str, set[object]]] = defaultdict(lambda: defaultdict(set))
    for member_id, code, subject in rows:
        seen[member_id][code].add(subject)
    return {m: {c: len(s) for c, s in codes.items()} for m, codes in seen.items()}


def member_records(*, users: Collection[int], start: date, end: date) -> dict[int, Record]:
    """The record of each user (a member's login) from ``start`` to ``end`` inclusive."""
    records = {user: Record() for user in users}
    if not records:
        return records
    lower, upper = bounds(start, end)
    visits = Visit.objects.filter(
        member_id__in=list(records), occurred_at__gte=lower, occurred_at__lt=upper
    )
    for row in visits.values("member_id").annotate(
        n=Count("id"), h=Count("household_id", distinct=True), m=Sum("duration_minutes")
    ):
        record = records[row["member_id"]]
        record.visits, record.households, record.minutes = row["n"], row["h"], row["m"] or 0
    people: dict[int, set[int]] = defaultdict(set)
    for member_id, present in visits.values_list("member_id", "residents_present"):
        people[member_id].update(present or [])
    for member_id, found in people.items():
        records[member_id].people = len(found)

    # Only the households the member visited can hold what they moved: the search goes through
    # the subject indexes (resident or household, indicator, time) instead of every observation.
    households = visits.values("household_id")
    residents = Resident.objects.filter(household_id__in=households).values("pk")
    earlier = Observation.objects.filter(
        indicator_id=OuterRef("indicator_id"), observed_at__lt=OuterRef("observed_at")
    ).order_by("-observed_at")
    window = Q(observed_at__gte=lower, observed_at__lt=upper, value=True, source=Source.VISIT)
    people_rows = (
        Observation.objects.filter(window, resident_id__in=residents, recorded_by_id__in=records)
        .annotate(
            before=Subquery(earlier.filter(resident_id=OuterRef("resident_id")).values("value")[:1])
        )
        .filter(NOT_YES_BEFORE)
        .values_list("recorded_by_id", "indicator_id", "resident_id")
    )
    household_rows = (
        Observation.objects.filter(window, household_id__in=households, recorded_by_id__in=records)
        .annotate(
            before=Subquery(
                earlier.filter(household_id=OuterRef("household_id")).values("value")[:1]
            )
        )
        .filter(NOT_YES_BEFORE)
        .values_list("recorded_by_id", "indicator_id", "household_id")
    )
    for member_id, codes in _moved_to_yes([*people_rows, *household_rows]).items():
        records[member_id].guided = codes

    earlier_skill = SkillObservation.objects.filter(
        resident_id=OuterRef("resident_id"),
        skill_id=OuterRef("skill_id"),
        observed_at__lt=OuterRef("observed_at"),
    ).order_by("-observed_at")
    skill_rows = (
        SkillObservation.objects.filter(
            resident_id__in=residents,
            recorded_by_id__in=records,
            observed_at__gte=lower,
            observed_at__lt=upper,
            value=True,
        )
        .annotate(before=Subquery(earlier_skill.values("value")[:1]))
        .filter(NOT_YES_BEFORE)
        .values_list("recorded_by_id", "skill_id", "resident_id")
    )
    for member_id, codes in _moved_to_yes(skill_rows).items():
        records[member_id].skills = codes

    handled = (
        ReportEvent.objects.filter(
            actor_id__in=list(records), at__gte=lower, at__lt=upper, status_to__in=CLOSING
        )
        .values_list("actor_id")
        .annotate(n=Count("report_id", distinct=True))
    )
    for actor_id, handled_count in handled:
        records[actor_id].feedback_handled = handled_count
    posted = (
        GroupPost.objects.filter(
            posted_by_id__in=list(records), posted_at__gte=lower, posted_at__lt=upper
        )
        .values_list("posted_by_id")
        .annotate(n=Count("id"))
    )
    for poster_id, post_count in posted:
        records[poster_id].posts = post_count
    return records


# The statuses that end a report's handling: answered (resolved) or refused with a reason.
CLOSING = ("resolved", "rejected")


def total(records: Iterable[Record]) -> Record:
    """The sum of several members' records. Households and people are summed too: two members
    who visited the same household both count it, as each did the work (a team's distinct
    households come from ``villages_activity``)."""
    result = Record()
    guided: Counter[str] = Counter()
    skills: Counter[str] = Counter()
    for record in records:
        result.visits += record.visits
        result.households += record.households
        result.people += record.people
        result.minutes += record.minutes
        result.feedback_handled += record.feedback_handled
        result.posts += record.posts
        guided.update(record.guided)
        skills.update(record.skills)
    result.guided, result.skills = dict(guided), dict(skills)
    return result


# A unit's villages over a period --------------------------------------------------------------


@dataclass
class Activity:
    """The visits made in a set of villages: counts, and people guided per topic."""

    visits: int = 0
    households: int = 0
    people: int = 0
    minutes: int = 0
    members: int = 0
    # Topic code → people present at visits on that topic (a person at two visits counts once).
    topics: dict[str, int] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        return hours(self.minutes)

    def as_dict(self) -> dict[str, object]:
        return {
            "visits": self.visits,
            "households": self.households,
            "people": self.people,
            "hours": self.hours,
            "members": self.members,
            "topics": {code: self.topics.get(code, 0) for code in Topic.values},
        }


def village_branches(unit: Unit, start: date, end: date) -> dict[int, int]:
    """Every village whose figures of the period count under ``unit``, with the child of ``unit``
    (as of ``end``) it counts under (``unit`` itself for a village report).

    The tree is the one of the period's end; a village that ended during the period (merged or
    split) counts under the village it lives on in on the last day, wherever that is.
    """
    branch_of = {
        b.unit_id: b.branch_id for b in tree.branches(unit, end) if b.level == Level.VILLAGE
    }
    ended = (
        UnitVersion.objects.filter(
            unit__level=Level.VILLAGE, valid_until__gt=start, valid_until__lte=end
        )
        .exclude(unit_id__in=list(branch_of))
        .values_list("unit_id", flat=True)
        .distinct()
    )
    for village_id in ended:
        for successor in successors(village_id, end)[:1]:
            if successor.unit_id in branch_of:
                branch_of[village_id] = branch_of[successor.unit_id]
    return branch_of


def _ids(text: str | None) -> list[int]:
    """ "[12, 15]" (a JSON list of ids, as SQLite and PostgreSQL write it) → [12, 15]."""
    inside = (text or "").strip()[1:-1]
    return [int(part) for part in inside.split(",")] if inside.strip() else []


def villages_activity(
    *, branch_of: dict[int, int], start: date, end: date
) -> tuple[Activity, dict[int, Activity]]:
    """The activity of the period in the villages of ``branch_of``: in all, and per branch."""
    lower, upper = bounds(start, end)
    whole = Activity()
    per: dict[int, Activity] = defaultdict(Activity)
    households: dict[int, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    members: dict[int, set[int]] = defaultdict(set)
    topic_people: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    # The two JSON lists are read as text and split here: decoding them through the JSON
    # field costs a province's quarter (a quarter of a million visits) several seconds, and a
    # visit's topics take only a few dozen distinct values.
    rows = (
        Visit.objects.filter(
            village_id__in=id_list(branch_of), occurred_at__gte=lower, occurred_at__lt=upper
        )
        .annotate(
            topic_text=Cast("topics", TextField()),
            present_text=Cast("residents_present", TextField()),
        )
        .values_list(
            "village_id",
            "household_id",
            "member_id",
            "duration_minutes",
            "topic_text",
            "present_text",
        )
    )
    topic_lists: dict[str, list[str]] = {}
    for village_id, household_id, member_id, minutes, topic_text, present_text in rows.iterator(
        chunk_size=5000
    ):
        branch = branch_of[village_id]
        activity = per[branch]
        activity.visits += 1
        activity.minutes += minutes or 0
        households[branch].add(household_id)
        members[branch].add(member_id)
        present = _ids(present_text)
        people[branch].update(present)
        topics = topic_lists.get(topic_text)
        if topics is None:
            topics = topic_lists[topic_text] = list(json.loads(topic_text or "[]") or [])
        for topic in topics:
            topic_people[branch][topic].update(present)
    all_households: set[int] = set()
    all_people: set[int] = set()
    all_members: set[int] = set()
    all_topics: dict[str, set[int]] = defaultdict(set)
    for branch, activity in per.items():
        activity.households = len(households[branch])
        activity.people = len(people[branch])
        activity.members = len(members[branch])
        activity.topics = {code: len(found) for code, found in topic_people[branch].items()}
        whole.visits += activity.visits
        whole.minutes += activity.minutes
        all_households |= households[branch]
        all_people |= people[branch]
        all_members |= members[branch]
        for code, found in topic_people[branch].items():
            all_topics[code] |= found
    whole.households, whole.people, whole.members = (
        len(all_households),
        len(all_people),
        len(all_members),
    )
    whole.topics = {code: len(found) for code, found in all_topics.items()}
    return whole, dict(per)
