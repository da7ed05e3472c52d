"""Every endpoint, generated: out of scope answers 404 (or 401) and writes nothing.

The API operations come from the OpenAPI document and the pages from the URL configuration, so a
new endpoint is covered the day it is added. Each is called with real objects of village A1 (a
household, a resident, its team, a feedback report, an import…) by three users who must learn
nothing about them: a member of another commune's village, a user without any role, and a
commune officer of A1's commune whose role ended yesterday. Every one must get 404 (the API
without a valid login: 401) and leave the database as it was; the same GET by someone whose scope
includes the object must not get 404, so the test cannot pass by calling the wrong address.

Routes without an object in their address are listed here by what they are (public, the
caller's own, officers' desks): a route in none of the lists fails the test until someone
decides what it is.
"""

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db.models import Max, UUIDField
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import ApiToken, Role, User
from langso.campaigns import services as campaigns
from langso.core.dates import today
from langso.feedback.models import Report as FeedbackReport
from langso.feedback.models import ReportPhoto
from langso.learning import cert_services as certificate_services
from langso.learning import guide_services
from langso.outreach import services as outreach
from langso.outreach.audience import Audience
from langso.outreach.models import GroupPost
from langso.people import import_jobs
from langso.people import services as people
from langso.people.models import IdConflict
from langso.reports import recognition_services as recognition
from langso.reports import services as official_reports
from langso.shops import services as shops
from langso.shops.models import ShopLink
from langso.teams.models import Membership
from langso.trust import services as trust
from langso.visits import services as sync
from tests.feedback.helpers import file_report, png_bytes
from tests.learning.cert_helpers import person as certified_person
from tests.people import files
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
INTRUDERS = ["member_b", "outsider", "ended"]

# Pages and operations anyone may use (they take no object of a village, or look it up by a
# citizen's own tracking code).
PUBLIC_PAGES = {
    "favicon.ico",
    "api/openapi.json",
    "api/docs",
    "api/",
    "i18n/setlang/",
    "accounts/login/",
    "accounts/login/code/",
    "accounts/logout/",
    # The activation link is the proof: it answers the same to everyone (accounts tests).
    "accounts/activate/<str:token>/",
    "field/",
    "field/sw.js",
    "field/learning.js",
    "field/inbox.js",
    "field/month.js",
    "field/shops.js",
    "field/manifest.webmanifest",
    "field/icon-<int:size>.png",
    "kiem-tra",
    "kiem-tra/",
    "kiem-tra/bao-cao",
    "feedback/",
    "feedback/places/",
    "feedback/track/",
    "feedback/track/<str:code>/",
    "imports/template.xlsx",
    # Published guides, their pictures and PDFs: for everyone (a draft is 404 to all but its
    # editors, tests/learning/test_guide_views.py).
    "huong-dan/",
    "huong-dan/anh/<str:digest>",
    "huong-dan/<slug:slug>/",
    "huong-dan/<slug:slug>/poster.pdf",
    "huong-dan/<slug:slug>/to-gap.pdf",
    # A certificate's code is its own proof: the check answers anyone (learning tests).
    "xac-nhan/",
    "xac-nhan/<str:code>/",
    # Zalo's servers post the OA's events, signed with the OA's secret key (outreach tests).
    "outreach/zalo/webhook",
    # An announcement read from a Zalo group, its picture, and the link that stops messages:
    # for people without an account (tests/outreach/test_views_groups.py).
    "a/<str:code>",
    "a/anh/<str:digest>",
    "huy-nhan-tin/<str:token>",
    # The communes' market pages: the businesses whose households agreed to be listed, for
    # everyone (tests/shops/test_market.py).
    "cho/",
    "cho/<str:commune_code>/",
}
PUBLIC_OPERATIONS = {
    ("post", "/api/v1/auth/token"),
    ("post", "/api/v1/trust/check"),
    # A picture of a QR code, read and checked like /trust/check (tests/trust/test_scan.py).
    ("post", "/api/v1/trust/check-image"),
    ("post", "/api/v1/trust/reports"),
    # VietQR codes: made from or read into values the caller sends, and the bank list; no
    # object of a village (tests/shops/test_vietqr_api.py).
    ("post", "/api/v1/shops/vietqr"),
    ("get", "/api/v1/shops/vietqr.png"),
    ("post", "/api/v1/shops/vietqr/decode"),
    ("get", "/api/v1/banks"),
    ("get", "/api/v1/guides"),
    ("get", "/api/v1/guides/{slug}"),
    # The skill framework names no person: public, like the guides next to it.
    ("get", "/api/v1/skills"),
    # Anyone checks a certificate by its code (genuine, revoked or invalid).
    ("get", "/api/v1/certificates/{certificate_code}"),
    # The SMS gateway forwards replies with its own bearer token (outreach tests).
    ("post", "/api/v1/outreach/sms/inbound"),
}
# Open311 GeoReport v2 is public by its specification (service requests are public records).
PUBLIC_PREFIXES = ("open311/", "^open311/", "^api/(?P<rest>")
# What each user sees of their own: lists and pages scoped to the caller, holding no object of
# another's in the address.
OWN_PAGES = {
    "",
    "home/imports/",
    "units/search/",
    "accounts/security/",
    "accounts/devices/",
    "accounts/devices/revoke-all/",
    "accounts/password/",
    "accounts/devices/sessions/end/",
    "campaigns/",
    # The certificates of the caller's villages (access.certificates_filter).
    "certificates/",
    # The announcements of the caller's units, and the posts of the teams they lead
    # (access.announcements_filter, access.group_posts_filter).
    "outreach/",
    "outreach/groups/",
    # Recognition: the caller's landing (their unit's, team's or own record) and own record.
    "recognition/",
    "recognition/me/",
    # The businesses of the caller's villages (access.businesses_filter), and the household
    # search that starts registering one (in the caller's villages; another's household is 404).
    "shops/",
    "shops/new/",
}
OWN_OPERATIONS = {
    ("delete", "/api/v1/auth/token"),
    ("get", "/api/v1/auth/tokens"),
    ("get", "/api/v1/units/search"),
    ("get", "/api/v1/sync/pull"),
    ("post", "/api/v1/sync/push"),
    ("put", "/api/v1/members/me/phone-visibility"),
    # The campaigns the caller sees (access.campaigns_filter).
    ("get", "/api/v1/campaigns"),
    # The announcements issued in the caller's scope (access.announcements_filter).
    ("get", "/api/v1/announcements"),
    # The kinds of report are data, not anyone's: every logged-in caller reads them.
    ("get", "/api/v1/report-kinds"),
    # The platforms, checklist steps and product kinds are data, like the kinds of report.
    ("get", "/api/v1/platforms"),
    # The caller's own inbox and receipts: another's delivery is refused like an unknown one
    # (tests/outreach/test_inbox.py).
    ("get", "/api/v1/announcements/inbox"),
    ("post", "/api/v1/announcements/reads"),
    # The caller's own record (the field app's "your month").
    ("get", "/api/v1/me/record"),
}
# Officers' desks: nothing of a village in the address, and nobody else's business.
DESK_PAGES = {
    "accounts/users/",
    "id-conflicts/",
    "corrections/",
    "kiem-tra/kiem-duyet",
    "feedback/reports/",
    "feedback/reports/new/",
    "feedback/reports/new/places/",
    "feedback/dashboard/",
    "feedback/dashboard.xlsx",
    "feedback/outbox/",
    "campaigns/new/",
    # The guide editor: province officers only.
    "guides/manage/",
    "guides/manage/new/",
    # The composer, its live panel and the commune's templates: officers only.
    "outreach/new/",
    "outreach/preview/",
    "outreach/templates/",
    "outreach/templates/new/",
    # The official reports' list and form: officers only (access.access_reports_desk).
    "reports/",
    "reports/new/",
    # The shop links flagged by the link checker: officers only (access.access_flagged_desk).
    "shops/flagged/",
}
DESK_OPERATIONS = {
    # Merges name their two records in the body: intruders get 404 for ids out of their sight.
    ("post", "/api/v1/merges/residents"),
    ("post", "/api/v1/merges/households"),
    ("get", "/api/v1/trust/reports"),
    ("get", "/api/v1/feedback/reports"),
    ("get", "/api/v1/feedback/dashboard"),
    # The accounts an officer manages (accounts.selectors.accounts_page): others 404.
    ("get", "/api/v1/accounts"),
    # A campaign names its unit in the body: a unit out of the caller's hands is 404.
    ("post", "/api/v1/campaigns"),
    # A certificate names its resident in the body: one out of the caller's hands is 404.
    ("post", "/api/v1/certificates"),
    # An announcement names its units in the body: a unit out of the caller's hands is 404.
    ("post", "/api/v1/announcements"),
    ("post", "/api/v1/announcements/reach"),
    # A report names its unit in the body: a unit out of the caller's hands is 404.
    ("post", "/api/v1/reports"),
    # The reports' list is officers' (access.access_reports_desk): others 404.
    ("get", "/api/v1/reports"),
    # A proposal names its unit in the body: a unit out of the caller's hands is 404.
    ("post", "/api/v1/commendations"),
}


@dataclass
class Things:
    """Real objects of village A1 (or of its commune), and who may see each."""

    values: dict[str, str]
    owners: dict[str, str]  # parameter → the user of World (or "leader") who may see it


def _ended_officer(world: World) -> User:
    """A commune officer of commune A whose role ended yesterday."""
    user, _ = accounts.user_provision(username="ended", password=PASSWORD, full_name="Cán bộ cũ")
    day = today()
    with time_machine.travel(datetime.combine(day - timedelta(days=3), datetime.min.time(), VN)):
        assignment = accounts.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=world.commune_a)
    with time_machine.travel(datetime.combine(day - timedelta(days=1), datetime.min.time(), VN)):
        accounts.role_revoke(assignment=assignment)
    return user


def _things(world: World) -> Things:
    household = people.household_create(actor=SYSTEM, village=world.village_a1, number="1")
    resident = people.resident_create(
        actor=SYSTEM,
        household=household,
        data=people.ResidentData(full_name="Lò Thị Xuân", birth_year=1985, sex="F"),
    )
    # A claim on an ID number held in village A2, decided by the commune's officers.
    elsewhere = people.household_create(actor=SYSTEM, village=world.village_a2)
    people.resident_create(
        actor=SYSTEM,
        household=elsewhere,
        data=people.ResidentData(full_name="Quàng Văn Inh", sex="M", id_number="014090001234"),
    )
    claimant = people.resident_create(
        actor=world.member,
        household=household,
        data=people.ResidentData(full_name="Quàng Văn In", sex="M", id_number="014090001234"),
    )
    conflict = IdConflict.objects.get(claimant=claimant)
    report = file_report(world, place=world.code(world.village_a1), photos=[png_bytes()])
    photo = ReportPhoto.objects.get(report=report)
    job = import_jobs.import_job_create(
        actor=world.commune_officer,
        unit=world.village_a1,
        filename="ds.xlsx",
        # A row with an impossible birth date, so the job has rejected rows to download.
        data=files.xlsx([*files.household_list(), [9, "Lò Văn Sai", "31/02/1990", "Nam"]]),
        create_villages=False,
    )
    # The check is queued on commit, which a test's transaction never reaches: run it here.
    import_jobs.import_job_check(str(job.pk))
    flagged = trust.report_create(actor=world.member, text="https://evil-vietcombank.top/")
    token = accounts.token_issue(user=world.leader, device_name="Điện thoại tổ trưởng")
    issued = accounts.token_authenticate(token)
    assert isinstance(issued, ApiToken)
    # A name a member of village A1 corrected in the field app, waiting for an officer.
    correction_id = str(uuid.uuid4())
    sync.sync_push(
        actor=world.member,
        device_id="test",
        events=[
            {
                "kind": "correction",
                "id": correction_id,
                "resident_id": resident.pk,
                "birth_year": 1986,
            }
        ],
    )
    # A guide (a draft): its editor's pages are province officers' only.
    guide = guide_services.guide_create(
        actor=world.province_officer,
        slug="thu-nghiem",
        text=guide_services.GuideText(
            title="Hướng dẫn thử", audience="Người dân", steps="1. Bước", source_title="Nguồn"
        ),
    )
    membership = Membership.objects.filter(team=world.team_a1).first()
    assert membership is not None
    plan = campaigns.campaign_create(
        actor=world.commune_officer,
        name="Chiến dịch VNeID",
        basis_number="125/KH-UBND",
        basis_date=None,
        unit_code=world.code(world.commune_a),
        starts_on=today(),
        ends_on=today() + timedelta(days=90),
        goals=[campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
    )
    campaigns.campaign_activate(actor=world.commune_officer, campaign=plan)
    campaigns.assignments_split_even(
        actor=world.leader, campaign=plan, village_code=world.code(world.village_a1)
    )
    # An announcement to A1's team, sent (so its Zalo group has a post), and a template.
    announcement = outreach.announcement_send(
        actor=world.commune_officer,
        announcement=outreach.announcement_create(
            actor=world.commune_officer,
            draft=outreach.Draft(
                title="Thông báo",
                text="Chào {ten}.",
                audience=Audience(units=(world.code(world.village_a1),), teams="members"),
                channels=("app",),
            ),
        ),
    )
    post = GroupPost.objects.get(announcement=announcement)
    template = outreach.template_save(
        actor=world.commune_officer,
        unit_code=world.code(world.commune_a),
        name="Mẫu",
        title="",
        text="Chào {ten}.",
    )
    certificate = certificate_services.certificate_issue(
        actor=world.commune_officer, resident=certified_person(world.village_a1, "Cầm Thị Lả")
    )
    # An official report of commune A (a draft) over yesterday, the last day that has ended.
    yesterday = today() - timedelta(days=1)
    official = official_reports.report_create(
        actor=world.commune_officer,
        kind="monthly",
        unit=world.code(world.commune_a),
        period_start=yesterday,
        period_end=yesterday,
    )
    # Commune A's emulation criteria and a proposal made with them (its entries: the members).
    criteria = recognition.criteria_create(
        actor=world.commune_officer,
        unit_code=world.code(world.commune_a),
        name="Thành viên tiêu biểu",
        subject="member",
        conditions=[{"measure": "visits", "at_least": 1}],
    )
    commendation = recognition.commendation_propose(
        actor=world.commune_officer,
        unit_code=world.code(world.commune_a),
        start=today().replace(day=1),
        end=today(),
        criteria_id=criteria.pk,
    )
    entry = commendation.entries.first()
    assert entry is not None
    # A household business of A1 with its account, a checklist step, a link on Voso, and a
    # link the checker flags (an officer clears it).
    business = shops.business_create(
        actor=world.member,
        household=household,
        data=shops.BusinessData(
            name="Chè Tông Lạnh",
            bank_bin="970436",
            account="0011004455667",
            listed=True,
            links={"voso": "https://voso.vn/shop/che", "website": "https://voso-vn.top/che"},
        ),
    )
    shops.step_record(actor=world.member, business=business, platform="voso", step="papers")
    shop_link = ShopLink.objects.get(business=business, platform_id="website")
    return Things(
        values={
            "code": world.code(world.village_a1),
            # The likely duplicates are listed by commune.
            "commune_code": world.code(world.commune_a),
            "report_code": report.code,
            "team_id": str(world.team_a1.pk),
            "membership_id": str(membership.pk),
            "person_id": str(membership.person_id),
            "household_id": str(household.pk),
            "resident_id": str(resident.pk),
            "job_id": str(job.pk),
            "conflict_id": str(conflict.pk),
            "report_id": str(flagged.pk),
            "token_id": str(issued.pk),
            "user_id": str(world.leader.pk),
            "photo_id": str(photo.pk),
            "correction_id": correction_id,
            "campaign_id": str(plan.pk),
            "slug": guide.slug,
            "number": "1",
            "certificate_code": certificate.code,
            "announcement_id": str(announcement.pk),
            "post_id": str(post.pk),
            "template_id": str(template.pk),
            "official_report_id": str(official.pk),
            "fmt": "pdf",
            "criteria_id": str(criteria.pk),
            "commendation_id": str(commendation.pk),
            "entry_id": str(entry.pk),
            "business_id": str(business.pk),
            "link_id": str(shop_link.pk),
        },
        owners={
            "job_id": "commune_officer",
            "official_report_id": "commune_officer",
            "token_id": "leader",
        },
    )


def _pages() -> Iterator[tuple[str, str]]:
    """(route, the name of its view) of every page but the admin's."""

    def walk(resolver: URLResolver, prefix: str) -> Iterator[tuple[str, str]]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.lookup_str

    for route, view in walk(get_resolver(), ""):
        if not route.startswith(("admin/", "api/v1/")):
            yield route, view


def _page_url(route: str, things: Things) -> tuple[str, str] | None:
    """The address of a page with real objects in it, and the parameter that names the object
    (None for routes without one)."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if not names:
        return None
    main = names[0]

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "code" and route.startswith("feedback/"):
            return things.values["report_code"]
        if name == "code" and "/duplicates/" in route:
            return things.values["commune_code"]
        return things.values[name]

    return re.sub(r"<(?:\w+:)?(\w+)>", value, route), main


def _snapshot() -> dict[str, tuple[Any, ...]]:
    """Every table's count, largest key and latest change: a write shows in one of them."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "axes", "admin"):
            continue
        fields = {f.name for f in model._meta.get_fields()}
        aggregates: dict[str, Any] = {}
        # PostgreSQL has no max() of a UUID; those tables are told apart by count and times.
        if not isinstance(model._meta.pk, UUIDField):
            aggregates["top"] = Max("pk")
        # A token's last use is bookkeeping of the caller's own login, not a write of theirs.
        for stamp in ("updated_at", "revoked_at", "resolved_at"):
            if stamp in fields:
                aggregates[stamp] = Max(stamp)
        row = model._default_manager.aggregate(**aggregates)
        state[model._meta.label] = (model._default_manager.count(), *row.values())
    return state


def _value(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A valid value of ``schema``: an access check must not hide behind a validation error."""
    if "$ref" in schema:
        return _value(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        for choice in schema.get(key, []):
            if choice.get("type") != "null":
                return _value(choice, components)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: _value(part, components) for name, part in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [_value(schema.get("items", {}), components)] * max(schema.get("minItems", 1), 1)
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2026-03-02"
    if schema.get("format") == "date-time":
        return "2026-03-02T09:00:00+07:00"
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    return "Bản Hua Nà".ljust(schema.get("minLength", 1), "x")[: schema.get("maxLength", 200)]


def _query_value(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A query's value; a day asked about (a period's first or last day) is today, since the
    world's villages begin today and a day before they existed is 404 to everyone."""
    if schema.get("format") == "date":
        return today().isoformat()
    return _value(schema, components)


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def _api_call(
    client: Client, method: str, url: str, operation: dict[str, Any], document: dict[str, Any]
) -> Any:
    components = document["components"]["schemas"]
    query = {
        parameter["name"]: _query_value(parameter.get("schema", {}), components)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter.get("required")
    }
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    body = json.dumps(_value(content["schema"], components)) if content else ""
    if method == "get":
        return client.get(url, query)
    target = f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url
    return client.generic(method.upper(), target, body, content_type="application/json")


def _api_url(path: str, things: Things) -> str:
    """The operation's address with real objects in it (feedback codes are reports' codes)."""
    feedback = path.startswith("/api/v1/feedback/")

    def value(match: re.Match[str]) -> str:
        return things.values["report_code" if feedback else match.group(1)]

    return re.sub(r"\{(\w+)\}", value, path)


def _api_client(user: User | None) -> Client:
    if user is None:
        return Client(raise_request_exception=False)
    token = accounts.token_issue(user=user, device_name="test")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("who", INTRUDERS)
def test_every_api_operation_answers_404_out_of_scope_and_writes_nothing(
    world: World, who: str
) -> None:
    intruder = _ended_officer(world) if who == "ended" else getattr(world, who)
    things = _things(world)
    client = _api_client(intruder)
    document = client.get("/api/openapi.json").json()
    failures, unclassified, checked = [], [], 0
    for method, path, operation in _operations(document):
        names = re.findall(r"\{(\w+)\}", path)
        if (method, path) in PUBLIC_OPERATIONS:
            continue
        if not names:
            key = (method, path)
            if key in PUBLIC_OPERATIONS or key in OWN_OPERATIONS:
                continue
            if key not in DESK_OPERATIONS:
                unclassified.append(f"{method.upper()} {path}")
                continue
        url = _api_url(path, things)
        before = _snapshot()
        answer = _api_call(client, method, url, operation, document)
        checked += 1
        if answer.status_code != 404 or _snapshot() != before:
            failures.append(f"{method.upper()} {url} → {answer.status_code}")
        if method == "get" and names:
            owner = world.province_officer
            allowed = _api_call(_api_client(owner), method, url, operation, document)
            if allowed.status_code == 404:
                failures.append(f"{method.upper()} {url}: its owner gets 404 too")
    assert unclassified == []
    assert checked >= 15
    assert failures == []


@pytest.mark.parametrize("who", INTRUDERS)
def test_every_page_answers_404_out_of_scope_and_writes_nothing(world: World, who: str) -> None:
    intruder = _ended_officer(world) if who == "ended" else getattr(world, who)
    things = _things(world)
    client = Client(raise_request_exception=False)
    client.force_login(intruder)
    owners = {name: getattr(world, owner) for name, owner in things.owners.items()}
    failures, unclassified, checked = [], [], 0
    for route, view in _pages():
        if route in PUBLIC_PAGES or route.startswith(PUBLIC_PREFIXES) or route in OWN_PAGES:
            continue
        found = _page_url(route, things)
        if found is None:
            if route not in DESK_PAGES:
                unclassified.append(route)
                continue
            url, main = f"/{route}", ""
        else:
            url, main = f"/{found[0]}", found[1]
        for method in ("get", "post"):
            before = _snapshot()
            answer = getattr(client, method)(url)
            checked += 1
            if answer.status_code not in (404, 405) or _snapshot() != before:
                failures.append(f"{method.upper()} {url} ({view}) → {answer.status_code}")
        if main:
            owner = Client(raise_request_exception=False)
            owner.force_login(owners.get(main, world.province_officer))
            if owner.get(url).status_code == 404:
                failures.append(f"GET {url} ({view}): its owner gets 404 too")
    assert unclassified == []
    assert checked >= 60
    assert failures == []


def test_the_lists_of_routes_name_only_routes_that_exist(world: World) -> None:
    routes = {route for route, _view in _pages()}
    for listed in (PUBLIC_PAGES, OWN_PAGES, DESK_PAGES):
        assert listed <= routes, listed - routes
    document = Client().get("/api/openapi.json").json()
    operations = {(method, path) for method, path, _op in _operations(document)}
    for listed_ops in (PUBLIC_OPERATIONS, OWN_OPERATIONS, DESK_OPERATIONS):
        assert listed_ops <= operations, listed_ops - operations


def test_an_anonymous_caller_gets_401_from_every_operation_behind_a_login(world: World) -> None:
    things = _things(world)
    client = Client(raise_request_exception=False)
    document = client.get("/api/openapi.json").json()
    failures = []
    for method, path, operation in _operations(document):
        if not operation.get("security"):
            assert (method, path) in PUBLIC_OPERATIONS, (method, path)
            continue
        url = _api_url(path, things)
        before = _snapshot()
        answer = _api_call(client, method, url, operation, document)
        if answer.status_code != 401 or _snapshot() != before:
            failures.append(f"{method.upper()} {url} → {answer.status_code}")
    assert failures == []


def test_an_unknown_uuid_import_is_404_like_anothers(world: World) -> None:
    """The same answer whether the import exists or not (a UUID the caller made up)."""
    client = world.client(world.member_b)
    assert client.get(f"/imports/{uuid.uuid4()}/").status_code == 404


def test_the_generated_tests_see_every_kind_of_object(world: World) -> None:
    """If an object could not be made, its routes would be called with nonsense and answer
    404 for the wrong reason."""
    things = _things(world)
    assert all(value and value != "None" for value in things.values.values())
    assert FeedbackReport.objects.filter(code=things.values["report_code"]).exists()
    assert date.fromisoformat("2026-03-02")  # the fixed day the generated values use
