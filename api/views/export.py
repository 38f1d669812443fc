"""``/api/v1/export/``: every published entry as JSON Lines, streamed in chunks so memory stays flat."""

import json

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from api.permissions import ReadOrSignedIn
from api.schema import errors
from api.serializers.entries import EntrySerializer
from api.views.base import JSONErrorsMixin
from api.views.entries import with_representation
from registry.models import Entry, Version

CHUNK_SIZE = 200


class JSONLinesRenderer(BaseRenderer):
    media_type = "application/jsonl"
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b""  # the view streams its own body; this renderer only lets content negotiation pick it


def export_lines(request):
    """One JSON document per published entry, oldest first, each with its versions' numbers and hashes."""
    versions = Version.objects.only("entry_id", "number", "sha256", "created_at").order_by("number")
    queryset = (
        with_representation(Entry.objects.published())
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="export_versions"))
        .order_by("pk")
    )
    context = {"request": request}
    # iterator(chunk_size=...) runs the prefetches once per chunk, so memory holds one chunk at a time.
    for entry in queryset.iterator(chunk_size=CHUNK_SIZE):
        data = dict(EntrySerializer(entry, context=context).data)
        data["versions"] = [
            {"number": v.number, "sha256": v.sha256, "created_at": v.created_at.isoformat()}
            for v in entry.export_versions
        ]
        yield json.dumps(data, ensure_ascii=False, allow_nan=False, default=str) + "\n"


class ExportView(JSONErrorsMixin, APIView):
    permission_classes = [ReadOrSignedIn]
    renderer_classes = [JSONRenderer, JSONLinesRenderer]  # JSON first: errors are JSON

    @extend_schema(
        summary="Export every published entry (JSON Lines)",
        description="One entry per line, as `entries/` shows it, plus `versions`: each published version's "
        "number, SHA-256 and date. Streamed: start reading before the last line is written.",
        responses={
            (200, JSONLinesRenderer.media_type): OpenApiResponse(OpenApiTypes.STR, description="JSON Lines"),
            **errors(),
        },
    )
    def get(self, request):
        response = StreamingHttpResponse(export_lines(request), content_type="application/jsonl; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="nrr-entries.jsonl"'
        return response
