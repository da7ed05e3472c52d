"""Pages of households and residents: what each role sees and may do, numbers masked."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.models import AuditAction, AuditEntry
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import services
from langso.people.models import Consent, Household, Resident
from langso.people.services import ResidentData
from tests.ids import ids_from
from tests.roles import World
from tests.unchanged import PEOPLE, unchanged

pytestmark = pytest.mark.django_db

CCCD = "014185000189"  # a woman born in 1985 whose birth was registered in Sơn La
PHONE = "0912876678"
CCCD_B = "014090001234"  # a man born in 1990
PHONE_B = "0987654321"
# Every way a full number could be written on a page.
PLAIN = (CCCD, PHONE, "912876678", "0912 876 678", CCCD_B, PHONE_B, "987654321")

XUAN = ResidentData(
    full_name="Lò Thị Xuân",
    birth_year=1985,
    sex="F",
    ethnicity="Thái",
    relationship="Chủ hộ",
    is_head=True,
    id_number=CCCD,
    phone=PHONE,
)


@dataclass
class People:
    household_a: Household
    xuan: Resident
    child: Resident
    household_b: Household
    inh: Resident


@pytest.fixture
def people(world: World) -> People:
    household_a = services.household_create(actor=SYSTEM, village=world.village_a1, number="1")
    xuan = services.resident_create(actor=SYSTEM, household=household_a, data=XUAN)
    child = services.resident_create(
        actor=SYSTEM,
        household=household_a,
        data=ResidentData(full_name="Lò Văn Tùng", birth_year=2010, sex="M", relationship="Con"),
    )
    household_b = services.household_create(actor=SYSTEM, village=world.village_b1, number="7")
    inh = services.resident_create(
        actor=SYSTEM,
        household=household_b,
        data=ResidentData(
            full_name="Quàng Văn Inh",
            birth_year=1990,
            sex="M",
            ethnicity="Thái",
            is_head=True,
            id_number=CCCD_B,
            phone=PHONE_B,
        ),
    )
    return People(household_a, xuan, child, household_b, inh)


def resident_indicators() -> list[str]:
    return [i.code for i in Indicator.objects.filter(population="residents")]


def households_url(world: World, village: str = "village_a1") -> str:
    return reverse("people:households", args=[world.code(getattr(world, village))])


def residents_url(world: World, village: str = "village_a1") -> str:
    return reverse("people:residents", args=[world.code(getattr(world, village))])


def resident_url(resident: Resident) -> str:
    return reverse("people:resident", args=[resident.pk])


def reveal_url(resident: Resident) -> str:
    return reverse("people:reveal", args=[resident.pk])


def text_of(response: Any) -> str:
    return str(response.content.decode())


def assert_no_full_number(text: str) -> None:
    for plain in PLAIN:
        assert plain not in text


def resident_form(household: Household, **changes: str) -> dict[str, str]:
    return {
        "household": str(household.pk),
        "full_name": "Lò Thị Hoa",
        "birth_date": "",
        "birth_year": "1987",
        "sex": "F",
        "ethnicity": "Thái",
        "relationship": "Em gái",
        "id_number": "",
        "phone": "",
        **changes,
    }


# Who may open what: every page and form, for every role


def _request(
    client: Client, world: World, people: People, endpoint: str, target: str
) -> tuple[Any, int]:
    """Call ``endpoint`` on village A1 (``target`` "a") or B1 ("b"); returns the response and
    the status it answers when allowed."""
    village = "village_a1" if target == "a" else "village_b1"
    code = world.code(getattr(world, village))
    resident = people.xuan if target == "a" else people.inh
    household = people.household_a if target == "a" else people.household_b
    if endpoint == "households":
        return client.get(households_url(world, village)), 200
    if endpoint == "resident":
        return client.get(resident_url(resident)), 200
    if endpoint == "reveal":
        body = {"what": "id", "reason": "Hỗ trợ cài VNeID"}
        return client.post(reveal_url(resident), body), 200
    if endpoint == "consent":
        url = reverse("people:consent", args=[resident.pk])
        return client.post(url, {"given": "yes", "purpose": "Hướng dẫn dịch vụ số"}), 302
    if endpoint == "household_create":
        url = reverse("people:household_create", args=[code])
        return client.post(url, {"number": "99", "head_name": ""}), 302
    assert endpoint == "resident_create"
    url = reverse("people:resident_create", args=[code])
    return client.post(url, resident_form(household)), 302


ENDPOINTS = ["households", "resident", "reveal", "consent", "household_create", "resident_create"]
ACCESS = [
    ("member", "a", True),
    ("member", "b", False),
    ("leader", "a", True),
    ("leader", "b", False),
    ("member_b", "a", False),
    ("member_b", "b", True),
    ("commune_officer", "a", True),
    ("commune_officer", "b", False),
    ("province_officer", "a", True),
    ("province_officer", "b", True),
    ("outsider", "a", False),
    ("outsider", "b", False),
]


def _written() -> tuple[int, int, int, int]:
    return (
        Household.objects.count(),
        Resident.objects.count(),
        Consent.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(("who", "target", "allowed"), ACCESS)
def test_each_page_opens_only_for_who_may_see_the_village(
    world: World, people: People, endpoint: str, who: str, target: str, allowed: bool
) -> None:
    before = _written()
    response, ok = _request(world.client(getattr(world, who)), world, people, endpoint, target)
    if allowed:
        assert response.status_code == ok
    else:
        assert response.status_code == 404
        assert _written() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_anonymous_visitor_is_sent_to_log_in_from_every_page(
    world: World, people: People, endpoint: str
) -> None:
    before = _written()
    response, _ok = _request(world.client(None), world, people, endpoint, "a")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert _written() == before


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("commune_officer", "03721", 200),
        ("commune_officer", "03727", 404),
        ("province_officer", "03721", 200),
        ("province_officer", "03727", 200),
        ("province_officer", "14", 200),
        ("member", "03721", 404),
        ("member_b", "03727", 404),
        ("outsider", "03721", 404),
    ],
)
def test_the_households_page_of_a_commune_follows_the_same_scope(
    world: World, who: str, code: str, status: int
) -> None:
    response = world.client(getattr(world, who)).get(reverse("people:households", args=[code]))
    assert response.status_code == status


def test_the_households_page_of_a_commune_is_sent_to_log_in_when_anonymous(world: World) -> None:
    response = world.client(None).get(reverse("people:households", args=["03721"]))
    assert response.status_code == 302


# The village page


def test_the_village_page_lists_households_and_residents_with_masked_numbers(
    world: World, people: People
) -> None:
    households = text_of(world.client(world.member).get(households_url(world)))
    assert "Lò Thị Xuân" in households and "Quàng Văn Inh" not in households
    assert_no_full_number(households)
    response = world.client(world.member).get(residents_url(world))
    assert response.status_code == 200
    text = text_of(response)
    assert "Lò Thị Xuân" in text
    assert "Lò Văn Tùng" in text
    assert "Quàng Văn Inh" not in text
    assert "**********89" in text
    assert "**** *** 678" in text  # a masked phone, in groups as phones are written
    assert_no_full_number(text)
    assert "no-store" in response["Cache-Control"]


def test_the_village_page_lists_the_head_first(world: World, people: People) -> None:
    services.resident_create(
        actor=SYSTEM,
        household=people.household_a,
        data=ResidentData(full_name="Lò Văn An", birth_year=1950, relationship="Bố"),
    )
    address = residents_url(world) + "?sort=household"
    text = text_of(world.client(world.member).get(address))
    assert text.index("Lò Thị Xuân") < text.index("Lò Văn Tùng") < text.index("Lò Văn An")


def test_the_village_page_marks_each_indicator_and_names_them_in_a_legend(
    world: World, people: People
) -> None:
    smartphone = Indicator.objects.get(code="smartphone")
    observation_record(
        actor=SYSTEM,
        indicator=smartphone,
        subject=services.resident_subject(people.xuan),
        value=True,
        observed_at=timezone.now() - timedelta(days=2),
        source=Source.VISIT,
    )
    text = text_of(world.client(world.member).get(residents_url(world) + "?sort=household"))
    assert smartphone.name_vi in text
    row = text[text.index("Lò Thị Xuân") : text.index("Lò Văn Tùng")]
    assert row.count("✓") == 1
    child_row = text[text.index("Lò Văn Tùng") :].split("</tr>")[0]
    assert "✓" not in child_row


def test_the_village_page_leaves_empty_what_does_not_count_for_a_person(
    world: World, people: People
) -> None:
    services.resident_create(
        actor=SYSTEM,
        household=people.household_a,
        data=ResidentData(full_name="Lò Văn Bé", birth_year=today().year - 3),
    )
    text = text_of(world.client(world.member).get(residents_url(world)))
    row = text[text.index("Lò Văn Bé") :].split("</tr>")[0]
    marks = [cell.split(">", 1)[1] for cell in row.split('<td class="n mark"')[1:]]
    cells = dict(zip(resident_indicators(), marks, strict=True))
    assert cells["smartphone"] == "</td>"
    assert "·" in cells["ehealth"]
    assert f">{today().year - 3} (3)</td>" in row
    # Business indicators are for household businesses only; fibre is for every household.
    households = text_of(world.client(world.member).get(households_url(world)))
    row = households[households.index(f'id="household-{people.household_a.pk}"') :]
    row = row.split("</tr>")[0]
    assert "Internet cáp quang" in row
    assert "Thanh toán QR" not in row and "Sàn TMĐT" not in row


def test_the_search_finds_a_name_without_diacritics_or_case(world: World, people: People) -> None:
    other = services.household_create(actor=SYSTEM, village=world.village_a1, number="2")
    services.resident_create(
        actor=SYSTEM, household=other, data=ResidentData(full_name="Cầm Văn Ơn", is_head=True)
    )
    response = world.client(world.member).get(households_url(world) + "?q=LO THI xuan")
    text = text_of(response)
    assert f'<tr id="household-{people.household_a.pk}">' in text
    assert f'<tr id="household-{other.pk}">' not in text
    assert resident_url(people.xuan) in text


def test_the_path_links_only_the_units_the_user_may_open(world: World, people: People) -> None:
    """A member's page names the commune and province above the village, but a link to them
    would only lead to "not found"; the commune officer may open the commune, not the province."""
    commune_url = households_url(world, "commune_a")
    province_url = reverse("people:households", args=["14"])
    for url in (households_url(world), resident_url(people.xuan)):
        member_page = text_of(world.client(world.member).get(url))
        assert "Xã Thuận Châu" in member_page and "Tỉnh Sơn La" in member_page
        assert f'href="{commune_url}"' not in member_page
        assert f'href="{province_url}"' not in member_page
        officer_page = text_of(world.client(world.commune_officer).get(url))
        assert f'href="{commune_url}"' in officer_page
        assert f'href="{province_url}"' not in officer_page
    assert world.client(world.commune_officer).get(commune_url).status_code == 200
    assert world.client(world.member).get(commune_url).status_code == 404


def test_ids_of_a_thousand_and_more_are_written_as_plain_digits(world: World) -> None:
    """Vietnamese groups digits with dots (3066 → "3.066"): an id written that way named no
    household, and the "Add a person" link of every household from the 1,000th on failed."""
    ids_from(Household, 3066)
    household = services.household_create(actor=SYSTEM, village=world.village_a1, number="9")
    assert household.pk == 3066
    resident = services.resident_create(
        actor=SYSTEM, household=household, data=ResidentData(full_name="Lò Văn Pọm", is_head=True)
    )
    client = world.client(world.member)
    text = text_of(client.get(households_url(world)))
    assert '<tr id="household-3066">' in text
    assert 'href="?household=3066#add-resident"' in text
    chosen = client.get(households_url(world) + "?household=3066")
    assert chosen.status_code == 200
    assert '<option value="3066" selected>' in text_of(chosen)
    back = text_of(client.get(resident_url(resident)))
    assert "#household-3066" in back


@pytest.mark.parametrize("wanted", ["3.066", "abc", "-1", "٣", "9" * 40])
def test_a_household_parameter_that_is_not_an_id_chooses_none(world: World, wanted: str) -> None:
    services.household_create(actor=SYSTEM, village=world.village_a1, number="1")
    response = world.client(world.member).get(households_url(world), {"household": wanted})
    assert response.status_code == 200
    text = text_of(response)
    assert '<option value="" selected>' in text
    assert 'id="add-resident" open' not in text


def test_a_search_that_finds_nobody_says_so(world: World, people: People) -> None:
    response = world.client(world.member).get(households_url(world) + "?q=khong ai")
    assert response.status_code == 200
    assert '<tr id="household-' not in text_of(response)
    assert "khong ai" in text_of(response)


def test_households_come_by_number_with_unnumbered_ones_last(world: World) -> None:
    for number, head in [("10", "Hộ Mười"), ("", "Hộ Không Số"), ("2", "Hộ Hai")]:
        services.household_create(
            actor=SYSTEM, village=world.village_a1, number=number, head_name=head
        )
    text = text_of(world.client(world.member).get(households_url(world)))
    assert text.index("Hộ Hai") < text.index("Hộ Mười") < text.index("Hộ Không Số")


def test_the_village_page_shows_fifty_households_a_page(world: World) -> None:
    for number in range(1, 52):
        services.household_create(actor=SYSTEM, village=world.village_a1, number=str(number))
    client = world.client(world.member)
    first = text_of(client.get(households_url(world)))
    second = text_of(client.get(households_url(world) + "?page=2"))
    assert first.count('<tr id="household-') == 50
    assert second.count('<tr id="household-') == 1
    assert "page=2" in first


def test_the_village_page_needs_as_many_queries_for_forty_households_as_for_one(
    world: World,
) -> None:
    client = world.client(world.member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(households_url(world)).status_code == 200
        return len(captured.captured_queries)

    def add(count: int) -> None:
        for _ in range(count):
            home = services.household_create(actor=SYSTEM, village=world.village_a1)
            for name in ("Lò Văn Pánh", "Lò Thị Xuân"):
                services.resident_create(
                    actor=SYSTEM, household=home, data=ResidentData(full_name=name, birth_year=1980)
                )

    add(1)
    few = queries()
    add(39)
    assert queries() == few


def test_the_commune_page_lists_the_households_of_its_villages_with_links_to_them(
    world: World, people: People
) -> None:
    response = world.client(world.commune_officer).get(reverse("people:households", args=["03721"]))
    text = text_of(response)
    assert "Lò Thị Xuân" in text
    assert households_url(world, "village_a1") in text
    assert "Bản Búng" not in text
    assert "Quàng Văn Inh" not in text


# Adding households and residents


def test_a_member_adds_a_household_and_is_taken_to_add_its_people(world: World) -> None:
    client = world.client(world.member)
    url = reverse("people:household_create", args=[world.code(world.village_a1)])
    response = client.post(url, {"number": "12", "head_name": "", "is_business": "on"})
    household = Household.objects.get(number="12")
    assert household.village_id == world.village_a1.pk
    assert household.is_business
    assert response.status_code == 302
    assert response["Location"] == households_url(world) + f"?household={household.pk}#add-resident"
    page = client.get(response["Location"])
    form = page.context["resident_form"]
    assert form.initial == {"household": household.pk, "is_head": True}


def test_a_household_number_that_is_too_long_is_refused_on_its_field(world: World) -> None:
    url = reverse("people:household_create", args=[world.code(world.village_a1)])
    response = world.client(world.member).post(url, {"number": "9" * 31})
    assert response.status_code == 400
    assert "number" in response.context["household_form"].errors
    assert not Household.objects.exists()


def test_a_member_adds_a_resident_to_a_household(world: World, people: People) -> None:
    url = reverse("people:resident_create", args=[world.code(world.village_a1)])
    form = resident_form(people.household_a, id_number="014187000123", phone="0912 000 111")
    response = world.client(world.member).post(url, form)
    assert response.status_code == 302
    hoa = Resident.objects.get(full_name="Lò Thị Hoa")
    assert hoa.household_id == people.household_a.pk
    assert hoa.id_masked == "**********23"
    assert hoa.phone_masked == "*******111"


def test_a_household_of_another_village_cannot_be_chosen(world: World, people: People) -> None:
    url = reverse("people:resident_create", args=[world.code(world.village_a1)])
    response = world.client(world.province_officer).post(url, resident_form(people.household_b))
    assert response.status_code == 400
    assert "household" in response.context["resident_form"].errors
    assert not Resident.objects.filter(full_name="Lò Thị Hoa").exists()


@pytest.mark.parametrize(
    ("changes", "field", "code_text"),
    [
        # Digits 5 and 6 say 1990, the form says 1987: the message shows the number masked.
        ({"id_number": "014190000123"}, "id_number", "0141******23"),
        ({"phone": "0123"}, "phone", "0123"),
        ({"ethnicity": "Người sao Hỏa"}, "ethnicity", "Người sao Hỏa"),
        ({"id_number": CCCD, "birth_year": "1985"}, "id_number", ""),
        ({"birth_date": "2999-01-01", "birth_year": ""}, "birth_date", ""),
        ({"full_name": "   "}, "full_name", ""),
    ],
)
def test_a_refused_resident_shows_the_reason_on_its_field(
    world: World, people: People, changes: dict[str, str], field: str, code_text: str
) -> None:
    before = Resident.objects.count()
    url = reverse("people:resident_create", args=[world.code(world.village_a1)])
    response = world.client(world.member).post(url, resident_form(people.household_a, **changes))
    assert response.status_code == 400
    errors = response.context["resident_form"].errors
    assert field in errors, errors
    assert code_text in errors[field][0]
    assert Resident.objects.count() == before
    # The submitted number is not written back into the page.
    assert_no_full_number(text_of(response))
    assert "014190000123" not in text_of(response)


# The resident page


def test_the_resident_page_shows_masked_numbers_statuses_and_consent(
    world: World, people: People
) -> None:
    observed = timezone.now() - timedelta(days=3)
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code="vneid_l2"),
        subject=services.resident_subject(people.xuan),
        value=True,
        observed_at=observed,
        source=Source.VISIT,
    )
    services.consent_record(
        actor=world.member, resident=people.xuan, given=True, purpose="Hướng dẫn VNeID"
    )
    response = world.client(world.leader).get(resident_url(people.xuan))
    assert response.status_code == 200
    text = text_of(response)
    assert "**********89" in text
    assert "**** *** 678" in text  # a masked phone, in groups as phones are written
    assert_no_full_number(text)
    assert Indicator.objects.get(code="vneid_l2").name_vi in text
    assert timezone.localtime(observed).strftime("%d/%m/%Y") in text
    with translation.override("vi"):
        assert str(Source.VISIT.label) in text
    assert "Hướng dẫn VNeID" in text
    assert "member" in text
    assert "no-store" in response["Cache-Control"]


def test_showing_the_full_id_number_writes_one_audit_entry_and_shows_it_once(
    world: World, people: People
) -> None:
    client = world.client(world.member)
    reason = "Hỗ trợ bà Xuân cài VNeID"
    response = client.post(reveal_url(people.xuan), {"what": "id", "reason": reason})
    assert response.status_code == 200
    assert CCCD in text_of(response)
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get()
    assert entry.actor_id == world.member.pk
    assert entry.action == AuditAction.REVEAL_ID
    assert (entry.object_type, entry.object_id) == ("resident", str(people.xuan.pk))
    assert entry.reason == reason
    assert CCCD not in text_of(client.get(resident_url(people.xuan)))
    assert all(CCCD not in str(value) for value in client.session.values())


def test_showing_the_full_phone_number_writes_its_own_audit_entry(
    world: World, people: People
) -> None:
    response = world.client(world.commune_officer).post(
        reveal_url(people.xuan), {"what": "phone", "reason": "Gọi hẹn lịch"}
    )
    assert response.status_code == 200
    assert "0912 876 678" in text_of(response)
    assert CCCD not in text_of(response)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.REVEAL_PHONE
    assert entry.actor_id == world.commune_officer.pk


@pytest.mark.parametrize("reason", ["", "   "])
def test_showing_a_number_without_a_reason_is_refused_and_writes_nothing(
    world: World, people: People, reason: str
) -> None:
    response = world.client(world.member).post(
        reveal_url(people.xuan), {"what": "id", "reason": reason}
    )
    assert response.status_code == 400
    assert "reason" in response.context["reveal_form"].errors
    assert_no_full_number(text_of(response))
    assert not AuditEntry.objects.exists()


def test_a_number_is_shown_only_by_a_post(world: World, people: People) -> None:
    response = world.client(world.member).get(reveal_url(people.xuan) + "?what=id&reason=x")
    assert response.status_code == 405
    assert not AuditEntry.objects.exists()


def test_a_resident_without_numbers_offers_nothing_to_show(world: World, people: People) -> None:
    client = world.client(world.member)
    assert reveal_url(people.child) not in text_of(client.get(resident_url(people.child)))
    response = client.post(reveal_url(people.child), {"what": "id", "reason": "Kiểm tra"})
    assert response.status_code == 400
    assert not AuditEntry.objects.exists()


def test_a_member_records_consent_and_sees_it_in_the_history(world: World, people: People) -> None:
    client = world.client(world.member)
    url = reverse("people:consent", args=[people.xuan.pk])
    response = client.post(url, {"given": "no", "purpose": "Chia sẻ số điện thoại với tổ"})
    assert response.status_code == 302
    consent = Consent.objects.get(resident=people.xuan)
    assert consent.given is False
    assert consent.recorded_by_id == world.member.pk
    assert consent.recorded_on == today()
    assert "Chia sẻ số điện thoại với tổ" in text_of(client.get(resident_url(people.xuan)))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"given": "yes", "purpose": ""}, "purpose"),
        ({"purpose": "Hướng dẫn"}, "given"),
        ({"given": "yes", "purpose": "Hướng dẫn", "recorded_on": "2999-01-01"}, "recorded_on"),
    ],
)
def test_consent_without_its_facts_is_refused(
    world: World, people: People, body: dict[str, str], field: str
) -> None:
    url = reverse("people:consent", args=[people.xuan.pk])
    response = world.client(world.member).post(url, body)
    assert response.status_code == 400
    assert field in response.context["consent_form"].errors
    assert not Consent.objects.exists()


def test_a_second_head_cannot_be_named_by_accident_in_the_form(
    world: World, people: People
) -> None:
    """The form offers "head" pre-ticked only for a household without a head."""
    response = world.client(world.member).get(
        households_url(world) + f"?household={people.household_a.pk}"
    )
    assert response.context["resident_form"].initial == {
        "household": people.household_a.pk,
        "is_head": False,
    }


def test_the_form_takes_a_date_of_birth_and_a_loose_ethnicity_spelling(
    world: World, people: People
) -> None:
    url = reverse("people:resident_create", args=[world.code(world.village_a1)])
    form = resident_form(
        people.household_a, birth_date="1987-04-02", birth_year="", ethnicity="thai"
    )
    assert world.client(world.member).post(url, form).status_code == 302
    hoa = Resident.objects.get(full_name="Lò Thị Hoa")
    assert (hoa.birth_date, hoa.birth_year, hoa.ethnicity) == (date(1987, 4, 2), 1987, "Thái")


def test_a_date_and_a_year_of_birth_that_disagree_are_refused(world: World, people: People) -> None:
    url = reverse("people:resident_create", args=[world.code(world.village_a1)])
    form = resident_form(people.household_a, birth_date="1987-04-02", birth_year="1988")
    with unchanged(*PEOPLE):
        response = world.client(world.member).post(url, form)
    assert response.status_code == 400
    assert "birth_year" in response.context["resident_form"].errors
