"""Signing up and the account page (profile; links to password change and API tokens)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from registry.forms import ProfileForm, SignupForm
from registry.models import Entry, Profile


def signup(request):
    if request.user.is_authenticated:
        return redirect("registry:account")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = ""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        Profile.objects.get_or_create(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.get_username()}. Add your name and affiliation below; "
                                  "they fill in the first author of your entries.")
        return redirect(next_url or "registry:account")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


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
    return render(request, "accounts/account.html", {"form": form, "counts": counts})
