"""Small forms for the actions on an entry: submit, return, withdraw, confirm."""

from django import forms


class ReasonForm(forms.Form):
    """Why a moderator returns a submission, or why an entry is withdrawn."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)

    def __init__(self, *args, label="Reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class SubmitForm(forms.Form):
    """Submitting a draft: the revision it was looked at in, and the duplicate check."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    not_duplicate = forms.BooleanField(
        required=False, label="I have read the entries above; mine reports something they do not.",
    )


class ConfirmForm(forms.Form):
    """'I observed this too', with an optional note."""

    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (optional)", help_text="How you observed it: setup, numbers, a link.",
    )
