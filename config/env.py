"""Strict readers for settings that come from the environment.

A malformed value stops start-up with ImproperlyConfigured naming the variable:
a typo in production must never be silently read as some default.
"""

import os
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError

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


# How mail leaves. scheme -> (STARTTLS, implicit TLS, default port).
_SMTP_SCHEMES = {"smtp": (False, False, 25), "smtp+tls": (True, False, 587), "smtps": (False, True, 465),
                 "smtp+ssl": (False, True, 465)}
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Development only: prints each mail's headers and withholds its body (reset and confirmation links).
REDACTING_CONSOLE_BACKEND = "registry.redaction.RedactingConsoleEmailBackend"


def _mail(backend: str, host="localhost", port=25, user="", password="", tls=False, ssl=False, path=None) -> dict:
    return {"EMAIL_BACKEND": backend, "EMAIL_HOST": host, "EMAIL_PORT": port, "EMAIL_HOST_USER": user,
            "EMAIL_HOST_PASSWORD": password, "EMAIL_USE_TLS": tls, "EMAIL_USE_SSL": ssl, "EMAIL_FILE_PATH": path}


def _without_password(url: str) -> str:
    """The URL as an error message may show it: any password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def envmail(*, debug: bool, required: bool | None = None) -> dict:
    """Read how the registry sends mail, as Django's EMAIL_* settings.

    ``EMAIL_URL`` (smtp://, smtp+tls://, smtps:// with user:password@host:port; file:///absolute/dir; with
    DEBUG also console:// and locmem://) or ``EMAIL_HOST`` with EMAIL_PORT, EMAIL_HOST_USER,
    EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL. Unless ``required`` is False, one of them is required
    without DEBUG: password resets must reach people, not a log. Otherwise mail is printed without its body.
    """
    url = (os.environ.get("EMAIL_URL") or "").strip()
    host = (os.environ.get("EMAIL_HOST") or "").strip()
    if url and host:
        raise ImproperlyConfigured("EMAIL_URL and EMAIL_HOST are both set: set one of them.")
    if url:
        return _mail_from_url(url, debug=debug)
    if host:
        return _mail_from_host(host)
    if required if required is not None else not debug:
        raise ImproperlyConfigured(
            "EMAIL_URL is not set. Without DEBUG the registry must send mail (password resets, address "
            "confirmations): set EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587, or EMAIL_HOST."
        )
    return _mail(REDACTING_CONSOLE_BACKEND)


def _mail_from_url(url: str, *, debug: bool) -> dict:
    shown = _without_password(url)
    scheme, sep, _ = url.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in {*_SMTP_SCHEMES, "file", "console", "locmem"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL={shown!r} is not a supported mail URL: use smtp://, smtp+tls:// or smtps:// "
            "(user:password@host:port), or file:///absolute/directory."
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL={shown!r} has an invalid port.") from None
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(f"EMAIL_URL={shown!r}: options after ? or # are not read; remove them.")
    if scheme in {"console", "locmem"}:
        if not debug:
            raise ImproperlyConfigured(
                f"EMAIL_URL={shown!r} keeps mail inside the server, which only DEBUG allows: use smtp:// or file://."
            )
        if scheme == "console":
            return _mail(REDACTING_CONSOLE_BACKEND)
        return _mail("django.core.mail.backends.locmem.EmailBackend")
    if scheme == "file":
        if parts.netloc or not parts.path.startswith("/"):
            raise ImproperlyConfigured(f"EMAIL_URL={shown!r} must name an absolute directory: file:///var/mail/nrr.")
        return _mail("django.core.mail.backends.filebased.EmailBackend", path=unquote(parts.path))
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL={shown!r} names no host.")
    if parts.path not in {"", "/"}:
        raise ImproperlyConfigured(f"EMAIL_URL={shown!r} has a path; an SMTP URL is scheme://user:password@host:port.")
    tls, ssl, default_port = _SMTP_SCHEMES[scheme]
    return _mail(SMTP_BACKEND, host=parts.hostname, port=port or default_port, user=unquote(parts.username or ""),
                 password=unquote(parts.password or ""), tls=tls, ssl=ssl)


def _mail_from_host(host: str) -> dict:
    tls, ssl = envbool("EMAIL_USE_TLS", False), envbool("EMAIL_USE_SSL", False)
    if tls and ssl:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL are both on: choose one (TLS for port 587, "
                                   "SSL for port 465).")
    port = envint("EMAIL_PORT", 465 if ssl else 587 if tls else 25, minimum=1)
    if port > 65535:
        raise ImproperlyConfigured(f"EMAIL_PORT={port} is not a port number.")
    return _mail(SMTP_BACKEND, host=host, port=port, user=os.environ.get("EMAIL_HOST_USER", ""),
                 password=os.environ.get("EMAIL_HOST_PASSWORD", ""), tls=tls, ssl=ssl)


def envaddress(name: str, default: str) -> str:
    """Read an e-mail address, bare or as ``Name <address>``."""
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    from django.core.validators import validate_email

    try:
        validate_email(parseaddr(raw)[1])
    except ValidationError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an e-mail address.") from None
    return raw
