"""Strict JSON fields: a string field takes only strings, a number field only numbers, and so on.

DRF's own fields coerce ("5" becomes 5, 1 becomes "1", "yes" becomes True). A tool that sends the
wrong type has a bug, and is better told so with a 400 than silently guessed at.
"""

import math

from rest_framework import serializers

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


class StrictCharField(serializers.CharField):
    def run_validation(self, data=serializers.empty):
        # DRF trims whitespace before it checks the length, so 3,000 spaces would pass a 2,000 limit.
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictURLField(serializers.URLField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", INT32_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class FiniteFloatField(serializers.FloatField):
    """A JSON number that is finite (JSON has no NaN or Infinity, and 1e999 overflows to one)."""

    default_error_messages = {"not_finite": "Enter a finite number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        try:
            value = float(data)
        except OverflowError:
            self.fail("not_finite")
        if not math.isfinite(value):
            self.fail("not_finite")
        return super().to_internal_value(value)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know: a typo, or a field only the server sets, is an error, not a silent no-op.

    ``read_only_fields`` names keys a response shows but a client cannot write; sending one gets a
    message saying so.
    """

    read_only_fields: frozenset[str] = frozenset()

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields), key=str)[:20]
            if unknown:
                raise serializers.ValidationError({
                    str(key)[:100]: [
                        "Set by the server; it cannot be written." if key in self.read_only_fields
                        else "Unknown field."
                    ]
                    for key in unknown
                })
        return super().to_internal_value(data)


class ConflictFieldSerializer(serializers.Serializer):
    existing = serializers.JSONField(help_text="The value the catalogue holds.")
    given = serializers.JSONField(help_text="The value the request gave.")


class CatalogueConflictSerializer(serializers.Serializer):
    """One clash between a description and the catalogue item it names (409 ``catalogue_conflict``)."""

    path = serializers.CharField(required=False, help_text="Where in the request, e.g. evidence[0].claim.")
    type = serializers.ChoiceField(choices=["paper", "benchmark", "claim"])
    id = serializers.IntegerField()
    label = serializers.CharField()
    url = serializers.CharField(help_text="The item's page.")
    differing = serializers.DictField(child=ConflictFieldSerializer(), help_text="Each field that differs.")
    options = serializers.ListField(
        child=serializers.ChoiceField(choices=["use_existing", "propose_correction"]),
        help_text="use_existing: name the existing item (a claim by its id) or leave the differing fields out; "
        "propose_correction: send the description again with a correction_reason (and the location in the "
        "paper); a moderator decides when the entry is published.",
    )


class ErrorSerializer(serializers.Serializer):
    """Every error response."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        required=False, child=serializers.JSONField(),
        help_text="Field-level messages (400 only), nested as the input was.",
    )
    conflicts = CatalogueConflictSerializer(
        many=True, required=False, help_text="With code catalogue_conflict (409): each clash with the catalogue.",
    )
