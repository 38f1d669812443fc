"""Forms of the portal. They gather and check input; registry.workflow makes every change."""

from registry.forms.accounts import ProfileForm, SignupForm
from registry.forms.actions import ConfirmForm, ReasonForm, SubmitForm
from registry.forms.entry import AuthorForm, EntryEditor, EntryForm, EvidenceForm, find_claims

__all__ = [
    "AuthorForm", "ConfirmForm", "EntryEditor", "EntryForm", "EvidenceForm", "ProfileForm", "ReasonForm",
    "SignupForm", "SubmitForm", "find_claims",
]
