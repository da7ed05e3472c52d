"""GET /api/v1/skills: the framework, public like the guides it sits next to."""

import pytest

from tests.roles import World

pytestmark = pytest.mark.django_db

ROLES = [None, "outsider", "member", "member_b", "leader", "commune_officer", "province_officer"]


@pytest.mark.parametrize("role", ROLES)
def test_anyone_reads_the_same_framework(world: World, role: str | None) -> None:
    user = getattr(world, role) if role else None
    response = world.client(user).get("/api/v1/skills")
    assert response.status_code == 200
    anonymous = world.client(None).get("/api/v1/skills").json()
    assert response.json() == anonymous


def test_the_framework_comes_in_groups_with_their_skills_and_sources(world: World) -> None:
    body = world.client(None).get("/api/v1/skills").json()
    assert body["indicators"] == ["basic_skills", "household_basic_skills"]
    groups = {group["code"]: group for group in body["groups"]}
    assert list(groups) == ["3240", "0", "1"]
    basic = groups["3240"]["skills"]
    assert [skill["code"] for skill in basic] == [f"3240.{n}" for n in range(1, 6)]
    assert all(skill["basic"] for skill in basic)
    assert not any(skill["basic"] for skill in groups["0"]["skills"] + groups["1"]["skills"])
    skill = groups["0"]["skills"][0]
    assert set(skill) == {
        "code",
        "name_vi",
        "name_en",
        "description",
        "target_group",
        "source_document",
        "note",
        "basic",
    }
    assert skill["code"] == "0.1"
    assert "3139" in skill["source_document"]


def test_it_names_no_person(world: World) -> None:
    text = world.client(None).get("/api/v1/skills").content.decode()
    assert "resident" not in text
