"""The demo reproduces the article (2023) and today's ten communes, from the data."""

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from langso.accounts.models import Role, RoleAssignment, User
from langso.campaigns.models import Campaign, CampaignStatus
from langso.core.dates import FOREVER, today, valid_on
from langso.core.phone import show_phone
from langso.demo import campaign as demo_campaign
from langso.demo import thuan_chau
from langso.indicators.models import Observation, Source, Status
from langso.learning.models import Certificate, Guide, SkillObservation
from langso.outreach.models import Announcement, AnnouncementStatus, Delivery, GroupPost
from langso.people import recount
from langso.people.models import CONTACT_PURPOSE, Consent, Resident
from langso.reports.models import Report, ReportStatus
from langso.reports.recognition_models import Commendation, CommendationEntry
from langso.shops.models import Business, ShopLink
from langso.teams.models import Membership, Person, Team, TeamRole, ZaloGroup
from langso.units import tree
from langso.units.models import Level, UnitVersion
from langso.visits.models import Visit
from tests.demo.households import Person as Member
from tests.demo.households import problems
from tests.learning.poppler import pdf_text

PASSWORD = "demo-mật-khẩu-2025"
TEN_COMMUNES = [
    "03721",
    "03724",
    "03727",
    "03754",
    "03757",
    "03760",
    "03763",
    "03781",
    "03784",
    "03799",
]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[list[thuan_chau.Login]]:
    """Build the demo once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield thuan_chau.build(password=PASSWORD, people_per_village=4)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_2023_coverage_of_thuan_chau_is_the_articles(demo: Any, db: None) -> None:
    response = client_for("tinh.sonla").get("/api/v1/units/119/coverage?on=2023-12-31")
    assert response.status_code == 200
    assert response.json() == {
        "unit": "119",
        "name": "Huyện Thuận Châu",
        "on": "2023-12-31",
        "communes_total": 29,
        "communes_with_team": 29,
        "villages_total": 336,
        "villages_with_team": 336,
        "teams": 365,
        "members": 2228,
        "members_commune_level": 230,
        "members_village_level": 1998,
        "zalo_groups_commune_level": 29,
        "zalo_groups_village_level": 336,
    }


def test_today_ten_communes_hold_the_same_villages_and_members_in_346_teams(
    demo: Any, db: None
) -> None:
    client = client_for("tinh.sonla")
    rows = [client.get(f"/api/v1/units/{code}/coverage").json() for code in TEN_COMMUNES]
    assert sum(r["villages_total"] for r in rows) == 336
    assert sum(r["villages_with_team"] for r in rows) == 336
    assert sum(r["members"] for r in rows) == 2228
    assert sum(r["members_commune_level"] for r in rows) == 230
    assert sum(r["teams"] for r in rows) == 346
    assert all(r["communes_with_team"] == 1 for r in rows)
    assert sum(r["zalo_groups_commune_level"] for r in rows) == 10
    assert client.get("/api/v1/units/119/coverage").status_code == 404


def test_the_district_had_28_commune_teams_between_the_two_reforms(demo: Any, db: None) -> None:
    body = client_for("tinh.sonla").get("/api/v1/units/119/coverage?on=2025-03-01").json()
    assert (body["communes_total"], body["communes_with_team"], body["teams"]) == (28, 28, 364)
    assert body["members"] == 2228


def test_merged_commune_teams_keep_every_member_and_one_leader(demo: Any, db: None) -> None:
    day = today()
    for code in TEN_COMMUNES:
        unit = UnitVersion.objects.get(valid_on(day), code=code).unit
        team = Team.objects.get(valid_on(day), unit=unit)
        leaders = Membership.objects.filter(team=team, left_on=FOREVER, role=TeamRole.LEADER)
        assert leaders.count() == 1, code
        assert ZaloGroup.objects.filter(team=team, valid_until=FOREVER).count() == 1
    old_town_team = Team.objects.get(unit__versions__name="Thị trấn Thuận Châu")
    assert old_town_team.successor is not None
    assert old_town_team.successor.unit.versions.filter(name="Xã Thuận Châu").exists()


def test_history_of_memberships_is_kept(demo: Any, db: None) -> None:
    people_2023 = set(
        Membership.objects.filter(
            joined_on__lte="2023-12-31", left_on__gt="2023-12-31", team__unit__level=Level.COMMUNE
        ).values_list("person_id", flat=True)
    )
    people_today = set(
        Membership.objects.filter(
            joined_on__lte=today(), left_on__gt=today(), team__unit__level=Level.COMMUNE
        ).values_list("person_id", flat=True)
    )
    assert len(people_2023) == 230
    assert people_2023 == people_today


def test_there_is_a_demo_user_for_every_role(demo: Any, db: None, settings: Any) -> None:
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles >= {r.value for r in Role}
    assert {login.username for login in demo} == {
        "tinh.sonla",
        "xa.thuanchau",
        "totruong.tk01",
        "thanhvien.tk01",
        "thanhvien.muonge",
    }
    # The demo was built before the tests' fast hasher was switched on.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert User.objects.get(username="thanhvien.tk01").check_password(PASSWORD)


def test_a_member_of_one_village_gets_404_for_another_villages_team(demo: Any, db: None) -> None:
    own = RoleAssignment.objects.get(user__username="thanhvien.tk01").unit
    other = RoleAssignment.objects.get(user__username="thanhvien.muonge").unit
    own_team = Team.objects.get(valid_on(today()), unit=own)
    other_team = Team.objects.get(valid_on(today()), unit=other)
    client = client_for("thanhvien.tk01")
    assert client.get(f"/api/v1/teams/{own_team.pk}").status_code == 200
    assert client.get(f"/api/v1/teams/{other_team.pk}").status_code == 404
    assert client.get(f"/teams/{other_team.pk}/").status_code == 404
    other_code = UnitVersion.objects.get(valid_on(today()), unit=other).code
    assert client.get(f"/api/v1/units/{other_code}/coverage").status_code == 404


def test_the_demo_command_does_not_build_twice(
    demo: Any, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGSO_DEMO_PASSWORD", PASSWORD)
    out = StringIO()
    teams_before = Team.objects.count()
    call_command("demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert "tinh.sonla" in out.getvalue()
    assert PASSWORD in out.getvalue()
    assert Team.objects.count() == teams_before


def test_demo_members_have_sealed_numbers_that_pages_show_masked(demo: Any, db: None) -> None:
    people = Person.objects.all()
    assert people.count() >= 2228
    assert not people.filter(phone_sealed=None).exists()
    assert all(re.fullmatch(r"\*{7}\d{3}", p.phone_masked) for p in people)
    own = Person.objects.get(user__username="thanhvien.tk01")
    team = Membership.objects.get(person=own, left_on=FOREVER).team
    text = client_for("thanhvien.tk01").get(f"/teams/{team.pk}/").content.decode()
    assert "Số điện thoại của tôi" in text
    # Shown the Vietnamese way, in groups: "**** *** 565".
    assert show_phone(own.phone_masked) in text
    assert own.phone_masked[-3:] in text
    assert "tel:" not in text


def test_every_demo_household_has_relationships_sexes_and_ages_that_agree(
    demo: Any, db: None
) -> None:
    households: dict[int, list[Member]] = defaultdict(list)
    for household_id, relationship, sex, born, name, is_head in Resident.objects.values_list(
        "household_id", "relationship", "sex", "birth_year", "full_name", "is_head"
    ):
        assert born is not None  # every demo resident has a year of birth
        households[household_id].append(Member(relationship, sex, born, name))
        assert is_head == (relationship == "Chủ hộ")
    assert len(households) > 300
    wrong = {
        household_id: found
        for household_id, people in households.items()
        if (found := problems(people, today().year))
    }
    assert wrong == {}


def test_thuan_chau_runs_an_active_campaign_that_has_gained_since_its_start(
    demo: Any, db: None
) -> None:
    found = Campaign.objects.get(name=demo_campaign.NAME)
    assert found.status == CampaignStatus.ACTIVE
    assert found.basis_number == "125/KH-UBND"
    assert found.starts_on == today() - timedelta(days=demo_campaign.DAYS_IN - 1)
    assert UnitVersion.objects.get(valid_on(today()), unit=found.unit).code == "03721"
    body = client_for("xa.thuanchau").get(f"/api/v1/campaigns/{found.pk}/progress").json()
    goals = {goal["indicator"]: goal for goal in body["goals"]}
    assert goals["vneid_l2"]["target_share"] == 0.8
    assert goals["scam_aware"]["target_count"] == 1500
    assert all(goal["achieved"] <= goal["population"] for goal in goals.values())
    assert sum(goal["gained"] for goal in goals.values()) > 0


def test_tieu_khu_01_is_shared_out_and_visited_through_the_field_app(demo: Any, db: None) -> None:
    found = Campaign.objects.get(name=demo_campaign.NAME)
    village = RoleAssignment.objects.get(user__username="totruong.tk01").unit
    code = UnitVersion.objects.get(valid_on(today()), unit=village).code
    leader = client_for("totruong.tk01")
    rows = leader.get(f"/api/v1/campaigns/{found.pk}/villages/{code}/assignments").json()
    assert rows
    assert all(row["member"] is not None for row in rows)
    # Accounts were made for two more of the sub-area's members, so the split is a real one.
    members = set(
        RoleAssignment.objects.filter(unit=village, role=Role.TEAM_MEMBER).values_list(
            "user_id", flat=True
        )
    )
    assert len(members) == 3
    assert {row["member"] for row in rows} <= members
    progress = leader.get(f"/api/v1/campaigns/{found.pk}/progress?unit={code}").json()
    assert progress["goals"][0]["target_share"] == 0.85
    visits = Visit.objects.filter(village=village)
    assert visits.exists()
    assert set(visits.values_list("member_id", flat=True)) <= members | {
        User.objects.get(username="totruong.tk01").pk
    }
    days = {
        timezone.localtime(moment).date() for moment in visits.values_list("occurred_at", flat=True)
    }
    assert found.starts_on <= min(days) and max(days) < today()
    assert Observation.objects.filter(source=Source.VISIT, village=village, value=True).exists()


def test_members_saw_people_show_the_basic_skills_and_the_guides_are_published(
    demo: Any, db: None
) -> None:
    village = RoleAssignment.objects.get(user__username="totruong.tk01").unit
    seen = SkillObservation.objects.filter(village=village, source="visit")
    assert seen.exists()
    # Recorded through the field app's visits, so each names the visit it came with.
    assert set(seen.values_list("source_ref", flat=True)) <= {
        str(pk) for pk in Visit.objects.filter(village=village).values_list("pk", flat=True)
    }
    # Only people of 15 and over were asked to show them.
    asked = Resident.objects.filter(pk__in=seen.values("resident_id"))
    assert not asked.filter(birth_year__gt=today().year - 15).exists()
    # Whoever was seen doing all five basic skills counts as proficient, and nobody else.
    shown: dict[int, set[str]] = defaultdict(set)
    for resident, skill in seen.filter(value=True).values_list("resident_id", "skill_id"):
        shown[resident].add(skill)
    proficient = {resident for resident, skills in shown.items() if len(skills) == 5}
    assert (
        set(
            Status.objects.filter(
                indicator_id="basic_skills", value=True, village=village
            ).values_list("resident_id", flat=True)
        )
        == proficient
    )
    assert Guide.objects.filter(published__isnull=False).count() == 8
    # The commune officer issued the certificates of those who reached the standard.
    holders = set(Certificate.objects.filter(village=village).values_list("resident_id", flat=True))
    assert holders == proficient


def test_the_commune_told_its_teams_through_the_field_app_and_scheduled_a_warning(
    demo: Any, db: None
) -> None:
    sent = Announcement.objects.get(status=AnnouncementStatus.SENT)
    inbox = Delivery.objects.filter(announcement=sent, channel="app")
    # The members with a login in the commune's teams have it; about half have read it.
    assert inbox.filter(user__username="thanhvien.tk01").exists()
    assert 0 < inbox.filter(read_at__isnull=False).count() < inbox.count()
    assert GroupPost.objects.filter(announcement=sent, posted_at__isnull=False).exists()
    scheduled = Announcement.objects.get(status=AnnouncementStatus.SCHEDULED)
    assert scheduled.send_at is not None and scheduled.send_at > timezone.now()
    assert not Delivery.objects.filter(announcement=scheduled).exists()
    village = RoleAssignment.objects.get(user__username="totruong.tk01").unit
    consenting = Consent.objects.filter(resident__village=village, purpose=CONTACT_PURPOSE)
    assert consenting.filter(given=True).exists()


def test_the_commune_issued_last_months_report_and_has_last_quarters_draft(
    demo: Any, db: None, tmp_path: Path
) -> None:
    day = today()
    month_end = day.replace(day=1) - timedelta(days=1)
    month_start = month_end.replace(day=1)
    issued = Report.objects.get(kind_id="monthly")
    assert issued.status == ReportStatus.ISSUED
    assert (issued.period_start, issued.period_end) == (month_start, month_end)
    assert UnitVersion.objects.get(valid_on(day), unit=issued.unit).code == "03721"
    assert issued.number == "1/BC-UBND"
    assert issued.issued_by == User.objects.get(username="xa.thuanchau")
    # It counts the campaign's visits that fell in that month in the commune's villages.
    tz = timezone.get_current_timezone()
    villages = tree.subtree_ids(issued.unit, month_end)
    visits = Visit.objects.filter(
        village_id__in=villages,
        occurred_at__gte=datetime.combine(month_start, time.min, tzinfo=tz),
        occurred_at__lt=datetime.combine(month_end + timedelta(days=1), time.min, tzinfo=tz),
    )
    assert issued.figures["activity"]["visits"] == visits.count()

    officer = client_for("xa.thuanchau")
    body = officer.get(f"/api/v1/reports/{issued.pk}").json()
    kept = {row["format"]: row for row in body["kept"]}
    assert set(kept) == {"pdf", "docx", "xlsx"}
    pdf = officer.get(body["files"]["pdf"]).content
    assert hashlib.sha256(pdf).hexdigest() == kept["pdf"]["sha256"]
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert f"tháng {month_start.month} năm {month_start.year}" in text
    assert "Số: 1/BC-UBND" in text

    quarter_end = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1) - timedelta(days=1)
    draft = Report.objects.get(kind_id="quarterly")
    assert draft.status == ReportStatus.DRAFT and draft.unit == issued.unit
    assert draft.period_end == quarter_end
    assert draft.period_start == quarter_end.replace(month=quarter_end.month - 2, day=1)
    # The demo's year of indicator history is in it: the commune's residents are counted.
    closing = {row["code"]: row["closing"] for row in draft.figures["indicators"]}
    assert closing["vneid_l2"]["denominator"] > 0


def test_the_commune_has_a_proposal_of_the_years_members_against_its_criteria(
    demo: Any, db: None
) -> None:
    day = today()
    yesterday = day - timedelta(days=1)
    proposal = Commendation.objects.get()
    assert (proposal.period_start, proposal.period_end) == (
        yesterday.replace(month=1, day=1),
        yesterday,
    )
    assert UnitVersion.objects.get(valid_on(day), unit=proposal.unit).code == "03721"
    entries = list(CommendationEntry.objects.filter(commendation=proposal))
    assert entries, "every member of the commune's teams in the year is listed"
    # Each entry meets the criteria exactly when its recorded figures reach every threshold.
    for entry in entries:
        figures = entry.figures
        reached = (
            figures["visits"] >= 3
            and figures["households"] >= 3
            and figures["guided"].get("vneid_l2", 0) >= 1
        )
        assert entry.meets == reached, entry.name
    page = client_for("xa.thuanchau").get(f"/recognition/proposals/{proposal.pk}/")
    assert page.status_code == 200


def test_thuan_chau_sells_online_with_checklists_a_market_page_and_one_flagged_link(
    demo: Any, db: None
) -> None:
    shops = list(Business.objects.select_related("household"))
    # Ten at the demo's full size; as many as the commune has households at the tests' size.
    assert 6 <= len(shops) <= 10
    assert all(shop.household.is_business for shop in shops)
    assert sum(not shop.listed for shop in shops) <= 1
    online = Status.objects.filter(indicator_id="business_ecommerce", value=True).count()
    paying = Status.objects.filter(indicator_id="business_qr_payment", value=True).count()
    assert online >= 3 and paying >= 3
    flagged = ShopLink.objects.get(flagged_at__isnull=False)
    assert flagged.verdict in ("suspicious", "scam")
    assert recount.differences() == {}
