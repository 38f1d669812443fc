"""Who may file, how a researcher proves their e-mail address, and a sign-up that gives nothing away.

- ``can_file(user)`` is the one rule for filing (new entries on the portal and the API): a signed-in,
  active user whose address is confirmed (``Profile.email_confirmed_at``). The portal applies it with
  ``filing_requires_confirmed_email``, the API with ``require_can_file`` (raises ``NotAllowed``, a 403).
- A confirmation link carries a signed, time-limited token (django.core.signing) naming the account and
  a fingerprint of its address; it confirms only while that account is signed in, so a link mailed for
  an account someone else opened with your address confirms nothing.
- ``sign_up`` answers every well-formed request alike. A new account gets a confirmation link; an address
  in use gets a notice (no second account); a user name in use gets a notice at the address given. The
  sign-up page never says which happened, and each path does the same work (one password hash, one mail).
"""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from registry.models import Profile
from registry.throttling import count_request
from registry.workflow import NotAllowed

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "registry.accounts_policy.confirm-email"

# --------------------------------------------------------------------------- who may file


def email_confirmed(user) -> bool:
    """Whether ``user`` has proved they read their e-mail address."""
    return Profile.objects.filter(user_id=user.pk, email_confirmed_at__isnull=False).exists()


def can_file(user) -> tuple[bool, str]:
    """(True, "") if ``user`` may file entries; else (False, why, in words for them)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False, "Sign in to file entries."
    if email_confirmed(user):
        return True, ""
    if not user.email:
        return False, ("Filing needs a confirmed e-mail address, and your account has none: ask an administrator "
                       "to add one.")
    return False, (f"Confirm your e-mail address before filing: open the link we sent to {user.email}, or ask "
                   f"for a new one on your account page ({settings.SITE_URL}{reverse('registry:account')}).")


def require_can_file(user) -> None:
    """Raise ``NotAllowed`` (403) with the reason if ``user`` may not file."""
    allowed, reason = can_file(user)
    if not allowed:
        raise NotAllowed(reason)


def filing_requires_confirmed_email(view):
    """Portal views that file: anonymous visitors go to sign in, unconfirmed users get a 403 page that resends."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        allowed, reason = can_file(request.user)
        if not allowed:
            return render(request, "accounts/confirm_required.html", {"reason": reason}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


# --------------------------------------------------------------------------- proving an address


def _address_fingerprint(email: str) -> str:
    return salted_hmac(CONFIRMATION_SALT, email.strip().lower(), algorithm="sha256").hexdigest()[:20]


def confirmation_token(user) -> str:
    """A signed token that confirms ``user``'s current address for EMAIL_CONFIRMATION_DAYS."""
    return signing.dumps([user.pk, _address_fingerprint(user.email)], salt=CONFIRMATION_SALT, compress=True)


def user_for_confirmation(token: str):
    """The account a token confirms, or None if it is forged, expired, or its address has changed since."""
    try:
        user_pk, fingerprint = signing.loads(token, salt=CONFIRMATION_SALT,
                                             max_age=settings.EMAIL_CONFIRMATION_DAYS * 86400)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.email or fingerprint != _address_fingerprint(user.email):
        return None
    return user


@transaction.atomic
def confirm_email(*, user) -> bool:
    """Record that ``user`` proved their address; returns False if it was confirmed already."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    if profile.email_confirmed_at is not None:
        return False
    profile.email_confirmed_at = timezone.now()
    profile.save(update_fields=["email_confirmed_at"])
    return True


# --------------------------------------------------------------------------- mail


def _send(request, *, to: str, template: str, subject: str, context: dict) -> bool:
    """Send one account mail, at most ACCOUNT_MAIL_PER_HOUR to any one address; False if held back or failed."""
    verdict = count_request("account_mail", _address_fingerprint(to), settings.PORTAL_THROTTLE_RATES["account_mail"])
    if not verdict.allowed:
        logger.info("Account mail held back: too many to one address this hour")
        return False
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    body = render_to_string(template, context, request=request)
    try:
        send_mail(f"{settings.SITE_NAME}: {subject}", body, None, [to])
    except Exception as exc:  # the page must not differ because a mail failed; the log names no address or link
        logger.error("Account mail (%s) could not be sent: %s", template, type(exc).__name__)
        return False
    return True


def send_confirmation(request, *, user) -> bool:
    """Mail ``user`` a link that confirms their address."""
    link = settings.SITE_URL + reverse("registry:confirm_email", kwargs={"token": confirmation_token(user)})
    return _send(request, to=user.email, template="registration/confirm_email.txt",
                 subject="confirm your e-mail address",
                 context={"user": user, "link": link, "days": settings.EMAIL_CONFIRMATION_DAYS})


# --------------------------------------------------------------------------- sign-up


def sign_up(request, *, username: str, email: str, password: str) -> None:
    """Open an account and mail its confirmation link, or mail a notice of what stood in the way.

    Whatever happens, the caller shows the same page: nobody learns from it which names or addresses exist.
    """
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).first()
    taken = existing is None and User.objects.filter(username__iexact=username).exists()
    if existing is None and not taken:
        try:
            with transaction.atomic():
                user = User.objects.create_user(username=username, email=email, password=password)
                Profile.objects.create(user=user)
        except IntegrityError:  # the same user name, signed up for at this very moment
            taken = True
        else:
            send_confirmation(request, user=user)
            return
    make_password(password)  # the work creating an account would have cost, so timing tells nothing either
    signup_url = settings.SITE_URL + reverse("registry:signup")
    reset_url = settings.SITE_URL + reverse("password_reset")
    if existing is not None:
        _send(request, to=email, template="registration/signup_address_in_use.txt",
              subject="someone tried to sign up with your address",
              context={"account": existing, "reset_url": reset_url, "login_url": settings.SITE_URL + reverse("login")})
    else:
        _send(request, to=email, template="registration/signup_username_taken.txt",
              subject="choose another user name", context={"username": username, "signup_url": signup_url})
