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
from registry.models import Modality


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
    slug = serializers.CharField()
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

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return absolute(self.context.get("request"), "registry:benchmark", slug=obj.slug)


class PaperSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
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

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), "api:paper-detail", pk=obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return absolute(self.context.get("request"), "registry:paper", pk=obj.pk)


class ClaimSerializer(ClaimBriefSerializer):
    """A claim with its standing: contested once a published entry counters it."""

    url = serializers.SerializerMethodField()
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

    def validate(self, attrs):
        if not any(attrs.get(key) for key in ("title", "doi", "arxiv_id", "openreview_id")):
            raise serializers.ValidationError("Name the paper by DOI, arXiv id, OpenReview id or title.")
        return attrs


class PaperChangeSerializer(PaperSpecSerializer):
    """A moderator's change to a paper: any subset of its fields."""

    def validate(self, attrs):
        return attrs


class BenchmarkSpecSerializer(StrictSerializer):
    """A benchmark by slug or name; a new name is added with the other fields given."""

    slug = StrictCharField(max_length=80, required=False)
    name = StrictCharField(max_length=200, required=False)
    task = StrictCharField(max_length=200, required=False)
    modality = serializers.ChoiceField(choices=Modality.choices, required=False)
    homepage = StrictURLField(max_length=200, required=False, allow_blank=True)
    description = StrictCharField(max_length=5000, required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs.get("slug") and not attrs.get("name"):
            raise serializers.ValidationError("Name the benchmark, or give its slug.")
        return attrs


class BenchmarkChangeSerializer(BenchmarkSpecSerializer):
    def validate(self, attrs):
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


class ClaimChangeSerializer(StrictSerializer):
    """A moderator's change to a claim's own fields (not its paper or benchmark)."""

    metric = StrictCharField(max_length=100, required=False)
    reported_value = FiniteFloatField(required=False, allow_null=True)
    higher_is_better = StrictBooleanField(required=False)
    model_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    setting = StrictCharField(max_length=300, required=False, allow_blank=True)
    location = StrictCharField(max_length=100, required=False, allow_blank=True)
