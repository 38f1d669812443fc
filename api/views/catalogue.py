"""``/api/v1/claims/``, ``papers/``, ``benchmarks/``: read for all, add when signed in, change as a moderator."""

from django.db import transaction
from django.db.models import Max
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.permissions import CatalogueAccess
from api.schema import errors
from api.serializers.catalogue import (
    BenchmarkChangeSerializer,
    BenchmarkSerializer,
    BenchmarkSpecSerializer,
    ClaimChangeSerializer,
    ClaimSerializer,
    ClaimSpecSerializer,
    PaperChangeSerializer,
    PaperSerializer,
    PaperSpecSerializer,
)
from api.views.base import JSONErrorsMixin
from registry import identifiers, workflow
from registry.models import Benchmark, Claim, Paper


def _find_or_create(model, resolve):
    """Run a workflow find-or-create; tell whether it made a new row (201) or found one (200)."""
    with transaction.atomic():
        before = model.objects.aggregate(last=Max("pk"))["last"] or 0
        obj = resolve()
    return obj, (status.HTTP_201_CREATED if obj.pk > before else status.HTTP_200_OK)


class CatalogueViewSet(
    JSONErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CatalogueAccess]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = []
    lookup_value_regex = "[^/]+"
    model = None
    spec_serializer = None
    change_serializer = None

    def resolve(self, data: dict):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        spec = self.spec_serializer(data=request.data)
        spec.is_valid(raise_exception=True)
        obj, code = _find_or_create(self.model, lambda: self.resolve(dict(spec.validated_data)))
        obj = self.get_queryset().get(pk=obj.pk)
        data = self.get_serializer(obj).data
        return Response(data, status=code, headers={"Location": data["url"]})

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        change = self.change_serializer(data=request.data, partial=True)
        change.is_valid(raise_exception=True)
        workflow.catalogue_update(obj=obj, by=request.user, fields=dict(change.validated_data))
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)


_CREATE_DOC = "Finds the {0} if it is already known (200) or adds it (201). Any signed-in user may add."
_CHANGE_DOC = "Moderators only. Entries that mention it are re-indexed for search."


@extend_schema_view(
    list=extend_schema(summary="List claims", responses={200: ClaimSerializer(many=True), **errors(400)}),
    retrieve=extend_schema(summary="Read a claim", responses={200: ClaimSerializer, **errors(404)}),
    create=extend_schema(
        summary="Add a claim", description=_CREATE_DOC.format("claim (with its paper and benchmark)"),
        request=ClaimSpecSerializer, responses={200: ClaimSerializer, 201: ClaimSerializer, **errors(400, 409)},
    ),
    partial_update=extend_schema(
        summary="Change a claim", description=_CHANGE_DOC, request=ClaimChangeSerializer,
        responses={200: ClaimSerializer, **errors(400, 403, 404, 409)},
    ),
)
class ClaimViewSet(CatalogueViewSet):
    serializer_class = ClaimSerializer
    queryset = Claim.objects.all()
    model = Claim
    spec_serializer = ClaimSpecSerializer
    change_serializer = ClaimChangeSerializer

    def get_queryset(self):
        return Claim.objects.with_counter_counts().select_related("paper", "benchmark").order_by("pk")

    def resolve(self, data):
        return workflow.claim_resolve(data, by=self.request.user)


_PAPER_FILTERS = [
    OpenApiParameter("doi", OpenApiTypes.STR, description="A DOI in any common form (bare, doi:, doi.org link)."),
    OpenApiParameter("arxiv", OpenApiTypes.STR, description="An arXiv id in any common form (arXiv:…, abs link, "
                     "with or without version)."),
    OpenApiParameter("openreview", OpenApiTypes.STR, description="An OpenReview forum id or link."),
]


@extend_schema_view(
    list=extend_schema(
        summary="List papers", parameters=_PAPER_FILTERS,
        responses={200: PaperSerializer(many=True), **errors(400)},
    ),
    retrieve=extend_schema(summary="Read a paper", responses={200: PaperSerializer, **errors(404)}),
    create=extend_schema(
        summary="Add a paper", description=_CREATE_DOC.format("paper (by DOI, arXiv id, OpenReview id or title)"),
        request=PaperSpecSerializer, responses={200: PaperSerializer, 201: PaperSerializer, **errors(400, 409)},
    ),
    partial_update=extend_schema(
        summary="Change a paper", description=_CHANGE_DOC, request=PaperChangeSerializer,
        responses={200: PaperSerializer, **errors(400, 403, 404, 409)},
    ),
)
class PaperViewSet(CatalogueViewSet):
    serializer_class = PaperSerializer
    queryset = Paper.objects.all()
    model = Paper
    spec_serializer = PaperSpecSerializer
    change_serializer = PaperChangeSerializer

    def get_queryset(self):
        queryset = Paper.objects.order_by("pk")
        if self.action != "list":
            return queryset
        for param, normalise, field in (
            ("doi", identifiers.normalize_doi, "doi"),
            ("arxiv", identifiers.normalize_arxiv_id, "arxiv_id"),
            ("openreview", identifiers.normalize_openreview_id, "openreview_id"),
        ):
            raw = self.request.query_params.get(param)
            if raw is None or not raw.strip():
                continue  # blank means "any", as for every other filter
            try:
                queryset = queryset.filter(**{field: normalise(raw)})
            except identifiers.IdentifierError as exc:
                raise ValidationError({param: [str(exc)]}) from None
        return queryset

    def resolve(self, data):
        return workflow.paper_resolve(data)


@extend_schema_view(
    list=extend_schema(summary="List benchmarks", responses={200: BenchmarkSerializer(many=True), **errors(400)}),
    retrieve=extend_schema(summary="Read a benchmark", responses={200: BenchmarkSerializer, **errors(404)}),
    create=extend_schema(
        summary="Add a benchmark", description=_CREATE_DOC.format("benchmark (by slug or name)"),
        request=BenchmarkSpecSerializer,
        responses={200: BenchmarkSerializer, 201: BenchmarkSerializer, **errors(400, 409)},
    ),
    partial_update=extend_schema(
        summary="Change a benchmark", description=_CHANGE_DOC, request=BenchmarkChangeSerializer,
        responses={200: BenchmarkSerializer, **errors(400, 403, 404, 409)},
    ),
)
class BenchmarkViewSet(CatalogueViewSet):
    serializer_class = BenchmarkSerializer
    queryset = Benchmark.objects.all()
    model = Benchmark
    spec_serializer = BenchmarkSpecSerializer
    change_serializer = BenchmarkChangeSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return Benchmark.objects.order_by("name", "pk")

    def resolve(self, data):
        return workflow.benchmark_resolve(data)
