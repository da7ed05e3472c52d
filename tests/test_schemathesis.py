"""Schemathesis, a maintained OpenAPI fuzzer, against the live application on each database.

One bounded run per role (anonymous and each officer or team role, each with a bearer token):
the command-line runner reads the OpenAPI document from the live server and sends what it
generates from it, over HTTP, checking that nothing answers a server error and that every answer
is one the document declares, with the declared content type and shape.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from langso.accounts import services as accounts
from tests.clock import clock_offset
from tests.roles import World

ROLES = ["anonymous", "province_officer", "commune_officer", "leader", "member"]
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
# Each role is fuzzed once per `make test`, the officers (who reach every write) on PostgreSQL,
# the production database, and the others on SQLite: five runs of several minutes each, where
# every role on both databases made ten and most of CI's time. LANGSO_SCHEMATHESIS_ALL=1 runs
# every role on whichever database the suite uses.
OFFICERS = {"province_officer", "commune_officer"}
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
# Bounded so that the whole run (five roles, two databases) stays a few minutes of CI: a fixed
# seed makes a failure reproducible, and LANGSO_SCHEMATHESIS_EXAMPLES widens a run by hand.
EXAMPLES = os.environ.get("LANGSO_SCHEMATHESIS_EXAMPLES", "10")
SEED = "20261205"
REVOKING = [
    "langso_accounts_api_token_revoke_current",
    "langso_accounts_api_tokens_revoke_one",
    "langso_accounts_api_tokens_revoke_account",
]


def _runner() -> str:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert found is not None, "schemathesis is a dev dependency (make test installs it)"
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_finds_no_server_error_and_only_declared_answers(
    world: World, live_server: Any, role: str, tmp_path: Path, session_data_back: None
) -> None:
    if os.environ.get("LANGSO_SCHEMATHESIS_ALL") != "1":
        if ON_POSTGRES and role not in OFFICERS:
            pytest.skip("fuzzed on SQLite; the officers are fuzzed on PostgreSQL")
        if not ON_POSTGRES and (role in OFFICERS) != (clock_offset() is not None):
            pytest.skip(
                "the officers are fuzzed on PostgreSQL (or, without it, in the moved-clock run)"
            )
    command = [
        _runner(),
        "run",
        f"{live_server.url}/api/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        EXAMPLES,
        "--seed",
        SEED,
        # One worker: the runner's generation caches are not safe across threads (two workers
        # made it fail on its own, with a KeyError in its coverage phase).
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--suppress-health-check",
        "all",
        "--generation-database",
        "none",
        "--report-dir",
        str(tmp_path),
    ]
    if role != "anonymous":
        token = accounts.token_issue(user=getattr(world, role), device_name="schemathesis")
        command += ["--header", f"Authorization: Bearer {token}"]
        # Revoking would end the run's own token; these three are fuzzed anonymously, and
        # tests/accounts/test_tokens.py checks them with tokens to spare.
        for revoke in REVOKING:
            command += ["--exclude-operation-id", revoke]
    result = subprocess.run(  # noqa: S603 - our own venv's runner, fixed arguments
        command, capture_output=True, text=True, timeout=900, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
