"""Signing up, confirming the e-mail address, and the account page (profile; password; API tokens).

Sign-up shows the same "check your e-mail" page whatever was taken (registry.accounts_policy.sign_up).
A confirmation link is first traded for a token in the session and a token-free address, as Django does
with reset links, so the token is not left in the browser's history or sent on in a Referer; it then
confirms only while its own account is signed in.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from registry import accounts_policy
from registry.forms import ProfileForm, SignupForm
from registry.models import Entry, Profile
from registry.throttling import throttle

_CONFIRMATION_SESSION_KEY = "_email_confirmation_token"
_SIGNUP_SESSION_KEY = "_signup"


def _safe_next(request) -> str:
    """The ``next`` path if it is one on this site ("/…"), else ""."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


@throttle("signup", methods=("POST",))
def signup(request):
    if request.user.is_authenticated:
        return redirect("registry:account")
    next_url = _safe_next(request)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts_policy.sign_up(request, username=form.cleaned_data["username"], email=form.cleaned_data["email"],
                                password=form.cleaned_data["password1"])
        request.session[_SIGNUP_SESSION_KEY] = {"email": form.cleaned_data["email"], "next": next_url}
        return redirect("registry:signup_done")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def signup_done(request):
    """The one page every sign-up ends on, whether an account was opened or not."""
    context = request.session.get(_SIGNUP_SESSION_KEY) or {}
    return render(request, "registration/signup_done.html", {
        "email": context.get("email", ""), "next": context.get("next", ""),
        "days": settings.EMAIL_CONFIRMATION_DAYS,
    })


def confirm_email_link(request, token: str):
    """The link from the mail: keep its token in the session, go on to an address without it."""
    request.session[_CONFIRMATION_SESSION_KEY] = token[:1000]
    return redirect("registry:confirm_email_pending")


def confirm_email_pending(request):
    token = request.session.get(_CONFIRMATION_SESSION_KEY)
    if not token:
        return render(request, "registration/confirm_email.html", {"state": "missing"})
    user = accounts_policy.user_for_confirmation(token)
    if user is None:
        request.session.pop(_CONFIRMATION_SESSION_KEY, None)
        return render(request, "registration/confirm_email.html", {"state": "invalid"})
    if not request.user.is_authenticated:
        messages.info(request, "Sign in to the account you signed up for: its address is confirmed as soon as "
                               "you do.")
        return redirect_to_login(reverse("registry:confirm_email_pending"))
    if request.user.pk != user.pk:
        return render(request, "registration/confirm_email.html", {"state": "other_account"})
    request.session.pop(_CONFIRMATION_SESSION_KEY, None)
    if accounts_policy.confirm_email(user=user):
        messages.success(request, f"Your address {user.email} is confirmed: you can file entries now.")
    else:
        messages.info(request, "Your address was confirmed already.")
    return redirect("registry:account")


@login_required
@require_POST
def resend_confirmation(request):
    user = request.user
    if accounts_policy.email_confirmed(user):
        messages.info(request, "Your address is confirmed already.")
    elif not user.email:
        messages.error(request, "Your account has no e-mail address to confirm: ask an administrator to add one.")
    elif accounts_policy.send_confirmation(request, user=user):
        messages.success(request, f"A new confirmation link is on its way to {user.email}. It works for "
                                  f"{settings.EMAIL_CONFIRMATION_DAYS} days; earlier links work too.")
    else:
        messages.warning(request, "No new link was sent just now: several were sent to this address in the last "
                                  "hour, or the mail server did not answer. Try again later.")
    # A URL, never a view name: redirect("a b") would try to reverse it.
    return HttpResponseRedirect(_safe_next(request) or reverse("registry:account"))


@login_required
def account(request):
    profile, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile was saved.")
        return redirect("registry:account")
    counts = {
        "entries": Entry.objects.filter(owner=request.user).count(),
        "confirmations": request.user.confirmations.count(),
    }
    return render(request, "accounts/account.html", {"form": form, "counts": counts, "profile": profile})
