"""Reviewer lookup: each pasted identifier with its paper, its claims and the published entries countering them."""

from rest_framework import serializers

from api.serializers.catalogue import BenchmarkBriefSerializer, PaperSerializer
from api.serializers.common import StrictCharField, StrictSerializer
from registry.lookup import MAX_LOOKUP_IDS as MAX_IDS


class LookupRequestSerializer(StrictSerializer):
    ids = serializers.ListField(
        child=StrictCharField(max_length=2048, allow_blank=True, trim_whitespace=False),
        max_length=MAX_IDS, allow_empty=False,
        help_text=f"DOIs, arXiv ids or OpenReview ids/links, in any common form; at most {MAX_IDS}.",
    )


class CounterEntrySerializer(serializers.Serializer):
    accession = serializers.CharField()
    title = serializers.CharField()
    relation = serializers.CharField()
    observed_value = serializers.FloatField(allow_null=True)
    url = serializers.URLField()


class LookupClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    benchmark = BenchmarkBriefSerializer()
    metric = serializers.CharField()
    reported_value = serializers.FloatField(allow_null=True)
    model_name = serializers.CharField()
    status = serializers.ChoiceField(choices=["contested", "uncontested"])
    entries = CounterEntrySerializer(many=True)


class SourceEntrySerializer(serializers.Serializer):
    accession = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField()


class LookupResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    paper = PaperSerializer(allow_null=True)
    error = serializers.CharField(allow_null=True, help_text="Why the identifier could not be read, or null.")
    claims = LookupClaimSerializer(many=True)
    source_entries = SourceEntrySerializer(
        many=True, help_text="Published entries that report this paper's own findings (it is itself a negative "
        "result).",
    )


class LookupResponseSerializer(serializers.Serializer):
    results = LookupResultSerializer(many=True)
