"""Strict readers for settings that come from the environment.

A malformed value stops start-up with ImproperlyConfigured naming the variable:
a typo in production must never be silently read as some default.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    """Read a yes/no variable: 1/0, true/false, yes/no, on/off in any case."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value: use 1/0, true/false or yes/no.")


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    """Read a whole number no smaller than ``minimum``."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list; blank items are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def envdatabase(name: str, default: str) -> dict:
    """Read a database URL (sqlite:///path or postgres://user@host:port/name)."""
    raw = os.environ.get(name) or default
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a supported database URL: "
            "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name."
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60 if scheme != "sqlite" else 0)
    except Exception as exc:  # dj-database-url raises several types on bad URLs
        raise ImproperlyConfigured(f"{name}={raw!r} is not a valid database URL: {exc}") from None
    if scheme == "sqlite":
        # Writers take the lock when their transaction starts and wait for each other (up to 20 s)
        # instead of failing with "database is locked" when several workers write at once.
        config.setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={raw!r} names no database.")
    if scheme != "sqlite":
        try:
            urlsplit(raw).port  # noqa: B018 (reading it validates it: a non-numeric port raises)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={raw!r} has an invalid port.") from None
    return config


def envcache(name: str, default: str) -> dict:
    """Read a cache URL: locmem://, redis://host:port/db (rediss:// for TLS) or db://table_name."""
    raw = (os.environ.get(name) or default).strip()
    scheme, sep, rest = raw.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in {"locmem", "redis", "rediss", "db"}:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a supported cache URL: use locmem://, redis://host:6379/0 or db://table_name."
        )
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "nrr"}
    if scheme == "db":
        if not rest.isidentifier():
            raise ImproperlyConfigured(f"{name}={raw!r} must name a cache table, e.g. db://cache_table.")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    try:
        host = urlsplit(raw).hostname
        urlsplit(raw).port  # noqa: B018 (reading it validates it: a non-numeric port raises)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} has an invalid port.") from None
    if not host:
        raise ImproperlyConfigured(f"{name}={raw!r} names no host.")
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
