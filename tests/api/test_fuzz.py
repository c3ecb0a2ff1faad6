"""Schemathesis fuzzes every operation of the OpenAPI schema (the Co-Prod API and the v1 API).

Each operation gets ``FUZZ_EXAMPLES`` generated requests (5 by default; ``FUZZ_EXAMPLES`` in the
environment raises it), sent through the WSGI app as an authenticated producer_plus user (no rate
limit in the way). Every answer must match the schema of its operation and status, and must not be a
server error: a 500 never, another 5xx only where the operation documents it (503: billing not
configured on this machine, a dependency unreachable). Jobs are not run (their queueing waits for a commit the test never makes) and generate
requests do not wait inline, so the whole run stays within a few minutes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))


def _load_schema() -> Any:
    from coprod.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: a request through the WSGI app must not close the test's database."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_headers(db: Any, settings: Any) -> dict[str, str]:
    from accounts.services import api_key_create
    from tests.factories import UserFactory

    settings.GENERATION_INLINE_WAIT_SECONDS = 0
    user = UserFactory(subscription_tier="producer_plus")
    _, key = api_key_create(user=user, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@hypothesis_settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_operation_never_errors_and_matches_its_schema(case: Any, fuzz_headers: dict[str, str]) -> None:
    response = case.call(headers=fuzz_headers)
    documented = set(case.operation.definition.raw.get("responses", {}))
    if response.status_code >= 500 and str(response.status_code) in documented - {"500"}:
        # A documented refusal (503: billing not configured on this machine, Redis unreachable) is an
        # answer of the API, checked against its schema like any other; a 500 never is.
        case.validate_response(response, checks=[response_schema_conformance])
        return
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
