"""Request limits count the real client, atomically: the API's throttles and the portal's costly pages.

Rates are per day in these tests and the clock is fixed mid-window, so no window ends while a test runs.
"""

from __future__ import annotations

import json
import random
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import connections
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from api import throttling as api_throttling
from api.models import ApiToken
from registry import throttling
from registry.throttling import client_ident, client_ip, count_request
from tests.api.test_api_robustness import load_settings

ENTRIES = "/api/v1/entries/"
NOON = 86_400 * 20_000 + 43_200.0  # noon UTC: 43 200 s before the day's window ends


def random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


@pytest.fixture
def rates(monkeypatch):
    """``rates(anon=..., user=...)``: per-day API limits, with the throttles' clock fixed at NOON."""
    monkeypatch.setattr(api_throttling._AtomicRateThrottle, "timer", staticmethod(lambda: NOON))

    def set_rates(anon=1000, user=1000):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": f"{anon}/day", "user": f"{user}/day"})

    set_rates()
    return set_rates


# --------------------------------------------------------------------------- the API: who is counted


@pytest.mark.django_db
def test_a_random_x_forwarded_for_does_not_get_past_an_exhausted_anonymous_limit(rates):
    rates(anon=5)
    client = APIClient()
    assert [client.get(ENTRIES).status_code for _ in range(5)] == [200] * 5

    responses = [client.get(ENTRIES, HTTP_X_FORWARDED_FOR=random_address()) for _ in range(80)]

    assert [r.status_code for r in responses] == [429] * 80
    assert {r["Retry-After"] for r in responses} == {"43200"}
    assert responses[0].json()["code"] == "throttled"


@pytest.mark.django_db
def test_nor_does_a_forged_first_entry_behind_one_trusted_proxy(rates, settings):
    settings.TRUSTED_PROXIES = 1
    rates(anon=5)
    client = APIClient(REMOTE_ADDR="10.0.0.2")  # the proxy
    real = "198.51.100.7"
    assert [client.get(ENTRIES, HTTP_X_FORWARDED_FOR=real).status_code for _ in range(5)] == [200] * 5

    forged = [client.get(ENTRIES, HTTP_X_FORWARDED_FOR=f"{random_address()}, {real}") for _ in range(80)]

    assert {r.status_code for r in forged} == {429}
    # Another client behind the same proxy has a count of its own.
    assert client.get(ENTRIES, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200


@pytest.mark.django_db
def test_without_trusted_proxies_everyone_behind_one_address_shares_its_count(rates):
    rates(anon=3)
    codes = [APIClient().get(ENTRIES, HTTP_X_FORWARDED_FOR=random_address()).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.mark.django_db
def test_signed_in_callers_are_counted_by_account_whatever_their_address(api, owner, other_researcher, rates):
    rates(anon=1, user=3)
    mine = api(owner)
    codes = [mine.get(ENTRIES, REMOTE_ADDR=random_address()).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert api(other_researcher).get(ENTRIES).status_code == 200


@pytest.mark.django_db
def test_retry_after_says_when_the_window_ends(rates, monkeypatch):
    monkeypatch.setattr(api_throttling._AtomicRateThrottle, "timer", staticmethod(lambda: NOON + 43_200 - 12.5))
    rates(anon=1)
    client = APIClient()
    client.get(ENTRIES)
    assert client.get(ENTRIES)["Retry-After"] == "13"


# --------------------------------------------------------------------------- the client address


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    (0, "192.0.2.1", "203.0.113.5", "192.0.2.1"),
    (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
    (1, "10.0.0.2", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
    (2, "10.0.0.3", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
    (1, "10.0.0.2", None, "10.0.0.2"),
    (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
    (1, "10.0.0.2", "203.0.113.5:4711", "203.0.113.5"),
    (1, "10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
    (0, "::ffff:192.0.2.1", None, "192.0.2.1"),
    (0, "", None, None),
])
def test_the_client_address_follows_trusted_proxies(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_ip(request_from(remote, forwarded)) == expected


def test_an_ipv6_client_is_counted_by_its_64_network(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ident(request_from("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert client_ident(request_from("2001:db8:1:2:ffff::9")) == "2001:db8:1:2::/64"
    assert client_ident(request_from("192.0.2.1")) == "192.0.2.1"


def test_sign_in_lockouts_use_the_same_client_address():
    from axes.helpers import get_client_ip_address
    from django.conf import settings

    assert settings.AXES_CLIENT_IP_CALLABLE == "registry.throttling.client_ip"
    with override_settings(TRUSTED_PROXIES=1):
        assert get_client_ip_address(request_from("10.0.0.2", "6.6.6.6, 203.0.113.5")) == "203.0.113.5"


# --------------------------------------------------------------------------- atomic counting


def hammer(backend, *, threads: int, limit: int, scope: str) -> list[bool]:
    """``threads`` requests at once against one ``limit``: which were allowed."""
    start = threading.Barrier(threads)

    def one(_):
        try:
            start.wait()
            return count_request(scope, "addr:192.0.2.1", f"{limit}/day", cache=caches[backend], now=NOON).allowed
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, range(threads)))


def test_concurrent_requests_never_overshoot_in_the_memory_cache():
    cache.clear()
    allowed = hammer("default", threads=50, limit=17, scope="locmem-race")
    assert allowed.count(True) == 17


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_overshoot_in_the_database_cache():
    cache_settings = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                      "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                 "LOCATION": "nrr_throttle_test_cache"}}
    with override_settings(CACHES=cache_settings):
        call_command("createcachetable", "nrr_throttle_test_cache", verbosity=0)
        allowed = hammer("shared", threads=24, limit=9, scope="db-race")
        later = [count_request("db-race", "addr:192.0.2.1", "9/day", cache=caches["shared"], now=NOON).allowed
                 for _ in range(12)]
        caches["shared"].clear()
    if connections["default"].vendor == "postgresql":
        assert allowed.count(True) == 9 and later == [False] * 12
    else:
        # SQLite's shared in-memory test database answers a concurrent writer "table is locked" at once (a file
        # database waits): a slot that could not be written counts as taken, so the limit may bite early.
        assert 1 <= (allowed + later).count(True) <= 9


def test_concurrent_requests_never_overshoot_in_redis():
    if not redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"nrr-test-{random.getrandbits(48):x}"
    cache_settings = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                      "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                 "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": prefix}}
    with override_settings(CACHES=cache_settings):
        try:
            allowed = hammer("shared", threads=40, limit=13, scope="redis-race")
        finally:
            import redis

            client = redis.Redis(host="127.0.0.1", port=6379, db=15)
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
    assert allowed.count(True) == 13


class _DownCache(LocMemCache):
    """A cache server that does not answer (as Redis does when it is down)."""

    def add(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get = set = incr = add


def test_a_cache_server_that_is_down_lets_requests_through_and_says_so(caplog):
    verdict = count_request("down", "addr:192.0.2.1", "1/day", cache=_DownCache("down", {}), now=NOON)
    assert verdict.allowed
    assert "not counted" in caplog.text


def test_on_the_database_cache_a_slot_that_cannot_be_written_counts_as_taken():
    # Slots are how the database cache counts: none could be claimed, so the request is over the limit of 3.
    assert throttling._count_by_slots(_DownCache("down", {}), "k", 60, 3) == 4


@pytest.fixture
def shared_cache():
    """The default cache as production has it: Redis when one runs here (a wide race window for a non-atomic
    count: DRF's own throttle let 18-26 of these 60 requests through a limit of 12), else the memory cache."""
    if not redis_available():
        yield "locmem"
        return
    prefix = f"nrr-test-{random.getrandbits(48):x}"
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                               "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": prefix}}):
        yield "redis"
        import redis

        client = redis.Redis(host="127.0.0.1", port=6379, db=15)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


@pytest.mark.django_db(transaction=True)
def test_the_user_limit_holds_under_thirty_concurrent_api_clients(live_server, owner, monkeypatch, shared_cache):
    """Real HTTP requests on a threaded server: exactly the limit get through, the rest get 429."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1000/day", "user": "12/day"})
    monkeypatch.setattr(api_throttling._AtomicRateThrottle, "timer", staticmethod(lambda: NOON))
    _, key = ApiToken.issue(user=owner, name="race")
    start = threading.Barrier(30)

    def call(_):
        start.wait()
        request = urllib.request.Request(f"{live_server.url}/api/v1/lookup/?id=10.1000/none",
                                         headers={"Authorization": f"Token {key}",
                                                  "X-Forwarded-For": random_address()})
        results = []
        for _ in range(2):
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    results.append(response.status)
            except urllib.error.HTTPError as error:
                results.append(error.code)
                if error.code == 429:
                    assert int(error.headers["Retry-After"]) == 43_200
                    assert json.loads(error.read())["code"] == "throttled"
        return results

    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = [code for results in pool.map(call, range(30)) for code in results]

    assert sorted(set(codes)) == [200, 429]
    assert codes.count(200) == 12 and codes.count(429) == 48


# --------------------------------------------------------------------------- the portal's pages

PORTAL_RATES = {"search": "3/day", "lookup": "2/day", "signup": "10/hour", "account_mail": "5/hour"}


@pytest.fixture
def portal_rates(settings, monkeypatch):
    settings.PORTAL_THROTTLE_RATES = PORTAL_RATES
    real = throttling.count_request
    monkeypatch.setattr(throttling, "count_request", lambda *a, **k: real(*a, **{**k, "now": NOON}))


@pytest.mark.django_db
def test_the_search_page_answers_429_with_retry_after_and_a_short_page(client, portal_rates):
    assert [client.get("/search/", {"q": "imagenet"}).status_code for _ in range(3)] == [200] * 3

    refused = client.get("/search/", {"q": "imagenet"}, HTTP_X_FORWARDED_FOR=random_address())

    assert refused.status_code == 429
    assert refused["Retry-After"] == "43200"
    assert "Too many requests" in refused.content.decode() and "43200 seconds" in refused.content.decode()


@pytest.mark.django_db
def test_the_lookup_page_and_its_report_share_one_limit(client, portal_rates):
    assert client.get("/lookup/", {"ids": "arXiv:1902.10811"}).status_code == 200
    assert client.get("/lookup/report.md", {"ids": "arXiv:1902.10811"}).status_code == 200
    assert client.get("/lookup/report.md", {"ids": "arXiv:1902.10811"}).status_code == 429
    assert client.get("/lookup/").status_code == 429
    # The search page has a limit of its own.
    assert client.get("/search/").status_code == 200


@pytest.mark.django_db
def test_the_portal_counts_a_signed_in_researcher_apart_from_their_address(client, owner, portal_rates):
    for _ in range(3):
        client.get("/search/")
    assert client.get("/search/").status_code == 429
    client.force_login(owner)
    assert client.get("/search/").status_code == 200


@pytest.mark.django_db
def test_other_portal_pages_are_not_limited(client, portal_rates):
    assert {client.get("/benchmarks/").status_code for _ in range(8)} == {200}


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize("raw", ["-1", "two", "1.5"])
def test_trusted_proxies_is_read_strictly(raw):
    result = load_settings(DEBUG="1", TRUSTED_PROXIES=raw)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "TRUSTED_PROXIES" in result.stderr


@pytest.mark.parametrize("name", ["PORTAL_THROTTLE_SEARCH_PER_MINUTE", "PORTAL_THROTTLE_LOOKUP_PER_MINUTE",
                                  "SIGNUP_THROTTLE_PER_HOUR", "ACCOUNT_MAIL_PER_HOUR"])
def test_portal_rates_are_read_strictly(name):
    result = load_settings(DEBUG="1", **{name: "0"})
    assert result.returncode != 0 and name in result.stderr


def test_drf_is_told_the_same_number_of_proxies():
    import subprocess
    import sys

    from tests.test_settings import ROOT

    code = ("import django, json; from django.conf import settings; django.setup(); "
            "print(json.dumps([settings.TRUSTED_PROXIES, settings.REST_FRAMEWORK['NUM_PROXIES']]))")
    env = {**{k: v for k, v in __import__("os").environ.items() if k != "DJANGO_SETTINGS_MODULE"},
           "DEBUG": "1", "TRUSTED_PROXIES": "2", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [2, 2], result.stderr
