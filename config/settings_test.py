"""Settings for the test suite: the real settings with a test key and a fast password hasher.

DATABASE_URL still chooses the engine, so the same suite runs on SQLite and PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Tests read sent mail from django.core.mail.outbox (Django's test runner uses locmem whatever this says).
os.environ.setdefault("EMAIL_URL", "file:///tmp/nrr-test-mail")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
