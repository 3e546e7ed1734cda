"""Fuzz the API from its own OpenAPI description, in process (no server), against the demo.

Run by .ci/run against the demo database it has just loaded, without pytest-django (no test
database: this reads the one given):

    DEBUG=1 DATABASE_URL=postgres://... python -m pytest .ci/api_fuzz.py -p no:django --noconftest

See docs/operators.md. Schemathesis reads
the description from /api/schema/ (as the demo lead officer, with a personal access token) and,
for every operation it lists, sends requests it makes up from the description, through Django's
WSGI application: the operations are found in the description, so an endpoint added later is
fuzzed too. Each answer must

- not be a server error (5xx);
- be one the description declares (status code, content type, headers), and match its schema;

and an operation of a partnership is asked for the demo partnership (Glenmoray, `demo`), which the lead
officer belongs to, with a partnership token; an operation of the national view (under
/api/national/) with a national token. Made-up path values of other kinds (an indicator's code,
a record's number) mostly answer 404, which the description declares for every operation;
`path.code` is the demo's shared indicator, so the funnel is exercised with figures.

FUZZ_EXAMPLES sets the examples per operation (default 25); the run stays under two minutes.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
# Errors answered as in production (with DEBUG on, Django would answer a 404 with its own page).
os.environ["DEBUG"] = "0"
django.setup()

import pytest  # noqa: E402
import schemathesis  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance  # noqa: E402

from learnloop.loop.demo.specs import DEMO_SLUG  # noqa: E402

DEMO_LEAD = "lead@demo.learnloop.test"
NATIONAL_PREFIX = "/api/national/"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


def _demo_tokens() -> tuple[dict[str, str], list[Any]]:
    """The demo (loaded if it is not there yet); a partnership token and a national token of its
    lead officer's."""
    from learnloop.accounts.models import Membership
    from learnloop.national.selectors import shared_indicators
    from learnloop.partnership.models import Partnership
    from learnloop.tokens import services

    if not Partnership.objects.filter(slug=DEMO_SLUG).exists():
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", verbosity=0, stdout=quiet)
    m = Membership.objects.get(user__email=DEMO_LEAD, partnership__slug=DEMO_SLUG)
    expires = datetime.date.today() + datetime.timedelta(days=1)
    partnership_token, partnership = services.token_create(membership=m, name="API fuzzing", expires_on=expires)
    national_token, national = services.national_token_create(user=m.user, name="API fuzzing", expires_on=expires)
    code = shared_indicators()[0].code
    return {"partnership": partnership, "national": national, "code": code}, [partnership_token, national_token]


# Loaded as the module is collected, so that pytest makes one test per operation in the description.
SECRETS, TOKENS = _demo_tokens()
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    get_wsgi_application(),
    headers={"Authorization": f"Bearer {SECRETS['partnership']}"},
)
schema.config.update(parameters={"path.slug": DEMO_SLUG, "path.code": SECRETS["code"]})


@pytest.fixture(scope="module", autouse=True)
def _revoke_the_tokens_after() -> Iterator[None]:
    yield
    from learnloop.tokens import services

    for token in TOKENS:
        services.token_revoke(token, by=token.user)


# Two of schemathesis's checks judge how strict the API is about what it is sent, not whether it
# answers as described, and the API is deliberately not strict in those two ways:
# - a value the schema's types allow but the data does not (an agency number that is not one of
#   the partnership's) is refused with a 400 naming the filter, which the description declares;
#   `positive_data_acceptance` would count that as a failure;
# - a `page_size` that is not a number is ignored and the default used, as Django REST
#   framework's pagination does; `negative_data_rejection` would want a 400.
# Every answer, to made-up and to wrong requests alike, must still be no 5xx and as described.
LENIENT = [positive_data_acceptance, negative_data_rejection]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_described(case: Any) -> None:
    scope = "national" if case.path.startswith(NATIONAL_PREFIX) else "partnership"
    case.call_and_validate(headers={"Authorization": f"Bearer {SECRETS[scope]}"}, excluded_checks=LENIENT)
