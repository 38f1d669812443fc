"""API test helpers: a client per member of the cast, authenticated with a real token."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiToken


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def client_for(user) -> APIClient:
    """An API client sending ``user``'s token (a fresh one), or no credentials for the anonymous visitor."""
    client = APIClient()
    if user is not None and user.is_authenticated:
        _, key = ApiToken.issue(user=user, name=f"test-{ApiToken.objects.filter(user=user).count()}")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api():
    """``api(user)``: a client acting as ``user`` (None or AnonymousUser: anonymous)."""
    return client_for
