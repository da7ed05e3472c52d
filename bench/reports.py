"""Official reports at Sơn La's scale: a province's quarterly report, and a commune's monthly.

For SQLite and for PostgreSQL (when reachable), in a fresh database each: Sơn La's real units,
2,300 villages over today's 75 communes and a year of roll-ups as 1.3 million residents would
give them (``bench/_sonla.py``, shared with ``campaign.py`` and ``dashboard.py``), then the
work a report counts, from the first day of the last whole quarter to yesterday (about five
months). Then, in process, after one warm-up, the median of ``--runs`` runs (default 3) of:

1. computing the figures: ``services.report_create`` as SYSTEM of a ``quarterly`` report of the
   province (code 14) for the last whole quarter, and of a ``monthly`` report of one commune for
   the last whole month (the draft is discarded after each run, untimed);
2. laying the draft out as each format: ``services.report_file`` for PDF, DOCX and XLSX, with
   each file's bytes;
3. issuing: ``services.report_issue`` (numbering, all three files laid out again, kept with
   their SHA-256; the issued report is removed after each run, untimed, so the next can issue).

Then one more run of each step under ``tracemalloc`` (untimed: tracing slows Python down) for
the peak of memory Python allocated in it, and the process's peak resident size after all.

The bar. No peer or floor is named for this: an officer presses "make the report" and waits,
so a province's quarter should be ready in under 10 s (computing, and issuing, each), and a
commune's month in under 2 s; a draft's file should come in under 5 s. The table and the JSON
give each median's ratio to its bar (below 1: met).

What is synthesized, and why. Beyond the roll-ups (the indicators section), a report reads
(``langso/reports/figures.py``, ``records.py``): the period's visits in its villages, the teams
and memberships (coverage, members who joined or left), citizens' feedback, scam reports its
members sent, and the announcements addressed to it with their deliveries.

- Teams: each commune has a team of 8, each village a team of 4 (a leader, a deputy, two
  members; Decision 1463/QĐ-BTTTT sets village teams of 3 to 5): 9,800 people. One member of
  each village team uses the field app (a login with the team-member role on the village):
  2,300 logins. During the quarter 3% of village members join and 2% leave.
- Visits: 2,000 of those 2,300 members are active (the rest have a login and no visit), and an
  active member makes 2 visits a working day on average (0 to 4: a member is a volunteer who
  has a day's work of their own; two visits of 20 to 40 minutes is an evening and a Sunday
  morning's round), Vietnam's working days (``feedback.calendar``). That is about 250,000 visits
  a quarter, 430,000 rows from the quarter's first day to yesterday. Each visit is at a
  household of the member's village, on one or two topics (VNeID and public-service accounts
  most), with one to three of its residents present, 10 to 50 minutes long (10% without a
  length, as a phone that did not time it sends).
- Households: 0.2225 per resident, as the demo generator's (about 290,000 rows), because a
  visit's household is a foreign key. Residents are not written (1.3 million rows, with sealed
  ID numbers, would take longer than the rest of the build and the report never reads them): a
  visit's ``residents_present`` holds ids made from its household's (household id x 8 + k, for
  the household's k-th member), distinct per person as real ids are, which is all the report
  does with them (it counts distinct ids).
- Feedback: one report per 1,000 residents a quarter (1,300), made at a steady pace; 70%
  resolved within 1 to 15 days, 10% refused, the rest still open.
- Scam reports: one per four active members a quarter, by their logins; a third confirmed.
- Announcements: the province sends one to all communes every two weeks, to every team member
  (Zalo); each commune sends two a month to its own teams' members. About 200,000 deliveries,
  90% delivered, 5% sent, 5% failed.
- A province campaign (VNeID level 2 at least 80%) that began a month into the quarter, so the
  campaigns section has one to report, and its indicator went three times as fast since.

    .venv/bin/python bench/reports.py [--villages 2300] [--people 565] [--runs 3]
        [--engines sqlite,postgres] [--db-prefix langso_reports]
        [--profile]   # a pyinstrument profile of the province's figures and issue, on stderr
"""

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import _sonla  # noqa: E402 - beside this script, after the repository is put on the path

# The bars, in seconds: an officer waiting (see the docstring).
BARS = {
    "province_figures": 10.0,
    "province_issue": 10.0,
    "commune_figures": 2.0,
    "commune_issue": 2.0,
}
FILE_BAR = 5.0
FORMATS = ("pdf", "docx", "xlsx")
ACTIVE_MEMBERS = 2000
# How many visits an active member makes on a working day: 2 on average.
VISITS_A_DAY = (0, 1, 1, 2, 2, 2, 3, 3, 4, 2)
# Topics as members choose them: VNeID and public-service accounts first.
TOPICS = (
    ["vneid"] * 6
    + ["dvc_account"] * 4
    + ["epayment"] * 3
    + ["scam_awareness"] * 3
    + ["data_store", "safe_shopping", "ecommerce_shop", "ehealth", "digital_signature", "other"]
)


def _last_whole(kind: str, day: date) -> tuple[date, date]:
    from langso.reports.services import period_containing

    current = period_containing(kind, day)
    previous = period_containing(kind, current.start - timedelta(days=1))
    return previous.start, previous.end


def _at(day: date, minutes: int) -> datetime:
    from django.utils import timezone

    return datetime.combine(day, clock(), tzinfo=timezone.get_current_timezone()) + timedelta(
        minutes=minutes
    )


def _build(args: argparse.Namespace, day: date) -> dict[str, Any]:
    """Everything the docstring lists; answers the counts and what the runs need."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from langso.accounts import services as accounts
    from langso.accounts.models import Role
    from langso.campaigns import services as campaigns
    from langso.core.dates import FOREVER
    from langso.units import national, selectors

    province, communes = _sonla.sonla(day)
    quarter = _last_whole("quarter", day)
    first = max(national.REFORM_DAY, day - timedelta(days=365))
    push = quarter[0] + timedelta(days=31)
    rng = random.Random(14)
    now = timezone.now()
    counts: dict[str, Any] = {}
    with transaction.atomic():
        villages = _sonla.villages_create(communes, args.villages, valid_from=national.REFORM_DAY)
        written = _sonla.rollups_write(
            villages,
            people=args.people,
            first=first,
            today=day,
            rng=rng,
            push_from=push,
            pushed={"vneid_l2"},
        )
        counts.update(residents=written.residents, rollup_changes=written.changes)
        commune_of = {v: communes[n % len(communes)].pk for n, v in enumerate(villages)}
        households = _households(written.people, first, now)
        counts["households"] = sum(len(found) for found in households.values())
        crew = _teams(communes, villages, quarter, first, now, rng, FOREVER)
        counts.update(people=crew["people"], logins=len(crew["logins"]))
        counts["visits"] = _visits(crew["logins"], households, quarter[0], day, now, rng)
        counts["feedback"] = _feedback(province, commune_of, written.people, quarter, day, rng)
        counts["scam_reports"] = _scams(crew["logins"], quarter[0], day, rng)
        counts["deliveries"] = _announcements(province, communes, crew, quarter[0], day, rng)
    officer, _ = accounts.user_provision(username="bench", password=None)
    accounts.role_grant(user=officer, role=Role.PROVINCE_OFFICER, unit=province)
    campaign = campaigns.campaign_create(
        actor=officer,
        name="Chiến dịch định danh điện tử mức 2 toàn tỉnh",
        basis_number="125/KH-UBND",
        basis_date=push - timedelta(days=5),
        unit_code="14",
        starts_on=push,
        ends_on=push + timedelta(days=89),
        goals=[campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.80"))],
    )
    campaigns.campaign_activate(actor=officer, campaign=campaign)
    _sonla.analyze()
    counts["commune"] = selectors.version_of(communes[0], day).code
    return counts


def _households(
    people: dict[int, int], since: date, now: datetime
) -> dict[int, list[tuple[int, int]]]:
    """Households for each village's residents: village → [(household id, its size)]."""
    from langso.core import bulk
    from langso.people.models import Household

    rng = random.Random(8)
    sizes: list[tuple[int, int]] = []
    for village, count in people.items():
        left = count
        while left > 0:
            size = min(rng.choice((2, 3, 4, 4, 5, 5, 6, 7)), left)
            sizes.append((village, size))
            left -= size
    ids = bulk.reserve_ids(Household, len(sizes))
    fields = ["id", "village_id", "number", "head_name", "is_business"]
    fields += ["counted_since", "created_at", "updated_at"]
    bulk.insert_rows(
        Household,
        fields,
        (
            (hid, village, "", "", rng.random() < _sonla.BUSINESS_SHARE, since, now, now)
            for hid, (village, _size) in zip(ids, sizes, strict=True)
        ),
    )
    found: dict[int, list[tuple[int, int]]] = {village: [] for village in people}
    for hid, (village, size) in zip(ids, sizes, strict=True):
        found[village].append((hid, size))
    return found


def _teams(
    communes: list[Any],
    villages: list[int],
    quarter: tuple[date, date],
    since: date,
    now: datetime,
    rng: random.Random,
    forever: date,
) -> dict[str, Any]:
    """A team per commune (8) and per village (4), and one login per village team."""
    from langso.accounts.models import Role, RoleAssignment, User
    from langso.core import bulk
    from langso.core.text import fold
    from langso.teams.models import Membership, Person, Team

    units = [(c.pk, 8) for c in communes] + [(v, 4) for v in villages]
    team_ids = bulk.reserve_ids(Team, len(units))
    bulk.insert_rows(
        Team,
        ["id", "unit_id", "name", "valid_from", "valid_until", "created_at"],
        [
            (tid, unit, f"Tổ công nghệ số cộng đồng {unit}", since, forever, now)
            for tid, (unit, _size) in zip(team_ids, units, strict=True)
        ],
    )
    seats = [
        (tid, unit, seat)
        for tid, (unit, size) in zip(team_ids, units, strict=True)
        for seat in range(size)
    ]
    login_of_village = {v: n for n, v in enumerate(villages)}
    user_ids = bulk.reserve_ids(User, len(villages))
    bulk.insert_rows(
        User,
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "full_name",
        ],
        [
            (uid, "!", False, f"tv{n:05d}", "", "", "", False, True, now, f"Thành viên {n:05d}")
            for n, uid in enumerate(user_ids)
        ],
    )
    bulk.insert_rows(
        RoleAssignment,
        ["user_id", "role", "unit_id", "valid_from", "valid_until", "granted_at"],
        [
            (uid, Role.TEAM_MEMBER, village, since, forever, now)
            for village, uid in zip(villages, user_ids, strict=True)
        ],
    )
    person_ids = bulk.reserve_ids(Person, len(seats))
    persons, memberships = [], []
    team_of: dict[int, int] = {}
    members_of: dict[int, list[int]] = {}
    for pid, (tid, unit, seat) in zip(person_ids, seats, strict=True):
        name = f"Thành viên tổ {unit}-{seat}"
        user = user_ids[login_of_village[unit]] if seat == 0 and unit in login_of_village else None
        persons.append((pid, name, fold(name), "masked", "", user, now))
        team_of[unit] = tid
        members_of.setdefault(tid, []).append(pid)
        role = ("leader", "deputy")[seat] if seat < 2 else "member"
        joined, left = since, forever
        roll = rng.random()
        if unit in login_of_village and seat > 0 and roll < 0.03:
            joined = quarter[0] + timedelta(days=rng.randrange(90))
        elif unit in login_of_village and seat > 0 and roll < 0.05:
            left = quarter[0] + timedelta(days=rng.randrange(1, 90))
        memberships.append((tid, pid, role, "youth_union", joined, left))
    bulk.insert_rows(
        Person,
        [
            "id",
            "full_name",
            "full_name_folded",
            "phone_visibility",
            "phone_masked",
            "user_id",
            "created_at",
        ],
        persons,
    )
    bulk.insert_rows(
        Membership,
        ["team_id", "person_id", "role", "organisation", "joined_on", "left_on"],
        memberships,
    )
    order = list(range(len(villages)))
    rng.shuffle(order)
    return {
        "people": len(person_ids),
        # The logins that visit: (user id, village id), ACTIVE_MEMBERS of them at most.
        "logins": [(user_ids[n], villages[n]) for n in sorted(order[:ACTIVE_MEMBERS])],
        "team_of": team_of,
        "members_of": members_of,
    }


def _visits(
    logins: list[tuple[int, int]],
    households: dict[int, list[tuple[int, int]]],
    start: date,
    today: date,
    now: datetime,
    rng: random.Random,
) -> int:
    from langso.core import bulk
    from langso.feedback.calendar import is_working_day
    from langso.visits.models import Visit

    fields = ["id", "member_id", "household_id", "village_id", "occurred_at", "topics"]
    fields += ["residents_present", "observations", "note", "duration_minutes", "device_id"]
    fields += ["digest", "received_at"]
    days = [
        start + timedelta(days=n)
        for n in range((today - start).days)
        if is_working_day(start + timedelta(days=n))
    ]

    def rows() -> Any:
        for day in days:
            for member, village in logins:
                homes = households[village]
                for _visit in range(rng.choice(VISITS_A_DAY)):
                    home, size = rng.choice(homes)
                    present = rng.sample(range(size), min(size, rng.choice((1, 1, 2, 3))))
                    topics = sorted({rng.choice(TOPICS) for _ in range(rng.choice((1, 1, 2)))})
                    yield (
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        member,
                        home,
                        village,
                        _at(day, rng.randrange(7 * 60, 20 * 60)),
                        json.dumps(topics),
                        json.dumps([home * 8 + k for k in sorted(present)]),
                        0,
                        "",
                        None if rng.random() < 0.1 else rng.randrange(10, 51),
                        "",
                        "0" * 64,
                        now,
                    )

    return bulk.insert_rows(Visit, fields, rows())


def _feedback(
    province: Any,
    commune_of: dict[int, int],
    people: dict[int, int],
    quarter: tuple[date, date],
    today: date,
    rng: random.Random,
) -> int:
    from langso.core import bulk
    from langso.feedback.models import Category
    from langso.feedback.models import Report as Feedback

    categories = list(Category.objects.values_list("pk", "deadline_days"))
    villages = list(people)
    weights = [people[v] for v in villages]
    per_day = sum(weights) / 1000 / 91
    span = (today - quarter[0]).days
    rows = []
    for n in range(round(per_day * span)):
        made = _at(quarter[0] + timedelta(days=rng.randrange(span)), rng.randrange(6 * 60, 22 * 60))
        category, deadline = rng.choice(categories)
        roll = rng.random()
        closed = made + timedelta(days=rng.uniform(1, 15)) if roll < 0.8 else None
        if closed is not None and closed.date() >= today:
            closed = None
        status = "new" if closed is None else ("resolved" if roll < 0.7 else "rejected")
        village = rng.choices(villages, weights)[0]
        rows.append(
            (
                f"B{n:07d}",
                uuid.UUID(int=rng.getrandbits(128)).hex,
                category,
                "Đường vào bản bị sạt lở, xe máy không đi được.",
                False,
                province.pk,
                "14",
                commune_of[village],
                village,
                "",
                "",
                "",
                "",
                status,
                made,
                made.date() + timedelta(days=deadline + 4),
                closed,
                closed or made,
                "web",
                "",
                "",
                False,
                "Tiếp nhận và trả lời phản ánh",
                made,
            )
        )
    fields = ["code", "token", "category_id", "description", "description_public"]
    fields += ["province_id", "province_code", "commune_id", "village_id", "place"]
    fields += ["place_code", "agency", "address_string", "status", "made_at", "due_on"]
    fields += ["closed_at", "updated_at", "channel", "name_masked", "phone_masked"]
    fields += ["wants_updates", "consent_purpose", "consent_at"]
    return bulk.insert_rows(Feedback, fields, rows)


def _scams(logins: list[tuple[int, int]], start: date, today: date, rng: random.Random) -> int:
    from langso.core import bulk
    from langso.trust.models import Report as ScamReport

    span = (today - start).days
    rows = []
    for n in range(round(len(logins) / 4 * span / 91)):
        member = rng.choice(logins)[0]
        made = _at(start + timedelta(days=rng.randrange(span)), rng.randrange(7 * 60, 21 * 60))
        status = rng.choice(("pending", "confirmed", "rejected"))
        host = f"khuyenmai-{n}.top"
        rows.append(("link", host, "", "", f"https://{host}/", "", status, member, made, ""))
    fields = ["kind", "value", "path", "bank", "shown", "story", "status", "reporter_id"]
    fields += ["created_at", "note"]
    return bulk.insert_rows(ScamReport, fields, rows)


def _announcements(
    province: Any,
    communes: list[Any],
    crew: dict[str, Any],
    start: date,
    today: date,
    rng: random.Random,
) -> int:
    """The province's fortnightly announcements and each commune's two a month, delivered to
    every member of the teams addressed (by Zalo); answers the deliveries."""
    from langso.core import bulk
    from langso.outreach.models import Announcement, AnnouncementUnit, Delivery
    from langso.units import tree

    span = (today - start).days
    team_of: dict[int, int] = crew["team_of"]
    members_of: dict[int, list[int]] = crew["members_of"]
    below = {c.pk: tree.subtree_ids(c, today) for c in communes}
    plans: list[tuple[int, list[int], datetime]] = []
    for offset in range(0, span, 14):
        plans.append(
            (province.pk, [c.pk for c in communes], _at(start + timedelta(days=offset), 8 * 60))
        )
    for commune in communes:
        for offset in range(rng.randrange(15), span, 15):
            plans.append((commune.pk, [commune.pk], _at(start + timedelta(days=offset), 9 * 60)))
    ids = bulk.reserve_ids(Announcement, len(plans))
    audience = json.dumps(
        {"teams": "members", "residents": {"all": False, "lacking": [], "min_age": None}}
    )
    bulk.insert_rows(
        Announcement,
        [
            "id",
            "unit_id",
            "title",
            "text",
            "link_kind",
            "link_ref",
            "audience",
            "channels",
            "urgent",
            "status",
            "reach",
            "created_at",
            "queued_at",
        ],
        [
            (
                aid,
                unit,
                "Thông báo",
                "Đề nghị các tổ tiếp tục hướng dẫn người dân.",
                "",
                "",
                audience,
                '["zalo"]',
                False,
                "sent",
                "{}",
                at,
                at,
            )
            for aid, (unit, _to, at) in zip(ids, plans, strict=True)
        ],
    )
    bulk.insert_rows(
        AnnouncementUnit,
        ["announcement_id", "unit_id"],
        [(aid, unit) for aid, (_by, to, _at) in zip(ids, plans, strict=True) for unit in to],
    )

    def rows() -> Any:
        for aid, (_by, to, at) in zip(ids, plans, strict=True):
            for commune in to:
                for unit in below[commune]:
                    team = team_of.get(unit)
                    if team is None:
                        continue
                    village = unit if unit != commune else None
                    for person in members_of[team]:
                        roll = rng.random()
                        status = (
                            "delivered" if roll < 0.9 else ("sent" if roll < 0.95 else "failed")
                        )
                        yield (
                            aid,
                            "announcement",
                            "zalo",
                            person,
                            village,
                            team,
                            False,
                            status,
                            at,
                            at,
                            at,
                        )

    fields = ["announcement_id", "source", "channel", "person_id", "village_id", "team_id"]
    fields += ["urgent", "status", "next_attempt_at", "created_at", "sent_at"]
    return bulk.insert_rows(Delivery, fields, rows())


def _measure(spec: dict[str, Any], runs: int) -> dict[str, Any]:
    """The timed runs of one report (``spec``: name, kind, unit, start, end)."""
    from langso.access import SYSTEM
    from langso.reports import services
    from langso.reports.models import Report, ReportFile

    def create() -> Any:
        return services.report_create(
            actor=SYSTEM,
            kind=spec["kind"],
            unit=spec["unit"],
            period_start=spec["start"],
            period_end=spec["end"],
        )

    def discard(report: Any) -> None:
        services.report_discard(actor=SYSTEM, report_id=report.pk)

    def draft_file(report: Any, fmt: str) -> bytes:
        return services.report_file(report=report, fmt=fmt)

    def issue(report: Any) -> Any:
        return services.report_issue(actor=SYSTEM, report_id=report.pk)

    def forget(report: Any) -> None:
        # An issued report is kept for ever by the product; the bench removes it so that the
        # next run issues the same report again (its number starts again at 1).
        ReportFile.objects.filter(report_id=report.pk).delete()
        Report.objects.filter(pk=report.pk).delete()

    def timed(action: Callable[..., Any], *arguments: Any) -> tuple[float, Any]:
        begun = time.perf_counter()
        answer = action(*arguments)
        return time.perf_counter() - begun, answer

    # The warm-up: every step once, untimed.
    draft = create()
    for fmt in FORMATS:
        services.report_file(report=draft, fmt=fmt)
    discard(draft)
    forget(issue(create()))

    spent: dict[str, list[float]] = {"figures": [], "issue": []}
    sizes: dict[str, int] = {}
    for fmt in FORMATS:
        spent[fmt] = []
    for _run in range(runs):
        seconds, draft = timed(create)
        spent["figures"].append(seconds)
        for fmt in FORMATS:
            seconds, data = timed(draft_file, draft, fmt)
            spent[fmt].append(seconds)
            sizes[fmt] = len(data)
        figures = draft.figures
        discard(draft)
        seconds, issued = timed(issue, create())
        spent["issue"].append(seconds)
        kept = dict(ReportFile.objects.filter(report=issued).values_list("format", "size"))
        forget(issued)
    result: dict[str, Any] = {
        f"{step}_s": round(statistics.median(values), 3) for step, values in spent.items()
    }
    result.update({f"{fmt}_bytes": sizes[fmt] for fmt in FORMATS})
    result.update({f"{fmt}_issued_bytes": kept[fmt] for fmt in FORMATS})
    result["figures_json_bytes"] = len(json.dumps(figures, ensure_ascii=False).encode())
    result["visits_counted"] = figures.get("activity", {}).get("visits")
    result["people_counted"] = figures.get("activity", {}).get("people")

    # Peak of Python's allocations in each step, one run apiece under tracemalloc.
    def peak(action: Callable[..., Any], *arguments: Any) -> tuple[float, Any]:
        tracemalloc.start()
        answer = action(*arguments)
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return round(top / 2**20, 1), answer

    result["figures_peak_mb"], draft = peak(create)
    for fmt in FORMATS:
        result[f"{fmt}_peak_mb"], _data = peak(draft_file, draft, fmt)
    discard(draft)
    result["issue_peak_mb"], issued = peak(issue, create())
    forget(issued)
    return result


def _profile(spec: dict[str, Any]) -> None:
    """Where the province's figures and issuing spend their time (cProfile, on stderr)."""
    import cProfile
    import io
    import pstats

    from langso.access import SYSTEM
    from langso.reports import services
    from langso.reports.models import Report, ReportFile

    profile = cProfile.Profile()
    profile.enable()
    report = services.report_create(
        actor=SYSTEM,
        kind=spec["kind"],
        unit=spec["unit"],
        period_start=spec["start"],
        period_end=spec["end"],
    )
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
    print(f"=== figures of {spec['name']}\n{out.getvalue()}", file=sys.stderr)
    profile = cProfile.Profile()
    profile.enable()
    services.report_issue(actor=SYSTEM, report_id=report.pk)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
    print(f"=== issuing {spec['name']}\n{out.getvalue()}", file=sys.stderr)
    ReportFile.objects.filter(report_id=report.pk).delete()
    Report.objects.filter(pk=report.pk).delete()


def child(database_url: str, data_dir: str, args: argparse.Namespace) -> dict[str, object]:
    _sonla.django_setup(database_url, data_dir)
    from langso.core import collector
    from langso.core.dates import today

    day = today()
    began = time.perf_counter()
    with collector.paused():
        built = _build(args, day)
    result: dict[str, Any] = {"build_s": round(time.perf_counter() - began, 1)}
    result.update({k: v for k, v in built.items() if k != "commune"})
    quarter, month = _last_whole("quarter", day), _last_whole("month", day)
    specs = [
        {
            "name": "province",
            "kind": "quarterly",
            "unit": "14",
            "start": quarter[0],
            "end": quarter[1],
        },
        {
            "name": "commune",
            "kind": "monthly",
            "unit": built["commune"],
            "start": month[0],
            "end": month[1],
        },
    ]
    result["quarter"] = f"{quarter[0].isoformat()}..{quarter[1].isoformat()}"
    result["month"] = f"{month[0].isoformat()}..{month[1].isoformat()}"
    result["commune"] = built["commune"]
    for spec in specs:
        measured = _measure(spec, args.runs)
        result.update({f"{spec['name']}_{key}": value for key, value in measured.items()})
    if args.profile:
        _profile(specs[0])
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["load"] = round(os.getloadavg()[0], 1)
    return result


def run_child(url: str, scratch: str, args: argparse.Namespace) -> dict[str, object]:
    arguments = ["--villages", str(args.villages), "--people", str(args.people)]
    arguments += ["--runs", str(args.runs), *(["--profile"] if args.profile else [])]
    return _sonla.run_child(__file__, url, scratch, arguments)


STEPS = (
    ("figures", "figures (report_create)", None),
    ("pdf", "draft PDF", FILE_BAR),
    ("docx", "draft DOCX", FILE_BAR),
    ("xlsx", "draft XLSX", FILE_BAR),
    ("issue", "issue (3 files kept)", None),
)


def _table(runs: dict[str, dict[str, Any]]) -> None:
    print()
    header = f"{'report':<10}{'step':<24}{'database':<12}{'median':>10}{'/ bar':>8}"
    print(header + f"{'bytes':>11}{'peak MB':>9}")
    for report in ("province", "commune"):
        for key, label, bar in STEPS:
            for engine, figures in runs.items():
                seconds = figures[f"{report}_{key}_s"]
                limit = bar or BARS[f"{report}_{key}"]
                size = figures.get(f"{report}_{key}_bytes", "")
                mb = figures[f"{report}_{key}_peak_mb"]
                print(
                    f"{report:<10}{label:<24}{engine:<12}{seconds:>8.3f} s{seconds / limit:>8.2f}"
                    f"{size:>11}{mb:>9}"
                )
    for engine, figures in runs.items():
        print(
            f"{engine}: built in {figures['build_s']} s ({figures['visits']} visits, "
            f"{figures['households']} households, {figures['rollup_changes']} roll-up changes); "
            f"peak resident size {figures['max_rss_mb']} MB; load average {figures['load']}"
        )
    print("bars: province 10 s, commune 2 s (figures, issue); a draft's file 5 s")
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=2300)
    parser.add_argument("--people", type=int, default=565)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile of the province, stderr")
    _sonla.add_database_arguments(parser, "langso_reports")
    parser.add_argument(
        "--quick", action="store_true", help="a first look: 40 villages, 1 run, SQLite only"
    )
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(villages=40, runs=1, engines="sqlite")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data_dir, args)))
        return
    runs: dict[str, dict[str, Any]] = {}
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        if "sqlite" in engines:
            runs["SQLite"] = run_child(f"sqlite:///{scratch}/bench.sqlite3", scratch, args)
            print(f"SQLite: {runs['SQLite']}")
        if "postgres" in engines:
            name = f"{args.db_prefix}_{os.getpid()}"
            with _sonla.scratch_postgres(args.postgres, name) as url:
                if url is not None:
                    runs["PostgreSQL"] = run_child(url, scratch, args)
                    print(f"PostgreSQL: {runs['PostgreSQL']}")
    _table(runs)
    first = next(iter(runs.values()))
    result: dict[str, Any] = {
        key: first[key]
        for key in ("residents", "households", "visits", "people", "quarter", "month", "commune")
    }
    result["bars_s"] = {**BARS, "file": FILE_BAR}
    for engine, figures in runs.items():
        prefix = engine.lower()
        for report in ("province", "commune"):
            for key, _label, bar in STEPS:
                seconds = figures[f"{report}_{key}_s"]
                result[f"{prefix}_{report}_{key}_s"] = seconds
                limit = bar or BARS[f"{report}_{key}"]
                result[f"{prefix}_{report}_{key}_ratio"] = round(seconds / limit, 3)
                result[f"{prefix}_{report}_{key}_peak_mb"] = figures[f"{report}_{key}_peak_mb"]
            for fmt in FORMATS:
                result[f"{prefix}_{report}_{fmt}_bytes"] = figures[f"{report}_{fmt}_bytes"]
        result[f"{prefix}_build_s"] = figures["build_s"]
        result[f"{prefix}_max_rss_mb"] = figures["max_rss_mb"]
        result[f"{prefix}_load"] = figures["load"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
