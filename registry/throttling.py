"""Request limits: who a client is, and an atomic count of its requests in the shared cache.

A client is a signed-in user, or else an address: REMOTE_ADDR, or, behind ``TRUSTED_PROXIES`` reverse
proxies, the address the outermost of them saw (X-Forwarded-For is never taken at its word). An IPv6
client counts by its /64 network, since one connection may use any address in it.

Counts are kept per fixed window (scope, client, window number) with ``cache.add`` then ``cache.incr``,
one atomic step each on Redis (SET NX, INCR) and on the in-process memory cache (under its lock), so
concurrent requests can never be let through beyond the limit. The database cache's ``incr`` is a read
then a write, so there each request instead claims one of ``limit`` numbered slots with ``cache.add``,
which the table's primary key makes atomic. The API's throttles (api/throttling.py) and the portal's
``throttle`` decorator below both count here.

When the cache fails: Redis or memcached down lets requests through with a warning in the log (a limit
must not take the site down); on the database cache, a slot that cannot be written counts as taken.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Backends whose incr() is one atomic step; any other counts by claiming slots with add().
_ATOMIC_INCR = (RedisCache, LocMemCache, BaseMemcachedCache)
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'60/min' -> (60, 60): requests allowed and the window in seconds (s, min, hour, day)."""
    number, _, period = rate.partition("/")
    return int(number), _PERIODS[period.strip()[:1]]


# --------------------------------------------------------------------------- who the client is


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:443
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _client_address(request) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [part for part in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    if not forwarded:
        return remote
    # Each trusted proxy appends the address it was reached from: the last ``proxies`` entries are theirs.
    return _address(forwarded[-min(proxies, len(forwarded))]) or remote


def client_ip(request) -> str | None:
    """The client's IP address as ``TRUSTED_PROXIES`` says to find it, None if there is none (django-axes' source)."""
    address = _client_address(request)
    return str(address) if address is not None else None


def client_ident(request) -> str:
    """What an anonymous client is counted as: its IPv4 address or its IPv6 /64 network."""
    address = _client_address(request)
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def requester_ident(request) -> str:
    """A signed-in user by id, anyone else by client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_ident(request)}"


# --------------------------------------------------------------------------- counting


@dataclass(frozen=True)
class Verdict:
    """One request counted: whether it is within the limit, and when the window ends (seconds, rounded up)."""

    allowed: bool
    count: int
    retry_after: int


def _count_by_incr(cache, key: str, timeout: int) -> int:
    for _ in range(5):
        if cache.add(key, 1, timeout):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # the window's key expired between add() and incr(): start it again
            continue
    raise RuntimeError(f"could not count {key}")


def _count_by_slots(cache, key: str, timeout: int, limit: int) -> int:
    # Slot n is held by the (n+1)th request of the window; "next" is a hint where to start looking (a stale
    # or lost hint only costs a few extra add() calls, never a wrong count). A slot whose add() fails (a lock
    # timeout, a missing cache table) counts as taken: the limit may bite early, never late.
    try:
        start = min(int(cache.get(f"{key}:next", 0)), limit)
    except Exception:
        start = 0
    for slot in range(start, limit):
        try:
            claimed = cache.add(f"{key}:{slot}", 1, timeout)
        except Exception:
            continue
        if claimed:
            try:
                cache.set(f"{key}:next", slot + 1, timeout)
            except Exception:
                pass
            return slot + 1
    return limit + 1


def count_request(scope: str, ident: str, rate: str, *, cache=None, now: float | None = None) -> Verdict:
    """Count one request by ``ident`` against ``rate`` ('60/min') in ``scope``'s current fixed window."""
    limit, period = parse_rate(rate)
    cache = caches["default"] if cache is None else cache
    now = time.time() if now is None else now
    window = int(now // period)
    remaining = (window + 1) * period - now
    key = f"throttle:{scope}:{ident}:{window}"
    timeout = math.ceil(remaining) + 1
    try:
        if isinstance(cache, _ATOMIC_INCR):
            count = _count_by_incr(cache, key, timeout)
        else:
            count = _count_by_slots(cache, key, timeout, limit)
    except Exception:  # Redis or memcached down: a limit must not take the site down with it; say so loudly
        logger.warning("Request limit %r not counted: the cache failed", scope, exc_info=True)
        return Verdict(True, 0, 0)
    return Verdict(count <= limit, count, max(1, math.ceil(remaining)))


# --------------------------------------------------------------------------- the portal's limit


def throttled_response(request, verdict: Verdict):
    """429 with Retry-After and a short page saying when to come back."""
    response = render(request, "registry/throttled.html", {"retry_after": verdict.retry_after}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def throttle(scope: str, *, methods: tuple[str, ...] | None = None):
    """Limit a view to ``settings.PORTAL_THROTTLE_RATES[scope]`` per signed-in user or client address.

    ``methods`` limits only those (e.g. ``("POST",)`` for a form whose page is cheap but whose sending is not).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods is None or request.method in methods:
                verdict = count_request(scope, requester_ident(request), settings.PORTAL_THROTTLE_RATES[scope])
                if not verdict.allowed:
                    return throttled_response(request, verdict)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def axes_username(request, credentials) -> str:
    """The user name django-axes records for a failed sign-in, cut to its column (a varchar(255))."""
    username = (credentials or {}).get("username") or (request.POST.get("username") if request else "") or ""
    return str(username)[:255]
