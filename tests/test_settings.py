"""Settings are read strictly from the environment: each case starts a fresh Python process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = (
    "import django, json; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'DEBUG': settings.DEBUG, 'ENGINE': db['ENGINE'], 'NAME': str(db['NAME']), "
    "'HOST': db.get('HOST', ''), 'ALLOWED_HOSTS': settings.ALLOWED_HOSTS, "
    "'CSRF_TRUSTED_ORIGINS': settings.CSRF_TRUSTED_ORIGINS, 'SECRET_KEY': settings.SECRET_KEY}))"
)


def load_settings(**env):
    """Import config.settings in a child process with exactly these variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DJANGO_SETTINGS_MODULE",
    }}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def settings_of(**env) -> dict:
    import json

    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("raw, expected", [
    ("1", True), ("true", True), ("TRUE", True), ("Yes", True), ("on", True),
    ("0", False), ("false", False), ("No", False), ("OFF", False),
])
def test_it_reads_debug_in_every_spelling(raw, expected):
    assert settings_of(DEBUG=raw, SECRET_KEY="k")["DEBUG"] is expected


def test_debug_is_off_unless_set():
    assert settings_of(SECRET_KEY="k")["DEBUG"] is False


@pytest.mark.parametrize("raw", ["yes please", "2", "maybe", "tru"])
def test_it_refuses_a_malformed_debug_naming_the_variable(raw):
    result = load_settings(DEBUG=raw, SECRET_KEY="k")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG" in result.stderr


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_it_uses_a_development_key_only_while_debug_is_on():
    values = settings_of(DEBUG="1")
    assert values["SECRET_KEY"].startswith("dev-only")
    assert settings_of(DEBUG="0", SECRET_KEY="production-secret")["SECRET_KEY"] == "production-secret"


def test_the_default_database_is_a_sqlite_file_in_the_project_folder():
    values = settings_of(DEBUG="1")
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(ROOT / "db.sqlite3")


def test_a_postgres_url_selects_postgresql():
    values = settings_of(DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/nrr")
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "nrr" and values["HOST"] == "127.0.0.1"


@pytest.mark.parametrize("url", [
    "mysql://root@localhost/x", "not a url", "postgres://postgres@127.0.0.1:notaport/nrr",
    "postgres://postgres@127.0.0.1:5432/", "redis://localhost:6379/0",
])
def test_it_refuses_a_bad_database_url_naming_the_variable(url):
    result = load_settings(DEBUG="1", DATABASE_URL=url)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DATABASE_URL" in result.stderr


def test_it_reads_hosts_and_trusted_origins_as_lists():
    values = settings_of(
        SECRET_KEY="k", ALLOWED_HOSTS="registry.example.org, www.registry.example.org",
        CSRF_TRUSTED_ORIGINS="https://registry.example.org",
    )
    assert values["ALLOWED_HOSTS"] == ["registry.example.org", "www.registry.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://registry.example.org"]


def test_it_refuses_a_trusted_origin_without_a_scheme():
    result = load_settings(SECRET_KEY="k", CSRF_TRUSTED_ORIGINS="registry.example.org")
    assert result.returncode != 0 and "CSRF_TRUSTED_ORIGINS" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT"}}
    env.update(SECRET_KEY="x" * 60 + "-a-long-random-production-key", ALLOWED_HOSTS="registry.example.org",
               DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


CACHE_PRINT = (
    "import django, json; from django.conf import settings; django.setup(); "
    "print(json.dumps(settings.CACHES['default']))"
)


def cache_of(url):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="1", CACHE_URL=url, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run([sys.executable, "-c", CACHE_PRINT], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("url, backend", [
    ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
    ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache"),
    ("db://cache_table", "django.core.cache.backends.db.DatabaseCache"),
])
def test_it_reads_a_cache_url(url, backend):
    import json

    result = cache_of(url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["BACKEND"] == backend


@pytest.mark.parametrize("url", ["memcached://x", "redis://:notaport/0", "db://not a table", "redis", "redis:///0"])
def test_it_refuses_a_bad_cache_url_naming_the_variable(url):
    result = cache_of(url)
    assert result.returncode != 0 and "CACHE_URL" in result.stderr


def test_sqlite_writers_wait_for_each_other_instead_of_failing():
    values = load_settings(DEBUG="1")
    assert values.returncode == 0
    from config.env import envdatabase

    options = envdatabase("NRR_UNSET_VARIABLE", "sqlite:////tmp/x.sqlite3")["OPTIONS"]
    assert options == {"transaction_mode": "IMMEDIATE", "timeout": 20}


def test_a_redis_cache_url_talks_to_the_real_redis():
    """Needs the Redis server these machines run on 127.0.0.1:6379 (CI has it too)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/3", DJANGO_SETTINGS_MODULE="config.settings")
    code = ("import django; django.setup(); from django.core.cache import cache; "
            "cache.set('nrr-settings-test', 'shared', 30); print(cache.get('nrr-settings-test'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "shared"
