"""Form fields shared by the portal's forms."""

from django import forms

from registry import identifiers


class OrcidField(forms.CharField):
    """An optional ORCID iD in any common form (bare, or its orcid.org link), checked and normalised."""

    def __init__(self, **kwargs):
        # Longer than the stored 19 characters, so that the orcid.org link can be pasted.
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "ORCID iD")
        super().__init__(**kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return ""
        try:
            return identifiers.normalize_orcid(value)
        except identifiers.IdentifierError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
