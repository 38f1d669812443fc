"""Secrets stay out of logs: password-reset and confirmation links, API keys.

Two guards. The development mail backend prints a mail's headers but never its body (where the links
are). A logging filter, on every handler the settings define, blanks those links and keys in any line,
such as the request lines runserver prints ("GET /accounts/reset/<uid>/<token>/").
"""

from __future__ import annotations

import logging
import re

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

REDACTED = "[redacted]"

_SECRETS = (
    # Django's reset link: /reset/<uidb64>/<token>/. After its first use Django swaps the token for "set-password".
    (re.compile(r"(/reset/[0-9A-Za-z_\-]+/)(?!set-password/)[0-9A-Za-z]+-[0-9A-Za-z]+"), r"\1" + REDACTED),
    # Address confirmation: /accounts/confirm/<signed token>/ (not the "resend" action beside it).
    (re.compile(r"(/confirm/)(?!resend/)[0-9A-Za-z_\-:.]{16,}"), r"\1" + REDACTED),
    # API keys (api.models.KEY_PREFIX), wherever they appear: a header dump, a query string.
    (re.compile(r"\bnrr_[0-9A-Za-z_\-]{8,}"), "nrr_" + REDACTED),
)


def redact(text: str) -> str:
    """``text`` with every reset link token, confirmation token and API key replaced by [redacted]."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretsFilter(logging.Filter):
    """Rewrites each record's message with its secrets blanked; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RedactingConsoleEmailBackend(ConsoleEmailBackend):
    """Development mail: prints who a message is to and what it is about, and withholds its body.

    To read whole messages in development, set EMAIL_URL=file:///some/directory (one file per message).
    """

    def write_message(self, message):
        lines = [f"{name}: {redact(str(message.extra_headers.get(name) or value))}" for name, value in (
            ("Subject", message.subject), ("From", message.from_email), ("To", ", ".join(message.to)),
        )]
        size = len(message.body) + sum(len(content) for content, _ in getattr(message, "alternatives", []))
        lines.append(f"[body withheld: {size} characters, which may hold a sign-in link; "
                     "set EMAIL_URL=file:///a/directory to read messages in full]")
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
