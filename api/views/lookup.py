"""``/api/v1/lookup/``: what a reviewer pastes, answered for many papers at once."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import Anyone
from api.schema import errors
from api.serializers.catalogue import BenchmarkBriefSerializer, PaperSerializer, absolute
from api.serializers.lookup import LookupRequestSerializer, LookupResponseSerializer
from api.views.base import JSONErrorsMixin
from registry.lookup import MAX_LOOKUP_IDS as MAX_IDS
from registry.lookup import lookup_identifiers
from registry.models import Status

_DESCRIPTION = (
    "Each identifier (DOI, arXiv id, OpenReview id; bare, prefixed or as a link, with or without arXiv "
    "version) with the paper it names, that paper's claims and the published entries that counter them. "
    f"An identifier that is malformed or unknown gets an `error`, not a failed request. At most {MAX_IDS}."
)


class LookupView(JSONErrorsMixin, APIView):
    """Reviewer lookup: anyone may ask, by GET (``?id=…&id=…``) or by POST (``{"ids": [...]}``)."""

    # POST here only reads; it exists because long lists do not fit in a URL.
    permission_classes = [Anyone]

    @extend_schema(
        summary="Look papers up by identifier",
        description=_DESCRIPTION,
        parameters=[OpenApiParameter("id", OpenApiTypes.STR, many=True, required=True, explode=True,
                                     description="Repeat for several papers.")],
        responses={200: LookupResponseSerializer, **errors(400)},
    )
    def get(self, request):
        ids = request.query_params.getlist("id")
        if not ids:
            raise ValidationError({"id": ["Give at least one identifier: ?id=…&id=…"]})
        if len(ids) > MAX_IDS:
            raise ValidationError({"id": [f"At most {MAX_IDS} identifiers in one request."]})
        return self._answer(request, ids)

    @extend_schema(
        summary="Look papers up by identifier (many)",
        description=_DESCRIPTION,
        request=LookupRequestSerializer,
        responses={200: LookupResponseSerializer, **errors(400)},
    )
    def post(self, request):
        body = LookupRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(request, body.validated_data["ids"])

    def _answer(self, request, ids):
        results = []
        for result in lookup_identifiers(list(ids)):
            claims = []
            for claim in result.claims or []:
                entries = [
                    {
                        "accession": row.entry.accession,
                        "title": row.entry.title,
                        "relation": row.relation,
                        "observed_value": row.observed_value,
                        "url": absolute(request, "api:entry-detail", accession=row.entry.accession),
                    }
                    for row in claim.counter_evidence
                    if row.entry.status == Status.PUBLISHED  # only published entries count, whatever we are given
                ]
                claims.append({
                    "id": claim.pk,
                    "benchmark": BenchmarkBriefSerializer(claim.benchmark).data,
                    "metric": claim.metric,
                    "reported_value": claim.reported_value,
                    "model_name": claim.model_name,
                    "status": "contested" if entries else "uncontested",
                    "entries": entries,
                })
            results.append({
                "query": result.query,
                "paper": PaperSerializer(result.paper, context={"request": request}).data if result.paper else None,
                "error": None if result.found else result.not_found_message,
                "matched_by": result.matched_by,
                "identifier": result.parsed.label if result.parsed else None,
                "claims": claims,
                "source_entries": [
                    {"accession": entry.accession, "title": entry.title,
                     "url": absolute(request, "api:entry-detail", accession=entry.accession)}
                    for entry in result.source_entries if entry.status == Status.PUBLISHED
                ],
            })
        return Response({"results": results})
