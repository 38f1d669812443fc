"""Papers, benchmarks and claims: how they read, and the inline descriptions a write may give."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import (
    FiniteFloatField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictSerializer,
    StrictURLField,
)
from registry.models import Modality, ReviewStatus

_REVIEW_HELP = ("accepted: part of the public catalogue; proposed: brought by a draft or a researcher and seen only by "
                "its proposer and moderators until a moderator accepts it (by publishing the entry that uses it).")


class IdentifierSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["doi", "arxiv", "openreview", "acl", "pmlr", "neurips", "cvf"])
    value = serializers.CharField(help_text="Normalised: DOIs lower case, arXiv ids without version.")
    label = serializers.CharField(help_text="As a reviewer writes it, e.g. arXiv:1810.04805.")
    url = serializers.CharField()
    review_status = serializers.ChoiceField(choices=[ReviewStatus.PROPOSED, ReviewStatus.ACCEPTED])


def absolute(request, name: str, **kwargs) -> str:
    path = reverse(name, kwargs=kwargs)
    return request.build_absolute_uri(path) if request is not None else path


# --------------------------------------------------------------------------- read


class BenchmarkBriefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    task = serializers.CharField()
    modality = serializers.CharField()


class PaperBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    venue = serializers.CharField()
    doi = serializers.CharField(allow_null=True)
    arxiv_id = serializers.CharField(allow_null=True)
    openreview_id = serializers.CharField(allow_null=True)
    link = serializers.CharField()


class ClaimBriefSerializer(serializers.Serializer):
    """A claim as embedded in an entry's evidence."""

    id = serializers.IntegerField()
    paper = PaperBriefSerializer()
    benchmark = BenchmarkBriefSerializer()
    metric = serializers.CharField()
    reported_value = serializers.FloatField(allow_null=True)
    higher_is_better = serializers.BooleanField()
    model_name = serializers.CharField()
    setting = serializers.CharField()
    location = serializers.CharField()


class BenchmarkSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    review_status = serializers.ChoiceField(choices=[ReviewStatus.PROPOSED, ReviewStatus.ACCEPTED],
                                            help_text=_REVIEW_HELP)
    slug = serializers.CharField()
    aliases = serializers.SerializerMethodField()
    name = serializers.CharField()
    task = serializers.CharField()
    modality = serializers.ChoiceField(choices=Modality.choices)
    homepage = serializers.CharField()
    description = serializers.CharField()
    page_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), "api:benchmark-detail", slug=obj.slug)

    def get_aliases(self, obj) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return absolute(self.context.get("request"), "registry:benchmark", slug=obj.slug)


class PaperSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    review_status = serializers.ChoiceField(choices=[ReviewStatus.PROPOSED, ReviewStatus.ACCEPTED],
                                            help_text=_REVIEW_HELP)
    identifiers = serializers.SerializerMethodField()
    title = serializers.CharField()
    authors = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    venue = serializers.CharField()
    doi = serializers.CharField(allow_null=True)
    arxiv_id = serializers.CharField(allow_null=True)
    openreview_id = serializers.CharField(allow_null=True)
    link = serializers.CharField(help_text="The best public link to the paper.")
    page_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(IdentifierSerializer(many=True))
    def get_identifiers(self, obj):
        """Every identifier of the paper: the accepted ones, and the proposed ones of a proposed paper."""
        rows = [row for row in obj.identifiers.all()
                if row.review_status == ReviewStatus.ACCEPTED or obj.review_status == ReviewStatus.PROPOSED]
        return [{"kind": r.kind, "value": r.value, "label": r.label, "url": r.url, "review_status": r.review_status}
                for r in rows]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), "api:paper-detail", pk=obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return absolute(self.context.get("request"), "registry:paper", pk=obj.pk)


class ClaimSerializer(ClaimBriefSerializer):
    """A claim with its standing: contested once a published entry counters it."""

    url = serializers.SerializerMethodField()
    review_status = serializers.ChoiceField(choices=[ReviewStatus.PROPOSED, ReviewStatus.ACCEPTED],
                                            help_text=_REVIEW_HELP)
    status = serializers.SerializerMethodField()
    counter_entries = serializers.IntegerField(help_text="Published entries that counter this claim.")
    page_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), "api:claim-detail", pk=obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return absolute(self.context.get("request"), "registry:claim", pk=obj.pk)

    @extend_schema_field(serializers.ChoiceField(choices=["contested", "uncontested"]))
    def get_status(self, obj) -> str:
        return "contested" if obj.counter_entries else "uncontested"


# --------------------------------------------------------------------------- write


class PaperSpecSerializer(StrictSerializer):
    """A paper by DOI, arXiv id or OpenReview id (any common form, e.g. a doi.org or arxiv.org link) or title."""

    title = StrictCharField(max_length=500, required=False)
    doi = StrictCharField(max_length=300, required=False, allow_null=True, allow_blank=True)
    arxiv_id = StrictCharField(max_length=300, required=False, allow_null=True, allow_blank=True)
    openreview_id = StrictCharField(max_length=300, required=False, allow_null=True, allow_blank=True)
    authors = StrictCharField(max_length=1000, required=False, allow_blank=True)
    year = StrictIntegerField(min_value=1000, max_value=3000, required=False, allow_null=True)
    venue = StrictCharField(max_length=200, required=False, allow_blank=True)
    url = StrictURLField(max_length=200, required=False, allow_blank=True)
    identifiers = serializers.ListField(
        child=StrictCharField(max_length=300), required=False, max_length=20,
        help_text="Any identifiers of the paper, of any kind and in any common form (DOI, arXiv id, OpenReview id, "
        "ACL Anthology id, PMLR or proceedings link).",
    )
    correction_reason = StrictCharField(
        max_length=2000, required=False, allow_blank=True,
        help_text="To propose changing a field of a paper already in the catalogue: why (a moderator decides).",
    )

    def validate(self, attrs):
        if not any(attrs.get(key) for key in ("title", "doi", "arxiv_id", "openreview_id", "identifiers")):
            raise serializers.ValidationError("Name the paper by DOI, arXiv id, OpenReview id or title.")
        return attrs


class PaperChangeSerializer(PaperSpecSerializer):
    """A moderator's change to a paper: any subset of its fields; identifiers given are added."""

    def validate(self, attrs):
        attrs.pop("correction_reason", None)
        return attrs


class BenchmarkSpecSerializer(StrictSerializer):
    """A benchmark by slug or name; a new name is added with the other fields given."""

    slug = StrictCharField(max_length=80, required=False)
    name = StrictCharField(max_length=200, required=False)
    task = StrictCharField(max_length=200, required=False)
    modality = serializers.ChoiceField(choices=Modality.choices, required=False)
    homepage = StrictURLField(max_length=200, required=False, allow_blank=True)
    description = StrictCharField(max_length=5000, required=False, allow_blank=True)
    correction_reason = StrictCharField(
        max_length=2000, required=False, allow_blank=True,
        help_text="To propose changing a field of a benchmark already in the catalogue: why.",
    )

    def validate(self, attrs):
        if not attrs.get("slug") and not attrs.get("name"):
            raise serializers.ValidationError("Name the benchmark, or give its slug.")
        return attrs


class BenchmarkChangeSerializer(BenchmarkSpecSerializer):
    """A moderator's change to a benchmark: any subset of its fields."""

    def validate(self, attrs):
        attrs.pop("correction_reason", None)
        return attrs


class ClaimSpecSerializer(StrictSerializer):
    """A claim described inline: found if the paper already has it, otherwise added."""

    paper = PaperSpecSerializer()
    benchmark = BenchmarkSpecSerializer()
    metric = StrictCharField(max_length=100)
    reported_value = FiniteFloatField(required=False, allow_null=True)
    higher_is_better = StrictBooleanField(required=False)
    model_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    setting = StrictCharField(max_length=300, required=False, allow_blank=True)
    location = StrictCharField(max_length=100, required=False, allow_blank=True)
    correction_reason = StrictCharField(
        max_length=2000, required=False, allow_blank=True,
        help_text="The claim exists with another reported value, direction or location, and you say the paper "
        "reports this one: why (with location, e.g. 'Table 2'). The correction is proposed to the moderators; "
        "without a reason such a difference is answered 409 catalogue_conflict.",
    )


class MergeSerializer(StrictSerializer):
    """A moderator merges a duplicate into another item of the same kind."""

    into = StrictCharField(max_length=100, help_text="The item that survives: a paper's or claim's id, a "
                           "benchmark's slug.")
    reason = StrictCharField(max_length=2000)


class ClaimChangeSerializer(StrictSerializer):
    """A moderator's change to a claim's own fields (not its paper or benchmark)."""

    metric = StrictCharField(max_length=100, required=False)
    reported_value = FiniteFloatField(required=False, allow_null=True)
    higher_is_better = StrictBooleanField(required=False)
    model_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    setting = StrictCharField(max_length=300, required=False, allow_blank=True)
    location = StrictCharField(max_length=100, required=False, allow_blank=True)
