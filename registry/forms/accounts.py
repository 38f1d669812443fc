"""Signing up and the researcher's public profile."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from registry.forms.fields import OrcidField
from registry.models import Profile


class SignupForm(UserCreationForm):
    """Django's sign-up form (username, password1, password2) with a required, unique e-mail address."""

    email = forms.EmailField(help_text="For password resets only; never shown.")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail address exists already; sign in instead, "
                                        "or reset its password.")
        return email


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

