"""``/api/v1/entries/``: list, search, file, edit, move through the workflow, versions, citations."""

import json
import re

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from api.exceptions import Conflict, PreconditionFailed, PreconditionRequired
from api.filtering import FilterBackend
from api.permissions import ReadOrSignedIn
from api.schema import errors
from api.serializers.entries import (
    ConfirmSerializer,
    EntrySerializer,
    EntryWriteSerializer,
    ReasonSerializer,
    VersionSerializer,
    VersionSummarySerializer,
)
from api.views.base import JSONErrorsMixin
from registry import citations, workflow
from registry.accounts_policy import require_can_file
from registry.filters import EntryFilterSet
from registry.models import Confirmation, Entry, Status, Version

_ETAG = re.compile(r'^\s*(?:W/)?"(?P<accession>NR-[0-9]+)-r(?P<revision>[0-9]{1,9})"\s*$')

ACCESSION = OpenApiParameter(
    "accession", OpenApiTypes.STR, OpenApiParameter.PATH, description="The entry's accession, e.g. NR-000042."
)
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="The ETag of the entry as you read it, e.g. \"NR-000042-r3\".",
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Optionally, the ETag you read: refuses the action if the entry changed since.",
)


def etag(entry: Entry) -> str:
    return f'"{entry.accession}-r{entry.revision}"'


def with_representation(queryset):
    """Entries with everything EntrySerializer reads, in a fixed number of queries whatever the page size."""
    confirmations = (
        Confirmation.objects.filter(entry=OuterRef("pk")).order_by().values("entry")
        .annotate(n=Count("pk")).values("n")[:1]
    )
    return (
        queryset.select_related("owner").with_evidence()
        .annotate(confirmation_count=Coalesce(Subquery(confirmations, output_field=IntegerField()), Value(0)))
    )


class _TextRenderer(BaseRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes | str) else b""


class BibTeXRenderer(_TextRenderer):
    media_type = "application/x-bibtex"
    format = "bibtex"


class RISRenderer(_TextRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"


class CSLJSONRenderer(JSONRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csl-json"


CITATION_STYLES = {
    "bibtex": ("bibtex", BibTeXRenderer.media_type),
    "ris": ("ris", RISRenderer.media_type),
    "csl-json": ("csl_json", CSLJSONRenderer.media_type),
}

_ENTRY_ERRORS = (404,)
_WRITE_ERRORS = (403, 404, 409)


@extend_schema_view(
    list=extend_schema(
        summary="List and search entries",
        description="Published entries, plus your own at any stage when signed in. `q` searches the full text; "
        "`ordering` is relevance (with `q`), newest, oldest or most_confirmed.",
        responses={200: EntrySerializer(many=True), **errors(400)},
    ),
    retrieve=extend_schema(
        summary="Read an entry", parameters=[ACCESSION],
        responses={200: EntrySerializer, **errors(*_ENTRY_ERRORS)},
    ),
    create=extend_schema(
        summary="File a draft",
        description="Creates a draft owned by you. Each evidence `claim` is an existing claim's id or a claim "
        "described inline (paper, benchmark, metric, reported value...): found in the catalogue (or among your own "
        "proposals), or proposed (new papers, benchmarks, claims and identifiers are proposals that only you and "
        "moderators see until a moderator publishes the entry). A description that differs from the claim, paper "
        "or benchmark it names is answered 409 `catalogue_conflict` with the differing fields, unless it carries "
        "a `correction_reason`. Server-owned fields (status, accession, version, owner, timestamps) and unknown "
        "fields are refused with 400.",
        request=EntryWriteSerializer, responses={201: EntrySerializer, **errors(400, 403, 409)},
    ),
    update=extend_schema(
        summary="Replace an entry's content",
        description="Drafts are edited in place; a published entry becomes a new version and needs "
        "`change_note`, and may use accepted catalogue items only (a revision is public at once). Optional fields "
        "you omit are reset. Catalogue clashes are answered 409 `catalogue_conflict`, as on create.",
        parameters=[ACCESSION, IF_MATCH], request=EntryWriteSerializer,
        responses={200: EntrySerializer, **errors(400, *_WRITE_ERRORS, 412, 428)},
    ),
    partial_update=extend_schema(
        summary="Change some of an entry's content",
        description="Like PUT, but only the fields sent change.",
        parameters=[ACCESSION, IF_MATCH], request=EntryWriteSerializer,
        responses={200: EntrySerializer, **errors(400, *_WRITE_ERRORS, 412, 428)},
    ),
    destroy=extend_schema(
        summary="Delete a draft", description="Only drafts that were never submitted can be deleted.",
        parameters=[ACCESSION], responses={204: None, **errors(*_WRITE_ERRORS)},
    ),
)
class EntryViewSet(
    JSONErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    mixins.DestroyModelMixin, viewsets.GenericViewSet,
):
    serializer_class = EntrySerializer
    filterset_class = EntryFilterSet
    filter_backends = [FilterBackend]
    permission_classes = [ReadOrSignedIn]
    lookup_field = "accession"
    lookup_value_regex = "[^/]+"
    queryset = Entry.objects.none()  # for the schema; get_queryset() filters by who asks

    def get_queryset(self):
        user = self.request.user
        visible = Entry.objects.visible_to(user)
        if self.action == "list":
            # The list is what is published, plus the caller's own entries at any stage.
            mine = Q(owner=user) if user.is_authenticated else Q(pk__in=[])
            visible = visible.filter(Q(status=Status.PUBLISHED) | mine)
        return with_representation(visible)

    def get_object(self) -> Entry:
        entry = self.get_queryset().by_accession(self.kwargs.get("accession", "")).first()
        if entry is None:
            raise NotFound("No entry with that accession is visible to you.")
        return entry

    def _respond(self, entry_pk: int, status_code=status.HTTP_200_OK) -> Response:
        # Re-read with the representation's prefetches. Not through visible_to: a moderator who has just
        # returned a submission to draft still gets the result of their own action.
        entry = with_representation(Entry.objects.filter(pk=entry_pk)).get()
        data = EntrySerializer(entry, context=self.get_serializer_context()).data
        headers = {"ETag": etag(entry)}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = data["url"]
        return Response(data, status=status_code, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        return Response(self.get_serializer(entry).data, headers={"ETag": etag(entry)})

    def create(self, request, *args, **kwargs):
        require_can_file(request.user)  # a confirmed e-mail address first (403 with the reason)
        serializer = EntryWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.to_workflow()
        entry = workflow.entry_create(
            by=request.user, fields=data["fields"], authors=data["authors"], evidence=data["evidence"]
        )
        return self._respond(entry.pk, status.HTTP_201_CREATED)

    def _expected_revision(self, request, entry: Entry, *, required: bool) -> int | None:
        """The revision If-Match names (428 if it is required and missing, 412 if it is not the current one)."""
        header = request.headers.get("If-Match")
        if header is None or not header.strip():
            if required:
                raise PreconditionRequired()
            return None
        # If-Match may list several tags; weak tags (W/"...") never match, as RFC 9110 says for If-Match.
        for tag in header.split(","):
            match = _ETAG.match(tag)
            if match and not tag.strip().startswith("W/") and match.group("accession") == entry.accession \
                    and int(match.group("revision")) == entry.revision:
                return entry.revision
        raise PreconditionFailed(
            f"If-Match does not name the current revision of this entry: someone may have changed it since "
            f"you read it. Its ETag is now {etag(entry)}; read it again and re-apply your change."
        )

    def update(self, request, *args, partial=False, **kwargs):
        entry = self.get_object()
        # Bad input is reported first (400): it is wrong whatever revision the entry is at.
        serializer = EntryWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        expected = self._expected_revision(request, entry, required=True)
        data = serializer.to_workflow()
        workflow.entry_edit(entry=entry, by=request.user, expected_revision=expected, fields=data["fields"],
                            authors=data["authors"], evidence=data["evidence"], change_note=data["change_note"])
        return self._respond(entry.pk)

    def destroy(self, request, *args, **kwargs):
        workflow.entry_delete(entry=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # ----------------------------------------------------------------------- workflow actions

    @extend_schema(
        summary="Submit a draft for review", parameters=[ACCESSION, IF_MATCH_OPTIONAL], request=None,
        responses={200: EntrySerializer, **errors(400, *_WRITE_ERRORS, 412)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, accession=None):
        entry = self.get_object()
        expected = self._expected_revision(request, entry, required=False)
        workflow.entry_submit(entry=entry, by=request.user, expected_revision=expected)
        return self._respond(entry.pk)

    @extend_schema(
        summary="Publish a submission (moderators)", parameters=[ACCESSION], request=None,
        responses={200: EntrySerializer, **errors(400, *_WRITE_ERRORS)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request, accession=None):
        entry = self.get_object()
        workflow.entry_publish(entry=entry, by=request.user)
        return self._respond(entry.pk)

    @extend_schema(
        summary="Return a submission to its owner (moderators)", parameters=[ACCESSION], request=ReasonSerializer,
        responses={200: EntrySerializer, **errors(400, *_WRITE_ERRORS)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, accession=None):
        entry = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        workflow.entry_reject(entry=entry, by=request.user, reason=body.validated_data["reason"])
        return self._respond(entry.pk)

    @extend_schema(
        summary="Withdraw a published entry (owner or moderators)", parameters=[ACCESSION],
        request=ReasonSerializer, responses={200: EntrySerializer, **errors(400, *_WRITE_ERRORS)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request, accession=None):
        entry = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        workflow.entry_withdraw(entry=entry, by=request.user, reason=body.validated_data["reason"])
        return self._respond(entry.pk)

    @extend_schema(
        summary="Confirm: you observed this failure too", parameters=[ACCESSION], request=ConfirmSerializer,
        responses={201: EntrySerializer, **errors(400, *_WRITE_ERRORS)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def confirm(self, request, accession=None):
        entry = self.get_object()
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        workflow.entry_confirm(entry=entry, by=request.user, note=body.validated_data["note"])
        return self._respond(entry.pk, status.HTTP_201_CREATED)

    # ----------------------------------------------------------------------- versions and citations

    @extend_schema(
        summary="An entry's published versions", parameters=[ACCESSION],
        responses={200: VersionSummarySerializer(many=True), **errors(404)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def versions(self, request, accession=None):
        entry = self.get_object()
        versions = entry.versions.select_related("entry").order_by("number")
        return Response(VersionSummarySerializer(versions, many=True, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="One published version, with its SHA-256",
        parameters=[ACCESSION, OpenApiParameter("number", {"type": "integer", "minimum": 1, "maximum": 999_999_999},
                                                OpenApiParameter.PATH)],
        responses={200: VersionSerializer, **errors(404)},
    )
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[^/]+)", url_name="version",
            filter_backends=[], pagination_class=None)
    def version(self, request, accession=None, number=None):
        entry = self.get_object()
        found = None
        if number.isascii() and number.isdigit() and len(number) <= 9:
            found = entry.versions.select_related("entry").filter(number=int(number)).first()
        if found is None:
            raise NotFound(f"{entry.accession} has no version {number}.")
        return Response(VersionSerializer(found, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Cite an entry",
        description="BibTeX, RIS or CSL-JSON for the latest (or the given) published version.",
        parameters=[
            ACCESSION,
            OpenApiParameter("style", OpenApiTypes.STR, enum=list(CITATION_STYLES), default="bibtex"),
            OpenApiParameter("version", {"type": "integer", "minimum": 1, "maximum": 999_999_999},
                             description="A published version number; default latest."),
        ],
        responses={
            (200, BibTeXRenderer.media_type): OpenApiResponse(OpenApiTypes.STR, description="BibTeX"),
            (200, RISRenderer.media_type): OpenApiResponse(OpenApiTypes.STR, description="RIS"),
            (200, CSLJSONRenderer.media_type): OpenApiResponse(
                {"type": "array", "items": {"type": "object", "additionalProperties": True}},
                description="CSL-JSON: a list holding one item",
            ),
            **errors(400, 404, 409),
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None,
            renderer_classes=[JSONRenderer, BibTeXRenderer, RISRenderer, CSLJSONRenderer])
    def citation(self, request, accession=None):
        style = request.query_params.get("style", "bibtex")
        if style not in CITATION_STYLES:
            raise ValidationError({"style": [f"Choose one of: {', '.join(CITATION_STYLES)}."]})
        raw_version = request.query_params.get("version")
        version = None
        if raw_version is not None:
            if not raw_version.isascii() or not raw_version.isdigit() or len(raw_version) > 9:
                raise ValidationError({"version": ["Give a version number."]})
            version = int(raw_version)
        entry = self.get_object()
        if entry.version < 1:
            raise Conflict(f"{entry.accession} is not published yet, so it has no version to cite.")
        if version is not None and not 1 <= version <= entry.version:
            raise NotFound(f"{entry.accession} has no version {version}.")
        function_name, media_type = CITATION_STYLES[style]
        try:
            text = getattr(citations, function_name)(entry, version=version)
        except Version.DoesNotExist:
            raise NotFound(f"{entry.accession} has no version {version}.") from None
        if isinstance(text, dict):
            # CSL-JSON is a list of items, as citeproc processors read it.
            text = json.dumps([text], ensure_ascii=False, indent=2)
        return HttpResponse(text, content_type=f"{media_type}; charset=utf-8")
