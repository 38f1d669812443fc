"""The API's throttles: DRF's anonymous and per-user rates, counted atomically (registry/throttling.py).

DRF's own throttles keep a list of timestamps per client that each request reads and writes back, so
concurrent requests overshoot the limit, and they take X-Forwarded-For at its word. These count in a
fixed window with one atomic cache step per request, by user or by the client address the
``TRUSTED_PROXIES`` setting says to trust. Rates still come from ``DEFAULT_THROTTLE_RATES``; a 429
carries ``Retry-After`` (seconds until the window ends).
"""

from __future__ import annotations

from rest_framework import throttling

from registry.throttling import client_ident, count_request


class _AtomicRateThrottle(throttling.SimpleRateThrottle):
    def get_ident(self, request):
        return client_ident(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        self.verdict = count_request(self.scope, ident, self.rate, now=self.timer())
        return self.verdict.allowed

    def wait(self):
        return self.verdict.retry_after


class AnonRateThrottle(_AtomicRateThrottle):
    """Callers who are not signed in, by client address (``anon`` rate)."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return f"addr:{self.get_ident(request)}"


class UserRateThrottle(_AtomicRateThrottle):
    """Every caller: a signed-in user by id, anyone else by client address (``user`` rate)."""

    scope = "user"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"addr:{self.get_ident(request)}"
