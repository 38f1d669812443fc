"""``/api/v1/claims/``, ``papers/``, ``benchmarks/``: read for all, propose when signed in, moderate.

A researcher's new paper, benchmark or claim is a *proposal* (``review_status: proposed``), seen by them and
moderators only until a moderator accepts it; a moderator's is accepted at once. Describing an item that
exists finds it (200); a description that differs from it is answered 409 ``catalogue_conflict``, unless it
carries a ``correction_reason``, which proposes the change. Merged duplicates answer 301 to the survivor.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
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
    MergeSerializer,
    PaperChangeSerializer,
    PaperSerializer,
    PaperSpecSerializer,
)
from api.views.base import JSONErrorsMixin
from registry import identifiers, workflow
from registry.models import Benchmark, Claim, Paper, ReviewStatus


class CatalogueViewSet(
    JSONErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CatalogueAccess]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = []
    lookup_value_regex = "[^/]+"
    spec_serializer = None
    change_serializer = None

    def base_queryset(self):
        raise NotImplementedError

    def resolve(self, data: dict):
        raise NotImplementedError

    def get_queryset(self):
        return self.base_queryset().visible_to(self.request.user)

    def get_object(self):
        lookup = {self.lookup_field: self.kwargs[self.lookup_field]}
        # Only a value the column could hold is looked up (a NUL byte is an error on PostgreSQL, not a miss).
        pattern = r"[0-9]{1,18}" if self.lookup_field == "pk" else r"[-a-zA-Z0-9_]{1,80}"
        if not re.fullmatch(pattern, str(lookup[self.lookup_field])):
            raise NotFound("No such object visible to you.")
        item = self.base_queryset().filter(**lookup).first()
        if item is None or (item.review_status != ReviewStatus.MERGED and not item.visible_to(self.request.user)):
            raise NotFound("No such object visible to you.")
        self.check_object_permissions(self.request, item)
        return item

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        if item.review_status == ReviewStatus.MERGED:
            survivor = self.base_queryset().get(pk=item.survivor().pk)
            return HttpResponsePermanentRedirect(self.get_serializer(survivor).data["url"])
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    def create(self, request, *args, **kwargs):
        spec = self.spec_serializer(data=request.data)
        spec.is_valid(raise_exception=True)
        obj, created = self.resolve(dict(spec.validated_data))
        data = self.get_serializer(self.get_queryset().get(pk=obj.pk)).data
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(data, status=code, headers={"Location": data["url"]})

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        if obj.review_status == ReviewStatus.MERGED:
            raise NotFound("This item was merged into another; change the survivor.")
        change = self.change_serializer(data=request.data, partial=True)
        change.is_valid(raise_exception=True)
        workflow.catalogue_update(obj=obj, by=request.user, fields=dict(change.validated_data))
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @action(detail=True, methods=["post"], permission_classes=[CatalogueAccess])
    def merge(self, request, *args, **kwargs):
        source = self.get_object()
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        into = body.validated_data["into"]
        if self.lookup_field == "pk" and not into.isdigit():
            raise ValidationError({"into": ["Give the id of the surviving item."]})
        target = get_object_or_404(self.base_queryset(), **{self.lookup_field: into})
        survivor = workflow.catalogue_merge(source=source, target=target, by=request.user,
                                            reason=body.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=survivor.pk)).data)


_CREATE_DOC = (
    "Finds the {0} if it is already in the catalogue or among your own proposals (200), or proposes it (201; "
    "`review_status: proposed`, seen by you and moderators until a moderator accepts it; a moderator's is "
    "accepted at once). A description that differs from the item it names is answered 409 "
    "`catalogue_conflict` with the differing fields, unless it gives a `correction_reason`: then the change is "
    "proposed to the moderators and the item is answered as it stands."
)
_CHANGE_DOC = "Moderators only. The change is recorded in the item's history; entries that mention it are re-indexed."
_MERGE_DOC = ("Moderators only. Merges this item into `into`: its evidence, claims and identifiers move to the "
              "survivor, the merge is recorded, and this item's address answers 301 to the survivor from now on.")
_READ_DOC = "A merged item answers 301 with the survivor's address. Proposals are visible to their proposer and " \
            "moderators only."
_MOVED = {301: OpenApiResponse(description="Merged into another item: Location names the survivor.")}


def _schema(kind: str, read, spec, change, extra_list_params=()):
    return extend_schema_view(
        list=extend_schema(summary=f"List {kind}s", parameters=list(extra_list_params),
                           description="The accepted catalogue, plus your own proposals (all proposals for "
                           "moderators).", responses={200: read(many=True), **errors(400)}),
        retrieve=extend_schema(summary=f"Read a {kind}", description=_READ_DOC,
                               responses={200: read, **_MOVED, **errors(404)}),
        create=extend_schema(summary=f"Find or propose a {kind}", description=_CREATE_DOC.format(kind), request=spec,
                             responses={200: read, 201: read, **errors(400, 409)}),
        partial_update=extend_schema(summary=f"Change a {kind}", description=_CHANGE_DOC, request=change,
                                     responses={200: read, **errors(400, 403, 404, 409)}),
        merge=extend_schema(summary=f"Merge a duplicate {kind}", description=_MERGE_DOC, request=MergeSerializer,
                            responses={200: read, **errors(400, 403, 404, 409)}),
    )


@_schema("claim", ClaimSerializer, ClaimSpecSerializer, ClaimChangeSerializer)
class ClaimViewSet(CatalogueViewSet):
    serializer_class = ClaimSerializer
    queryset = Claim.objects.all()
    spec_serializer = ClaimSpecSerializer
    change_serializer = ClaimChangeSerializer

    def base_queryset(self):
        return (Claim.objects.with_counter_counts().select_related("paper", "benchmark")
                .prefetch_related("paper__identifiers").order_by("pk"))

    def resolve(self, data):
        return workflow.resolve_claim(data, by=self.request.user)


_PAPER_FILTERS = [
    OpenApiParameter("id", OpenApiTypes.STR, description="Any identifier of the paper, of any kind, in any common "
                     "form (DOI, arXiv, OpenReview, ACL Anthology, PMLR or proceedings link)."),
    OpenApiParameter("doi", OpenApiTypes.STR, description="A DOI in any common form (bare, doi:, doi.org link)."),
    OpenApiParameter("arxiv", OpenApiTypes.STR, description="An arXiv id in any common form (arXiv:…, abs link, "
                     "with or without version)."),
    OpenApiParameter("openreview", OpenApiTypes.STR, description="An OpenReview forum id or link."),
    OpenApiParameter("title", OpenApiTypes.STR, description="A title, matched normalised (case, punctuation, "
                     "accents, LaTeX braces)."),
]


@_schema("paper", PaperSerializer, PaperSpecSerializer, PaperChangeSerializer, _PAPER_FILTERS)
class PaperViewSet(CatalogueViewSet):
    serializer_class = PaperSerializer
    queryset = Paper.objects.all()
    spec_serializer = PaperSpecSerializer
    change_serializer = PaperChangeSerializer

    def base_queryset(self):
        return Paper.objects.prefetch_related("identifiers").order_by("pk")

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        params = self.request.query_params
        for param, parse in (("id", identifiers.parse_paper_identifier), ("doi", _as("doi")),
                             ("arxiv", _as("arxiv")), ("openreview", _as("openreview"))):
            raw = params.get(param)
            if raw is None or not raw.strip():
                continue  # blank means "any", as for every other filter
            try:
                ident = parse(raw)
            except identifiers.IdentifierError as exc:
                raise ValidationError({param: [str(exc)]}) from None
            queryset = queryset.filter(pk__in=Paper.objects.by_identifier(ident, user=self.request.user).values("pk"))
        if (params.get("title") or "").strip():
            queryset = queryset.by_title(params["title"])
        return queryset

    def resolve(self, data):
        return workflow.resolve_paper(data, by=self.request.user)


def _as(kind: str):
    """A parser for one kind of identifier, for the kind-specific filters."""
    normalise = {"doi": identifiers.normalize_doi, "arxiv": identifiers.normalize_arxiv_id,
                 "openreview": identifiers.normalize_openreview_id}[kind]

    def parse(raw):
        # Through the general parser, so that arXiv's DataCite DOI finds the paper by its arXiv id.
        return identifiers.parse_paper_identifier(normalise(raw))
    return parse


@_schema("benchmark", BenchmarkSerializer, BenchmarkSpecSerializer, BenchmarkChangeSerializer)
class BenchmarkViewSet(CatalogueViewSet):
    serializer_class = BenchmarkSerializer
    queryset = Benchmark.objects.all()
    spec_serializer = BenchmarkSpecSerializer
    change_serializer = BenchmarkChangeSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def base_queryset(self):
        return Benchmark.objects.prefetch_related("aliases").order_by("name", "pk")

    def resolve(self, data):
        return workflow.resolve_benchmark(data, by=self.request.user)
