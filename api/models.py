"""API tokens: several named, revocable keys per user, stored only as a SHA-256 digest.

A key is ``nrr_`` + 43 random characters + a 32-character seal: an HMAC (SECRET_KEY) of the random part and
the user's stored password hash when the key was made. Authentication recomputes the seal from the
current hash, so every key stops working the moment the password is changed or reset, by whatever path
(the pages, the admin, ``manage.py changepassword``), with nothing stored besides the digest.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

KEY_PREFIX = "nrr_"
_RANDOM_LENGTH = 43  # secrets.token_urlsafe(32): 256 bits
_SEAL_LENGTH = 32  # hex characters: 128 bits of HMAC-SHA256
_SEAL_SALT = "api.models.ApiToken.password-seal"
# How stale ``last_used_at`` may get: writing it on every request would make every read a write.
LAST_USED_RESOLUTION_SECONDS = 60


def token_digest(key: str) -> str:
    """The stored form of a key. Keys are 256 random bits, so a fast hash is enough (no salt, no stretching)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _seal(user, random_part: str, secret: str | bytes | None = None) -> str:
    value = f"{user.pk}:{random_part}:{user.password}"
    return salted_hmac(_SEAL_SALT, value, secret=secret, algorithm="sha256").hexdigest()[:_SEAL_LENGTH]


def key_matches_password(key: str, user) -> bool:
    """Whether ``key`` was made for ``user`` under the password they have now (SECRET_KEY_FALLBACKS honoured)."""
    body = key[len(KEY_PREFIX):] if key.startswith(KEY_PREFIX) else ""
    if len(body) != _RANDOM_LENGTH + _SEAL_LENGTH:  # also every key made before keys were sealed
        return False
    random_part, seal = body[:_RANDOM_LENGTH], body[_RANDOM_LENGTH:]
    return any(
        constant_time_compare(seal, _seal(user, random_part, secret))
        for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    )


class ApiTokenQuerySet(models.QuerySet):
    def for_key(self, key: str):
        return self.filter(digest=token_digest(key)).select_related("user")


class ApiToken(models.Model):
    """One API key a user made, e.g. 'laptop' or 'review-bot'. The key itself is shown once and never stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The key's first characters, to recognise it by.")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the key.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="api_token_unique_name_per_user",
                violation_error_message="You already have a token with this name.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="api_token_name_not_blank",
                violation_error_message="Give the token a name.",
            ),
        ]

    def __str__(self):
        return f"{self.user} / {self.name}"

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        """Make a token for ``user``; returns it and its key (the only time the key is known)."""
        random_part = secrets.token_urlsafe(32)
        key = KEY_PREFIX + random_part + _seal(user, random_part)
        token = cls(user=user, name=name.strip(), prefix=key[: len(KEY_PREFIX) + 4], digest=token_digest(key))
        token.full_clean()
        token.save()
        return token, key

    def touch(self) -> None:
        """Record a use, at most once a minute."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
