"""Entries: how one reads (``EntrySerializer``) and what a tool may write (``EntryWriteSerializer``)."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.catalogue import (
    ClaimBriefSerializer,
    ClaimSpecSerializer,
    PaperBriefSerializer,
    PaperSpecSerializer,
    absolute,
)
from api.serializers.common import (
    INT64_MAX,
    FiniteFloatField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictSerializer,
    StrictURLField,
)
from registry.models import AuthorsContacted, Relation, ResultType, SpreadKind, Status

# --------------------------------------------------------------------------- read


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField()
    orcid = serializers.CharField()
    affiliation = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    claim = ClaimBriefSerializer()
    relation = serializers.ChoiceField(choices=Relation.choices)
    observed_value = serializers.FloatField(allow_null=True)
    observed_spread = serializers.FloatField(allow_null=True)
    spread_kind = serializers.CharField(help_text="sd, ci95, se, or empty.")
    runs = serializers.IntegerField(allow_null=True)
    conditions = serializers.CharField()
    notes = serializers.CharField()


def can_see_private(entry, request) -> bool:
    return entry.can_see_private(getattr(request, "user", None))


class EntrySerializer(serializers.Serializer):
    """An entry as every response shows it. Anonymous entries show no authors or owner to the public."""

    accession = serializers.CharField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    title = serializers.CharField()
    summary = serializers.CharField()
    body = serializers.CharField(help_text="Markdown.")
    body_html = serializers.SerializerMethodField(help_text="The body rendered and sanitised.")
    result_type = serializers.ChoiceField(choices=ResultType.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    owner = serializers.SerializerMethodField(help_text="The submitter's user name; null on anonymous entries.")
    anonymous = serializers.BooleanField()
    authors = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True)
    models_tested = serializers.CharField()
    datasets = serializers.CharField()
    runs = serializers.IntegerField(allow_null=True)
    compute_gpu_hours = serializers.FloatField(allow_null=True)
    hardware = serializers.CharField()
    framework = serializers.CharField()
    code_url = serializers.CharField()
    data_url = serializers.CharField()
    preregistration_url = serializers.CharField()
    license = serializers.CharField()
    authors_contacted = serializers.ChoiceField(choices=AuthorsContacted.choices)
    authors_reply = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    source_paper = PaperBriefSerializer(allow_null=True, help_text="The paper that reports this negative result, "
                                        "if it is published as one; lookup and ?paper= find the entry through it.")
    version = serializers.IntegerField(help_text="Latest published version; 0 before publication.")
    revision = serializers.IntegerField(help_text="Bumped on every change; the ETag names it.")
    confirmations = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    withdrawn_reason = serializers.CharField()
    returned_reason = serializers.SerializerMethodField(help_text="Why a moderator returned it (owner only).")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), "api:entry-detail", accession=obj.accession)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return absolute(self.context.get("request"), "registry:entry", accession=obj.accession)

    def get_body_html(self, obj) -> str:
        return obj.body_html  # rendered and sanitised once, when the body was written

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_owner(self, obj) -> str | None:
        if obj.anonymous and not can_see_private(obj, self.context.get("request")):
            return None
        return obj.owner.get_username()

    @extend_schema_field(AuthorSerializer(many=True))
    def get_authors(self, obj):
        if obj.anonymous and not can_see_private(obj, self.context.get("request")):
            return []
        return AuthorSerializer(obj.authors.all(), many=True).data

    def get_confirmations(self, obj) -> int:
        return getattr(obj, "confirmation_count", None) or 0

    def get_returned_reason(self, obj) -> str:
        return obj.returned_reason if can_see_private(obj, self.context.get("request")) else ""


class VersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    sha256 = serializers.CharField()
    change_note = serializers.CharField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return absolute(
            self.context.get("request"), "api:entry-version", accession=obj.entry.accession, number=obj.number
        )


class VersionSerializer(VersionSummarySerializer):
    accession = serializers.SerializerMethodField()
    snapshot = serializers.JSONField(help_text="The entry as published in this version; sha256 is over its "
                                     "canonical JSON (sorted keys, no spaces, UTF-8).")

    def get_accession(self, obj) -> str:
        return obj.entry.accession


# --------------------------------------------------------------------------- write


class ClaimRefField(serializers.Field):
    """An existing claim's id, or a claim described inline (found or created)."""

    default_error_messages = {"invalid": "Give an existing claim's id or describe the claim as an object."}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            if not 1 <= data <= INT64_MAX:
                raise serializers.ValidationError(f"There is no claim with id {data}.")
            return data
        if isinstance(data, dict):
            spec = ClaimSpecSerializer(data=data)
            spec.is_valid(raise_exception=True)
            return _plain(spec.validated_data)
        self.fail("invalid")

    def to_representation(self, value):
        return value


class ClaimRefFieldSchema(OpenApiSerializerFieldExtension):
    target_class = "api.serializers.entries.ClaimRefField"

    def map_serializer_field(self, auto_schema, direction):
        spec: ResolvedComponent = auto_schema.resolve_serializer(ClaimSpecSerializer, direction)
        return {
            "oneOf": [{"type": "integer", "minimum": 1, "description": "An existing claim's id."}, spec.ref],
            "description": "An existing claim's id, or a claim described inline.",
        }


def _plain(value):
    """Validated data as plain dicts and lists, as the workflow takes them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class AuthorWriteSerializer(StrictSerializer):
    name = StrictCharField(max_length=200)
    orcid = StrictCharField(max_length=100, required=False, allow_blank=True,
                            help_text="e.g. 0000-0002-1825-0097 or its orcid.org link; checked.")
    affiliation = StrictCharField(max_length=300, required=False, allow_blank=True)


class EvidenceWriteSerializer(StrictSerializer):
    claim = ClaimRefField()
    relation = serializers.ChoiceField(choices=Relation.choices, required=False)
    observed_value = FiniteFloatField(required=False, allow_null=True)
    observed_spread = FiniteFloatField(required=False, allow_null=True, min_value=0)
    spread_kind = serializers.ChoiceField(choices=SpreadKind.choices, required=False, allow_blank=True)
    runs = StrictIntegerField(required=False, allow_null=True, min_value=0)
    conditions = StrictCharField(max_length=500, required=False, allow_blank=True)
    notes = StrictCharField(max_length=5000, required=False, allow_blank=True)


# What a GET returns but only the server sets: refused with a message saying so.
READ_ONLY_ENTRY_FIELDS = frozenset(
    set(EntrySerializer._declared_fields) - {
        "title", "summary", "body", "result_type", "anonymous", "authors", "evidence", "models_tested",
        "datasets", "runs", "compute_gpu_hours", "hardware", "framework", "code_url", "data_url",
        "preregistration_url", "license", "authors_contacted", "authors_reply", "keywords", "source_paper",
    }
)


class EntryWriteSerializer(StrictSerializer):
    """What a client may set. Server-owned fields (status, accession, version, owner, timestamps...) and
    unknown fields are refused with 400. PUT resets omitted optional fields; PATCH keeps them."""

    read_only_fields = READ_ONLY_ENTRY_FIELDS

    title = StrictCharField(max_length=300)
    summary = StrictCharField(max_length=3000)
    body = StrictCharField(max_length=100_000, required=False, allow_blank=True, default="")
    result_type = serializers.ChoiceField(choices=ResultType.choices)
    anonymous = StrictBooleanField(required=False, default=False)
    authors = serializers.ListField(child=AuthorWriteSerializer(), max_length=100, required=False, default=list)
    evidence = serializers.ListField(
        child=EvidenceWriteSerializer(), max_length=100, required=False, default=list,
        help_text="The claims this result counters.",
    )
    models_tested = StrictCharField(max_length=5000, required=False, allow_blank=True, default="")
    datasets = StrictCharField(max_length=5000, required=False, allow_blank=True, default="")
    runs = StrictIntegerField(required=False, allow_null=True, min_value=0, default=None)
    compute_gpu_hours = FiniteFloatField(required=False, allow_null=True, min_value=0, default=None)
    hardware = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    framework = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    code_url = StrictURLField(max_length=500, required=False, allow_blank=True, default="")
    data_url = StrictURLField(max_length=500, required=False, allow_blank=True, default="")
    preregistration_url = StrictURLField(max_length=500, required=False, allow_blank=True, default="")
    license = StrictCharField(max_length=100, required=False, allow_blank=True, default="")
    authors_contacted = serializers.ChoiceField(
        choices=AuthorsContacted.choices, required=False, default=AuthorsContacted.NOT_CONTACTED
    )
    authors_reply = StrictCharField(max_length=10_000, required=False, allow_blank=True, default="")
    keywords = serializers.ListField(
        child=StrictCharField(max_length=60), max_length=50, required=False, default=list
    )
    source_paper = PaperSpecSerializer(
        required=False, allow_null=True,
        help_text="The paper that reports this negative result (by identifier or title); found, or proposed to the "
        "catalogue like any paper. null clears it.",
    )
    change_note = StrictCharField(
        max_length=2000, required=False, write_only=True,
        help_text="Required when changing a published entry: what changed in the new version.",
    )

    def to_workflow(self) -> dict:
        """Split validated data into the workflow's ``fields``, ``authors`` and ``evidence`` arguments."""
        data = _plain(dict(self.validated_data))
        authors = data.pop("authors", None)
        evidence = data.pop("evidence", None)
        change_note = data.pop("change_note", "")
        return {"fields": data, "authors": authors, "evidence": evidence, "change_note": change_note}


class ReasonSerializer(StrictSerializer):
    reason = StrictCharField(max_length=5000)


class ConfirmSerializer(StrictSerializer):
    note = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")


class SubmitSerializer(StrictSerializer):
    """Submitting takes no body."""
