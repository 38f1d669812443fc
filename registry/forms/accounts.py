"""Signing up and the researcher's public profile."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm

from registry.forms.fields import OrcidField
from registry.models import Profile


class SignupForm(BaseUserCreationForm):
    """Django's sign-up form (username, password1, password2) with a required e-mail address.

    It checks only the form of what was typed. Whether the user name or the address is taken is never said
    here, where anyone could ask: registry.accounts_policy.sign_up tells the address's owner by mail.
    """

    email = forms.EmailField(help_text="We send a link to confirm it before you can file; also used for password "
                                       "resets. Never shown.")

    class Meta(BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def validate_unique(self):
        """Not here: a "user name taken" error would tell anyone which accounts exist."""


class ProfileForm(forms.ModelForm):
    """Display name, affiliation and an optional ORCID iD (checked, stored in its bare form)."""

    orcid = OrcidField(
        help_text="Optional, e.g. 0000-0002-1825-0097 or its orcid.org link; the check digit is verified.",
    )

    class Meta:
        model = Profile
        fields = ("display_name", "affiliation", "orcid")
        help_texts = {
            "display_name": "How your name appears on confirmations; your user name if empty.",
        }

