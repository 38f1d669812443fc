"""The signed-in user's API tokens: list them, make one (its key is shown once), revoke one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from api.models import ApiToken

MAX_TOKENS_PER_USER = 20


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. 'laptop' or 'review-bot'.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if ApiToken.objects.filter(user=self.user, name=name).exists():
            raise ValidationError("You already have a token with this name.")
        if ApiToken.objects.filter(user=self.user).count() >= MAX_TOKENS_PER_USER:
            raise ValidationError(f"You have {MAX_TOKENS_PER_USER} tokens; revoke one first.")
        return name


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    new_key = None
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        token, new_key = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm(user=request.user)
    response = render(request, "api/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user),
        "form": form,
        "new_key": new_key,
    })
    if new_key:
        # The page holds a secret: no copy in any cache.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    name = token.name
    token.delete()
    messages.success(request, f"Token “{name}” is revoked: requests using it are now refused.")
    return redirect("api_tokens:list")
