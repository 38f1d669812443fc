"""Reviewer lookup: each pasted identifier with its paper, its claims and the published entries countering them."""

from rest_framework import serializers

from api.serializers.catalogue import BenchmarkBriefSerializer, PaperSerializer
from api.serializers.common import StrictCharField, StrictSerializer
from registry.lookup import MAX_LOOKUP_IDS as MAX_IDS


class LookupRequestSerializer(StrictSerializer):
    ids = serializers.ListField(
        child=StrictCharField(max_length=2048, allow_blank=True, trim_whitespace=False),
        max_length=MAX_IDS, allow_empty=False,
        help_text=f"Identifiers (DOI, arXiv, OpenReview, ACL Anthology, PMLR, in any common form or as links), "
        f"references or titles; at most {MAX_IDS}.",
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
    error = serializers.CharField(
        allow_null=True, help_text="Null when the paper was found; otherwise why not: the line could not be read "
        "as an identifier, or the paper is not in the registry's public catalogue.",
    )
    matched_by = serializers.ChoiceField(
        choices=["identifier", "title"], allow_null=True,
        help_text="How the paper was found: by an identifier, or (no identifier given) by its normalised title.",
    )
    identifier = serializers.CharField(allow_null=True, help_text="The identifier read from the line, normalised "
                                       "(e.g. arXiv:1810.04805), or null for a title.")
    claims = LookupClaimSerializer(many=True)
    source_entries = SourceEntrySerializer(
        many=True, help_text="Published entries that report this paper's own findings (it is itself a negative "
        "result).",
    )


class LookupResponseSerializer(serializers.Serializer):
    results = LookupResultSerializer(many=True)
