"""Nothing a client sends yields a 500: every kind of bad input gets a JSON 4xx that says what is wrong."""

import pytest
from rest_framework.test import APIClient

from tests.api.test_api_entries import ENTRIES, new_entry_body
from tests.test_settings import load_settings

pytestmark = pytest.mark.django_db


def raw_post(client, path, payload: bytes, content_type="application/json"):
    return client.generic("POST", path, payload, content_type=content_type)


@pytest.mark.parametrize("payload", [
    b"{", b"", b"[]", b'"text"', b"null", b"42", b"{\"title\": NaN}", b"{\"title\": Infinity}",
    b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b"{\"runs\": " + b"9" * 5000 + b"}",
])
def test_malformed_json_is_a_400_with_a_json_error(api, owner, payload):
    response = raw_post(api(owner), ENTRIES, payload)

    assert response.status_code == 400, payload[:40]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize(("field", "value"), [
    ("title", 5), ("title", ["list"]), ("title", {"a": 1}), ("title", None), ("title", "x" * 301),
    ("runs", "5"), ("runs", 2.5), ("runs", True), ("runs", 10**30), ("runs", -1),
    ("compute_gpu_hours", "1.5"), ("compute_gpu_hours", -3.0),
    ("anonymous", "yes"), ("anonymous", 1), ("keywords", "a,b"), ("keywords", [1, 2]),
    ("authors", {"name": "A"}), ("authors", ["A"]), ("evidence", [{"claim": "12"}]),
    ("evidence", [{"claim": True}]), ("evidence", [{"claim": 10**20}]), ("evidence", [{"claim": -4}]),
    ("evidence", [{"claim": {"paper": {}, "benchmark": {"name": "B"}, "metric": "m"}}]),
    ("evidence", [{"claim": {"paper": {"doi": "nonsense"}, "benchmark": {"name": "B"}, "metric": "m"}}]),
    ("evidence", [{"claim": 1, "observed_value": "NaN"}]), ("code_url", "javascript:alert(1)"),
    ("title", "nul\x00byte"), ("keywords", ["nul\x00byte"]), ("result_type", "\x00"),
])
def test_wrong_types_and_out_of_range_values_are_field_errors(api, owner, field, value):
    body = new_entry_body(**{field: value})

    response = api(owner).post(ENTRIES, body, format="json")

    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]


def test_a_number_too_large_for_a_float_is_refused(api, owner):
    payload = b'{"title": "T", "summary": "S", "result_type": "other", "compute_gpu_hours": 1e999}'

    response = raw_post(api(owner), ENTRIES, payload)

    assert response.status_code == 400
    assert response.json()["errors"]["compute_gpu_hours"] == ["Enter a finite number."]


def test_nul_bytes_inside_an_inline_claim_are_refused(api, owner):
    spec = {"paper": {"title": "A\x00B"}, "benchmark": {"name": "B\x00"}, "metric": "m\x00"}

    response = api(owner).post(ENTRIES, new_entry_body(evidence=[{"claim": spec}]), format="json")

    assert response.status_code == 400


@pytest.mark.parametrize("query", [
    "q=%00", "q=a%00b", "task=%00", "venue=%00", "benchmark=%00", "paper=%00", "year=99999999999999999999",
    "year=%00", "cursor=%00", "page_size=%00", "q=" + "x" * 5000, "ordering=%00", "code_available=maybe",
    "q=%22unbalanced", "q=-", "q=c%2B%2B", "q=foo%20AND", "q=%F0%9F%98%80",
])
def test_odd_query_parameters_never_break_the_list(api, published, query):
    response = api(None).get(f"{ENTRIES}?{query}")

    assert response.status_code in (200, 400, 404), (query, response.status_code)
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("path", [
    "/api/v1/papers/?doi=%00", "/api/v1/papers/?arxiv=x" + "1" * 3000, "/api/v1/lookup/?id=%00",
    "/api/v1/lookup/?id=", "/api/v1/claims/99999999999999999999999/", "/api/v1/papers/abc/",
    "/api/v1/benchmarks/%00/", "/api/v1/entries/%00/", "/api/v1/entries/NR-99999999999999999999/",
    "/api/v1/entries/nr-1/", "/api/v1/entries/NR-000001/versions/999999999/",
    "/api/v1/entries/NR-000001/citation/?style=%00",
])
def test_odd_ids_and_parameters_elsewhere_are_client_errors(api, published, path):
    response = api(None).get(path)

    assert 200 <= response.status_code < 500, (path, response.status_code)


def test_a_body_over_the_limit_is_a_413(api, owner, settings):
    settings.API_MAX_BODY_BYTES = 2048

    response = api(owner).post(ENTRIES, new_entry_body(body="x" * 5000), format="json")

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_form_encoded_body_is_a_415(api, owner):
    response = api(owner).post(ENTRIES, {"title": "T"})

    assert response.status_code == 415


def test_a_lookup_with_wrong_types_is_a_400(api, db):
    client = APIClient()
    for body in ({"ids": "1902.10811"}, {"ids": [1, 2]}, {"ids": [None]}, {}, {"ids": ["x"], "more": 1}):
        assert client.post("/api/v1/lookup/", body, format="json").status_code == 400, body


def test_throttled_callers_get_429_with_retry_after(api, owner, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "3/min"})
    anonymous, signed_in = api(None), api(owner)

    anonymous_codes = [anonymous.get(ENTRIES).status_code for _ in range(3)]
    signed_in_codes = [signed_in.get(ENTRIES).status_code for _ in range(4)]

    assert anonymous_codes == [200, 200, 429]
    assert signed_in_codes == [200, 200, 200, 429]
    response = anonymous.get(ENTRIES)
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"


def test_throttle_rates_come_from_the_environment_strictly():
    result = load_settings(DEBUG="1", API_THROTTLE_ANON_PER_MINUTE="lots")

    assert result.returncode != 0
    assert "API_THROTTLE_ANON_PER_MINUTE" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["year=", "code_available=", "year=%20", "year=&year="])
def test_a_blank_typed_filter_is_refused_on_the_api(client, query):
    response = client.get(f"/api/v1/entries/?{query}")
    assert response.status_code == 400
    assert set(response.json()["errors"]) <= {"year", "code_available"}


@pytest.mark.django_db
def test_a_blank_typed_filter_still_means_any_on_the_search_page(client, published):
    response = client.get("/search/?year=&code_available=")
    assert response.status_code == 200 and published.title in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["%e|©gf´", "%(x)s", "100%", "%%"])
def test_a_percent_sign_in_a_bad_paper_filter_is_a_400_that_quotes_it(client, value):
    from urllib.parse import quote

    response = client.get(f"/api/v1/entries/?paper={quote(value)}")
    assert response.status_code == 400
    assert value in response.json()["errors"]["paper"][0]
