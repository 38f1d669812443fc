"""Keyset cursors: stable under inserts and deletes, ``previous`` leads back, tampered cursors are 404s."""

import base64
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.pagination import MAX_CURSOR_LENGTH
from registry import workflow
from registry.models import Entry
from tests.api.test_api_entries import ENTRIES
from tests.factories import BenchmarkFactory, ClaimFactory, PaperFactory, UserFactory, make_draft, make_published

pytestmark = pytest.mark.django_db

ORDERINGS = [
    {"ordering": "newest"}, {"ordering": "oldest"}, {"ordering": "most_confirmed"},
    {"q": "replicate", "ordering": "relevance"}, {"q": "replicate"}, {},
]


def walk(client, path, params):
    """Every page from the first through the ``next`` links: a list of (body, result keys)."""
    pages, url, query = [], path, params
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append(body)
        url, query = body["next"], None
        assert len(pages) < 100
    return pages


def keys_of(body, key="accession"):
    return [row[key] for row in body["results"]]


def cursor_of(url: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(url).query)["cursor"][0]


def raw_cursor(payload) -> str:
    text = payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


def unpack(cursor: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


@pytest.fixture
def seven(owner, moderator):
    """Seven published entries; confirmations tie three of them; publication dates tie in pairs."""
    entries = [make_published(owner, moderator, title=f"Gain {i} does not replicate") for i in range(7)]
    reader = UserFactory()
    for entry in entries[2:5]:
        workflow.entry_confirm(entry=entry, by=reader)
    # Equal publication dates, so the primary key has to break the ties.
    base = timezone.now() - timedelta(days=1)
    for i, entry in enumerate(entries):
        Entry.objects.filter(pk=entry.pk).update(published_at=base + timedelta(minutes=i // 2))
    return entries


@pytest.mark.parametrize("params", ORDERINGS)
@pytest.mark.parametrize("page_size", [1, 2, 3])
def test_every_ordering_pages_through_ties_once_and_previous_leads_back(api, seven, params, page_size):
    client = api(None)
    pages = walk(client, ENTRIES, {**params, "page_size": page_size})
    seen = [key for page in pages for key in keys_of(page)]
    assert sorted(seen) == sorted(e.accession for e in seven)
    assert len(pages) == -(-7 // page_size)
    assert pages[0]["previous"] is None and pages[-1]["next"] is None

    # Back from the last page, one page at a time, to exactly the same pages.
    body = pages[-1]
    for expected in reversed(pages[:-1]):
        assert body["previous"] is not None
        body = client.get(body["previous"]).json()
        assert keys_of(body) == keys_of(expected)
    assert body["previous"] is None
    # And forward again from a page reached through `previous`.
    assert keys_of(client.get(body["next"]).json()) == keys_of(pages[1])


@pytest.mark.parametrize("params", [{"ordering": "newest"}, {"ordering": "oldest"}, {"ordering": "most_confirmed"}])
def test_drafts_without_a_publication_date_page_through_with_the_nulls(api, owner, moderator, seven, params):
    drafts = [make_draft(owner, title=f"Draft {i}") for i in range(3)]
    expected = sorted([e.accession for e in seven] + [d.accession for d in drafts])
    client = api(owner)
    for page_size in (1, 2, 4):
        pages = walk(client, ENTRIES, {**params, "page_size": page_size})
        seen = [key for page in pages for key in keys_of(page)]
        assert sorted(seen) == expected
        # NULL publication dates come last in both directions of the date.
        assert set(seen[-3:]) == {d.accession for d in drafts}  # NULL dates last (and never confirmed)
        body = pages[-1]
        for page in reversed(pages[:-1]):
            body = client.get(body["previous"]).json()
            assert keys_of(body) == keys_of(page)


def test_an_entry_published_between_two_pages_neither_repeats_nor_skips_a_row(api, owner, moderator):
    original = [make_published(owner, moderator, title=f"Original {i}") for i in range(6)]
    client = api(None)
    first = client.get(ENTRIES, {"ordering": "newest", "page_size": 2}).json()

    newcomer = make_published(owner, moderator, title="Published in between")
    rest = walk(client, first["next"], None)

    seen = keys_of(first) + [key for page in rest for key in keys_of(page)]
    assert seen == [e.accession for e in reversed(original)]  # every original row once, in order
    assert newcomer.accession not in seen  # it is newer than the cursor: on page 1 if reloaded
    back = client.get(rest[0]["previous"]).json()
    assert keys_of(back) == keys_of(first)
    assert keys_of(client.get(back["previous"]).json()) == [newcomer.accession]


def test_an_entry_published_between_two_pages_of_oldest_comes_at_the_end(api, owner, moderator):
    original = [make_published(owner, moderator, title=f"Original {i}") for i in range(5)]
    client = api(None)
    first = client.get(ENTRIES, {"ordering": "oldest", "page_size": 2}).json()
    newcomer = make_published(owner, moderator, title="Published in between")
    rest = walk(client, first["next"], None)
    seen = keys_of(first) + [key for page in rest for key in keys_of(page)]
    assert seen == [e.accession for e in original] + [newcomer.accession]


@pytest.mark.parametrize("ordering", ["newest", "oldest", "most_confirmed"])
def test_withdrawing_the_boundary_row_between_pages_still_yields_the_rest_once(api, owner, moderator, ordering):
    entries = [make_published(owner, moderator, title=f"Entry {i}") for i in range(6)]
    client = api(None)
    first = client.get(ENTRIES, {"ordering": ordering, "page_size": 2}).json()
    boundary = Entry.objects.by_accession(keys_of(first)[-1]).get()

    workflow.entry_withdraw(entry=boundary, by=owner, reason="The analysis had a bug.")
    rest = walk(client, first["next"], None)

    later = [key for page in rest for key in keys_of(page)]
    assert len(later) == len(set(later)) == 4
    assert set(keys_of(first)) | set(later) == {e.accession for e in entries}
    assert boundary.accession not in later


def test_deleting_the_boundary_draft_between_pages_still_yields_the_rest_once(api, owner, moderator):
    published = [make_published(owner, moderator, title=f"Entry {i}") for i in range(2)]
    drafts = [make_draft(owner, title=f"Draft {i}") for i in range(4)]
    client = api(owner)
    pages = [client.get(ENTRIES, {"ordering": "newest", "page_size": 3}).json()]
    assert keys_of(pages[0]) == [published[1].accession, published[0].accession, drafts[3].accession]

    workflow.entry_delete(entry=drafts[3], by=owner)  # the last row of the page, a NULL publication date
    rest = walk(client, pages[0]["next"], None)

    assert [key for page in rest for key in keys_of(page)] == [d.accession for d in reversed(drafts[:3])]


def test_equal_relevance_ranks_tie_break_exactly_on_both_engines(api, owner, moderator):
    # Same text, so the same rank (a float4 on PostgreSQL, a bm25 double on SQLite) for all five.
    same = [make_published(owner, moderator, title="Dropout gains do not replicate") for _ in range(5)]
    better = make_published(owner, moderator, title="Replicate replicate: the replication does not replicate")
    client = api(None)
    pages = walk(client, ENTRIES, {"q": "replicate", "page_size": 1})
    seen = [key for page in pages for key in keys_of(page)]
    assert seen[0] == better.accession
    assert seen[1:] == [e.accession for e in reversed(same)]  # then newest first among equals
    assert len({unpack(cursor_of(page["next"]))["v"][0] for page in pages[1:-1]}) == 1


def test_a_cursor_page_runs_as_many_queries_as_the_first(api, seven):
    client = api(None)
    for params in ORDERINGS:
        query = {**params, "page_size": 2}
        client.get(ENTRIES, query)
        with CaptureQueriesContext(connection) as first_page:
            first = client.get(ENTRIES, query).json()
        with CaptureQueriesContext(connection) as next_page:
            second = client.get(first["next"]).json()
        with CaptureQueriesContext(connection) as previous_page:
            client.get(second["previous"])
        assert len(first_page) == len(next_page) == len(previous_page), params
        assert not any("__count" in q["sql"] for q in next_page.captured_queries)  # no .count()


# --------------------------------------------------------------------------- cursors we did not make


@pytest.fixture
def real_cursor(api, seven):
    first = api(None).get(ENTRIES, {"ordering": "newest", "page_size": 2}).json()
    return cursor_of(first["next"])


def _tampered(cursor: str) -> list[str]:
    payload = unpack(cursor)
    when, pk = payload["v"]
    changed = [
        {**payload, "v": [when]},  # too few values for the ordering
        {**payload, "v": [when, pk, pk]},  # too many
        {**payload, "v": [pk, when]},  # wrong types
        {**payload, "v": [when, str(pk)]},
        {**payload, "v": [when, True]},
        {**payload, "v": [when, 1.5]},
        {**payload, "v": [when, None]},  # the primary key is never NULL
        {**payload, "v": [when, 2**70]},  # out of any integer column's range
        {**payload, "v": [when, -(2**63)]},
        {**payload, "v": ["2024-01-01T00:00:00", pk]},  # naive datetime
        {**payload, "v": ["0001-01-01T00:00:00+05:00", pk]},  # before year 1 in UTC
        {**payload, "v": ["9999-12-31T23:59:59-05:00", pk]},  # after year 9999 in UTC
        {**payload, "v": ["not a date", pk]},
        {**payload, "v": ["2024-01-01T00:00:00\x00+00:00", pk]},
        {**payload, "v": [{"a": 1}, pk]},
        {**payload, "v": "nope"},
        {**payload, "d": "x"},
        {**payload, "o": "00000000"},  # made for another ordering
        {"d": "n", "v": payload["v"]},
        {**payload, "extra": 1},
        [payload],
        {**payload, "v": [when, pk], "d": None},
    ]
    texts = [
        "null", "[]", "42", '"x"', "{", "\x00", '{"d":"n","o":"x","v":[NaN,1]}',
        '{"d":"n","o":"' + payload["o"] + '","v":[Infinity,1]}',
        '{"d":"n","o":"' + payload["o"] + '","v":["\\ud800",1]}',
        '{"d":"n","o":"' + payload["o"] + '","v":["\\u0000",1]}',
        "[" * 760 + "]" * 760,
        "o=-1", "o=5",  # the old offset cursors
    ]
    return [raw_cursor(p) for p in changed] + [raw_cursor(t) for t in texts]


def test_tampered_cursors_are_404s_never_500s(api, real_cursor):
    client = api(None)
    assert client.get(ENTRIES, {"ordering": "newest", "page_size": 2, "cursor": real_cursor}).status_code == 200
    garbage = [
        "%%%", "bz0tMQ", "!!!!", "a", "a===", "abc=", "AAAA" * (MAX_CURSOR_LENGTH // 4 + 1), "x" * 100_000,
        real_cursor + "A", real_cursor[:-3], "\x00", real_cursor + "\x00", "é" * 10,
        base64.b64encode(b"\xff\xfe").decode(), raw_cursor("\udcff"),
    ]
    for cursor in garbage + _tampered(real_cursor):
        response = client.get(ENTRIES, {"ordering": "newest", "page_size": 2, "cursor": cursor})
        assert response.status_code == 404, (cursor, response.content)
        assert response.json()["code"] == "not_found"


def test_a_cursor_of_one_ordering_is_a_404_under_another(api, real_cursor):
    client = api(None)
    for params in ({"ordering": "oldest"}, {"ordering": "most_confirmed"}, {"q": "replicate"}):
        assert client.get(ENTRIES, {**params, "cursor": real_cursor}).status_code == 404
    assert client.get("/api/v1/claims/", {"cursor": real_cursor}).status_code == 404


def test_a_schema_valid_cursor_of_the_longest_length_is_a_404(api, db):
    response = api(None).get(ENTRIES, {"cursor": "A" * MAX_CURSOR_LENGTH})
    assert response.status_code == 404


# --------------------------------------------------------------------------- the catalogue lists


@pytest.mark.parametrize("path,make,key", [
    ("/api/v1/papers/", lambda i: PaperFactory(), "id"),
    ("/api/v1/claims/", lambda i: ClaimFactory(), "id"),
    ("/api/v1/benchmarks/", lambda i: BenchmarkFactory(name=f"Bench {'zyxwvutsr'[i]} {'😀' * 190}"), "slug"),
])
def test_catalogue_lists_page_forward_and_back(api, db, path, make, key):
    for i in range(9):
        make(i)
    client = api(None)
    everything = client.get(path, {"page_size": 100}).json()
    assert everything["next"] is None and len(everything["results"]) == 9
    expected = keys_of(everything, key)

    pages = walk(client, path, {"page_size": 2})
    assert [k for page in pages for k in keys_of(page, key)] == expected
    assert len(pages) == 5
    body = pages[-1]
    for page in reversed(pages[:-1]):
        body = client.get(body["previous"]).json()
        assert keys_of(body, key) == keys_of(page, key)
    assert body["previous"] is None
    assert all(len(cursor_of(p["next"])) <= MAX_CURSOR_LENGTH for p in pages[:-1])


def test_benchmarks_page_in_name_order_with_a_row_added_between_pages(api, db):
    for name in ("Alpha", "Charlie", "Echo", "Golf"):
        BenchmarkFactory(name=name)
    client = api(None)
    first = client.get("/api/v1/benchmarks/", {"page_size": 2}).json()
    assert [b["name"] for b in first["results"]] == ["Alpha", "Charlie"]
    BenchmarkFactory(name="Bravo")  # before the cursor: not seen now
    BenchmarkFactory(name="Delta")  # after it: seen
    rest = walk(client, first["next"], None)
    assert [b["name"] for page in rest for b in page["results"]] == ["Delta", "Echo", "Golf"]
