"""Static files and API answers travel compressed; hashed files are cached for a year; pages
with the CSRF token are never compressed (BREACH); the field app's service worker is never
cached."""

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from langso.core.delivery import YEAR
from tests.roles import World

SHORT = "max-age=60, public"
FOREVER = f"max-age={YEAR}, public, immutable"


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """``collectstatic`` as ``make run`` does it, into a folder of this module's own, with the
    project's storage; yields the manifest (plain name → hashed name)."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "langso.core.delivery.StaticStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        # The admin's and the API documentation's files are not what is tested here.
        call_command("collectstatic", "--noinput", verbosity=0, ignore_patterns=["admin", "ninja"])
        manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
        yield manifest


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_collected_files_carry_their_hash_and_a_gzip_copy(
    collected: dict[str, str],
) -> None:
    hashed = collected["field/app.js"]
    assert hashed.startswith("field/app.") and hashed.endswith(".js") and hashed != "field/app.js"
    root = Path(settings.STATIC_ROOT)
    source = (Path(settings.BASE_DIR) / "static" / "field" / "app.js").read_bytes()
    assert (root / hashed).read_bytes() == source
    assert gzip.decompress((root / f"{hashed}.gz").read_bytes()) == source


def test_a_hashed_file_is_served_compressed_and_cached_for_a_year(
    collected: dict[str, str],
) -> None:
    response = Client().get(f"/static/{collected['field/app.js']}", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == FOREVER
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    source = (Path(settings.BASE_DIR) / "static" / "field" / "app.js").read_bytes()
    compressed = body(response)
    assert gzip.decompress(compressed) == source
    assert len(compressed) < len(source) / 2


def test_a_browser_that_takes_no_gzip_gets_the_plain_file(collected: dict[str, str]) -> None:
    response = Client().get(f"/static/{collected['core/app.css']}")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert body(response).startswith(b"/*") or b"{" in body(response)


def test_a_plain_name_is_served_but_cached_for_a_minute_only(collected: dict[str, str]) -> None:
    response = Client().get("/static/field/app.js", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == SHORT


def test_pages_and_the_service_worker_name_the_hashed_files(
    collected: dict[str, str], db: None
) -> None:
    shell = Client().get("/field/")
    assert f"/static/{collected['field/app.js']}" in shell.content.decode()
    worker = Client().get("/field/sw.js")
    assert f"/static/{collected['field/app.js']}" in worker.content.decode()
    assert f"/static/{collected['field/app.css']}" in worker.content.decode()


def test_the_service_worker_is_never_kept_in_a_cache(db: None) -> None:
    """A new version must reach phones at once: the browser asks the server each time."""
    response = Client().get("/field/sw.js", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "immutable" not in cache_control
    assert "max-age" not in cache_control or "max-age=0" in cache_control


def test_api_json_is_gzipped_for_clients_that_take_it(db: None) -> None:
    response = Client().get("/api/openapi.json", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    document = json.loads(gzip.decompress(response.content))
    assert "paths" in document
    assert len(response.content) < len(json.dumps(document)) / 3


def test_api_json_stays_plain_for_clients_that_do_not(db: None) -> None:
    response = Client().get("/api/openapi.json")
    assert not response.has_header("Content-Encoding")
    assert "paths" in response.json()


def test_html_pages_with_a_csrf_token_are_never_compressed(db: None) -> None:
    """BREACH: a page that holds the CSRF token and echoes the query is sent as it is."""
    response = Client().get(
        "/kiem-tra?q=" + "csrfmiddlewaretoken" * 20, HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_an_answer_about_the_callers_own_units_is_gzipped(world: World) -> None:
    client = world.client(world.commune_officer)
    response = client.get("/api/v1/units/03721/coverage", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["unit"] == "03721"
