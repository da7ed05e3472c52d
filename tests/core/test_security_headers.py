"""Every answer but the admin's carries a strict content security policy: only our own scripts."""

import pytest

from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/kiem-tra", "/feedback/", "/field/", "/api/v1/units/14/indicators", "/nope/"]
)
def test_pages_and_the_api_allow_only_our_own_scripts(world: World, path: str) -> None:
    response = world.client(world.province_officer).get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy
    assert response["Permissions-Policy"].startswith("geolocation=(self)")


def test_the_admin_keeps_djangos_own_headers(world: World) -> None:
    response = world.client(None).get("/admin/login/")
    assert "Content-Security-Policy" not in response


def test_the_api_docs_load_swagger_from_our_own_files(world: World) -> None:
    page = world.client(world.province_officer).get("/api/docs").content
    assert b"/static/ninja/swagger-ui-bundle.js" in page
    assert b"cdn.jsdelivr.net" not in page
