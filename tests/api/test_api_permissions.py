"""Who may do what, over every endpoint and method, for the fixed cast.

Each row: an operation, then the status expected for the anonymous visitor, the owner of the entries,
another researcher and a moderator. 404 means "not visible to you": nobody learns a draft exists.
"""

import pytest

from tests.api.conftest import client_for
from tests.api.test_api_entries import new_entry_body

pytestmark = pytest.mark.django_db

CAST = ("anonymous", "owner", "other_researcher", "moderator")


def etag(entry) -> str:
    return f'"{entry.accession}-r{entry.revision}"'


def e(entry) -> str:
    return f"/api/v1/entries/{entry.accession}/"


# (id, method, path(world), body(world) or None, headers(world) or None, {actor: status})
TABLE = [
    ("list entries", "get", lambda w: "/api/v1/entries/", None, None, (200, 200, 200, 200)),
    ("search entries", "get", lambda w: "/api/v1/entries/?q=replicate", None, None, (200, 200, 200, 200)),
    ("file an entry", "post", lambda w: "/api/v1/entries/", lambda w: new_entry_body(), None, (401, 201, 201, 201)),
    ("read a draft", "get", lambda w: e(w["draft"]), None, None, (404, 200, 404, 404)),
    ("read a submission", "get", lambda w: e(w["submitted"]), None, None, (404, 200, 404, 200)),
    ("read a published entry", "get", lambda w: e(w["published"]), None, None, (200, 200, 200, 200)),
    ("edit a draft", "patch", lambda w: e(w["draft"]), lambda w: {"title": "T"},
     lambda w: {"HTTP_IF_MATCH": etag(w["draft"])}, (401, 200, 404, 404)),
    ("replace a draft", "put", lambda w: e(w["draft"]), lambda w: new_entry_body(),
     lambda w: {"HTTP_IF_MATCH": etag(w["draft"])}, (401, 200, 404, 404)),
    ("revise a published entry", "patch", lambda w: e(w["published"]), lambda w: {"title": "T", "change_note": "n"},
     lambda w: {"HTTP_IF_MATCH": etag(w["published"])}, (401, 200, 403, 403)),
    ("edit a submission", "patch", lambda w: e(w["submitted"]), lambda w: {"title": "T"},
     lambda w: {"HTTP_IF_MATCH": etag(w["submitted"])}, (401, 409, 404, 403)),
    ("delete a draft", "delete", lambda w: e(w["draft"]), None, None, (401, 204, 404, 404)),
    ("delete a published entry", "delete", lambda w: e(w["published"]), None, None, (401, 409, 403, 403)),
    ("submit a draft", "post", lambda w: e(w["draft"]) + "submit/", None, None, (401, 200, 404, 404)),
    ("publish a submission", "post", lambda w: e(w["submitted"]) + "publish/", None, None, (401, 403, 404, 200)),
    ("return a submission", "post", lambda w: e(w["submitted"]) + "reject/", lambda w: {"reason": "r"}, None,
     (401, 403, 404, 200)),
    ("withdraw a published entry", "post", lambda w: e(w["published"]) + "withdraw/", lambda w: {"reason": "r"},
     None, (401, 200, 403, 200)),
    ("confirm a published entry", "post", lambda w: e(w["published"]) + "confirm/", lambda w: {}, None,
     (401, 403, 201, 201)),
    ("list versions", "get", lambda w: e(w["published"]) + "versions/", None, None, (200, 200, 200, 200)),
    ("read a version", "get", lambda w: e(w["published"]) + "versions/1/", None, None, (200, 200, 200, 200)),
    ("versions of a draft", "get", lambda w: e(w["draft"]) + "versions/", None, None, (404, 200, 404, 404)),
    ("cite a published entry", "get", lambda w: e(w["published"]) + "citation/?style=ris", None, None,
     (200, 200, 200, 200)),
    ("cite a draft", "get", lambda w: e(w["draft"]) + "citation/", None, None, (404, 409, 404, 404)),
    ("list claims", "get", lambda w: "/api/v1/claims/", None, None, (200, 200, 200, 200)),
    ("read a claim", "get", lambda w: f"/api/v1/claims/{w['claim'].pk}/", None, None, (200, 200, 200, 200)),
    ("add a claim", "post", lambda w: "/api/v1/claims/", lambda w: {
        "paper": {"title": "New paper", "doi": "10.5555/new"}, "benchmark": {"name": "New bench"},
        "metric": "F1", "reported_value": 90.0}, None, (401, 201, 201, 201)),
    ("change a claim", "patch", lambda w: f"/api/v1/claims/{w['claim'].pk}/", lambda w: {"location": "Table 9"},
     None, (401, 403, 403, 200)),
    ("list papers", "get", lambda w: "/api/v1/papers/", None, None, (200, 200, 200, 200)),
    ("read a paper", "get", lambda w: f"/api/v1/papers/{w['claim'].paper_id}/", None, None, (200, 200, 200, 200)),
    ("add a paper", "post", lambda w: "/api/v1/papers/", lambda w: {"title": "Fresh", "arxiv_id": "2101.00001"},
     None, (401, 201, 201, 201)),
    ("change a paper", "patch", lambda w: f"/api/v1/papers/{w['claim'].paper_id}/", lambda w: {"venue": "ICML"},
     None, (401, 403, 403, 200)),
    ("list benchmarks", "get", lambda w: "/api/v1/benchmarks/", None, None, (200, 200, 200, 200)),
    ("read a benchmark", "get", lambda w: f"/api/v1/benchmarks/{w['claim'].benchmark.slug}/", None, None,
     (200, 200, 200, 200)),
    ("add a benchmark", "post", lambda w: "/api/v1/benchmarks/", lambda w: {"name": "Brand new", "task": "QA"},
     None, (401, 201, 201, 201)),
    ("change a benchmark", "patch", lambda w: f"/api/v1/benchmarks/{w['claim'].benchmark.slug}/",
     lambda w: {"task": "retrieval"}, None, (401, 403, 403, 200)),
    ("look up by GET", "get", lambda w: f"/api/v1/lookup/?id={w['claim'].paper.arxiv_id}", None, None,
     (200, 200, 200, 200)),
    ("look up by POST", "post", lambda w: "/api/v1/lookup/", lambda w: {"ids": [w["claim"].paper.arxiv_id]}, None,
     (200, 200, 200, 200)),
    ("export", "get", lambda w: "/api/v1/export/", None, None, (200, 200, 200, 200)),
    ("schema", "get", lambda w: "/api/schema/", None, None, (200, 200, 200, 200)),
]


@pytest.mark.parametrize("actor", CAST)
@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "expected"), [row[1:] for row in TABLE], ids=[row[0] for row in TABLE]
)
def test_who_may_do_what(request, actor, method, path, body, headers, expected, draft, submitted, published):
    world = {"draft": draft, "submitted": submitted, "published": published,
             "claim": published.evidence.get().claim}
    user = request.getfixturevalue(actor)
    client = client_for(user)
    kwargs = {"format": "json"} if body is not None else {}
    if body is not None:
        kwargs["data"] = body(world)
    response = getattr(client, method)(path(world), **kwargs, **(headers(world) if headers else {}))
    assert response.status_code == expected[CAST.index(actor)], getattr(response, "data", response)


def test_an_invalid_token_is_refused_even_for_reads(db):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nrr_not-a-real-key")

    response = client.get("/api/v1/entries/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
