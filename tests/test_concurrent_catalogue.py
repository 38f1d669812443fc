"""Many people filing the same new paper, benchmark and claim at once: every request succeeds, nothing is lost.

Issue 9: 24 simultaneous portal filings naming one new benchmark answered 500 for 15 of them (IntegrityError
on the slug), and 50 API filings 409 for 15. These tests send at least 20 concurrent requests, each on its
own connection, to a live server on PostgreSQL (where writes really run in parallel; SQLite serialises them).
"""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from api.models import ApiToken
from registry import workflow
from registry.models import Benchmark, Claim, Entry, Paper, ReviewStatus
from tests.factories import ModeratorFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 24

NEW_CLAIM = {
    "paper": {"title": "A paper everyone cites at once", "doi": "10.5555/at.once"},
    "benchmark": {"name": "Concurrency Bench 2026", "task": "image classification", "modality": "image"},
    "metric": "accuracy (%)", "reported_value": 91.5, "model_name": "RaceNet", "setting": "test",
}


@pytest.fixture(autouse=True)
def postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time; the race needs PostgreSQL (CI runs this there)")
    # The point is concurrency, not rate limits.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}


def call(base: str, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json",
                 "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the test's own server
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def at_once(function, args_list) -> list:
    """Run ``function`` for every args tuple on its own thread, all released together."""
    start = threading.Barrier(len(args_list))

    def run(args):
        start.wait()
        return function(*args)

    with ThreadPoolExecutor(max_workers=len(args_list)) as pool:
        return list(pool.map(run, args_list))


def entry_body(n: int) -> dict:
    return {"title": f"Filing {n}", "summary": "The same new claim, filed at the same moment.", "result_type": "other",
            "authors": [{"name": f"Author {n}"}], "evidence": [{"claim": NEW_CLAIM, "observed_value": 80.0}]}


def test_one_researcher_filing_the_same_new_claim_from_24_connections_gets_one_of_each(live_server):
    researcher = UserFactory()
    _, token = ApiToken.issue(user=researcher, name="race")

    answers = at_once(lambda n: call(live_server.url, "POST", "/api/v1/entries/", token, entry_body(n)),
                      [(n,) for n in range(CLIENTS)])

    assert [status for status, _ in answers] == [201] * CLIENTS, answers
    assert Entry.objects.count() == CLIENTS
    assert (Paper.objects.count(), Benchmark.objects.count(), Claim.objects.count()) == (1, 1, 1)
    assert set(Entry.objects.values_list("evidence__claim", flat=True)) == {Claim.objects.get().pk}


def test_moderators_adding_the_same_claim_from_24_connections_make_one_accepted_row(live_server):
    tokens = [ApiToken.issue(user=ModeratorFactory(), name="race")[1] for _ in range(CLIENTS)]

    answers = at_once(lambda token: call(live_server.url, "POST", "/api/v1/claims/", token, NEW_CLAIM),
                      [(token,) for token in tokens])

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (CLIENTS - 1) + [201], answers
    assert {body["id"] for _, body in answers} == {Claim.objects.get().pk}
    assert Claim.objects.get().review_status == ReviewStatus.ACCEPTED
    assert (Paper.objects.count(), Benchmark.objects.count()) == (1, 1)


def test_24_researchers_naming_one_new_benchmark_all_file_and_publishing_leaves_one(live_server):
    researchers = [UserFactory() for _ in range(CLIENTS)]
    tokens = [ApiToken.issue(user=user, name="race")[1] for user in researchers]

    answers = at_once(lambda n, token: call(live_server.url, "POST", "/api/v1/entries/", token, entry_body(n)),
                      list(enumerate(tokens)))

    assert [status for status, _ in answers] == [201] * CLIENTS, answers
    # Each draft's new items are its researcher's private proposals, under distinct addresses.
    assert Benchmark.objects.filter(review_status=ReviewStatus.PROPOSED).count() == CLIENTS
    assert Benchmark.objects.values("slug").distinct().count() == CLIENTS

    for entry in Entry.objects.all():
        workflow.entry_submit(entry=entry, by=entry.owner)
    moderators = [ModeratorFactory() for _ in range(CLIENTS)]
    moderator_tokens = [ApiToken.issue(user=m, name="race")[1] for m in moderators]
    accessions = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
    published = at_once(
        lambda pk, token: call(live_server.url, "POST", f"/api/v1/entries/NR-{pk:06d}/publish/", token, {}),
        list(zip(accessions, moderator_tokens, strict=True)),
    )

    assert [status for status, _ in published] == [200] * CLIENTS, published
    accepted = Benchmark.objects.filter(review_status=ReviewStatus.ACCEPTED)
    assert accepted.count() == 1 and Claim.objects.accepted().count() == 1 and Paper.objects.accepted().count() == 1
    claim = Claim.objects.accepted().get()
    assert set(Entry.objects.values_list("evidence__claim", flat=True)) == {claim.pk}
    assert Benchmark.objects.filter(review_status=ReviewStatus.MERGED).count() == CLIENTS - 1
