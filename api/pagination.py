"""Cursor pagination over any ordering: ``{"next": url|null, "previous": url|null, "results": [...]}``.

DRF's keyset CursorPagination pages on a single column and cannot follow the FilterSet's orderings
(relevance is a computed float; drafts have no publication date, i.e. NULLs; confirmation counts tie).
So the cursor here is an opaque token for a position in the queryset's own ordering, made total by a
final primary-key tiebreak: paging through a result set that does not change meanwhile yields every
row exactly once, whatever the ordering. One extra row is fetched instead of a COUNT query.
"""

import base64
import binascii

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_OFFSET = 10_000_000


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o={offset}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    """The offset a cursor names. A cursor we did not make names no page: 404, as DRF's cursors do."""
    invalid = NotFound("Invalid cursor: use the `next` and `previous` links as given.")
    if len(cursor) > 24:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeError):
        raise invalid from None
    if not raw.startswith("o=") or not raw[2:].isascii() or not raw[2:].isdigit():
        raise invalid
    offset = int(raw[2:])
    if offset > MAX_OFFSET:
        raise invalid
    return offset


def with_total_order(queryset):
    """The queryset's ordering (explicit, or the model's default) with a primary-key tiebreak."""
    ordering = list(queryset.query.order_by) or (
        list(queryset.model._meta.ordering) if queryset.query.default_ordering else []
    )
    names = {o for o in ordering if isinstance(o, str)}
    if not names & {"pk", "-pk", "id", "-id"}:
        ordering.append("-pk")
    return queryset.order_by(*ordering)


class Pagination(BasePagination):
    page_size = 25
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        self.offset = _decode(cursor) if cursor else 0
        rows = list(with_total_order(queryset)[self.offset : self.offset + self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        return rows[: self.page_size]

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                f"Give a whole number from 1 to {self.max_page_size}."
            ]})
        return int(raw)

    def _link(self, offset: int | None) -> str | None:
        url = self.request.build_absolute_uri()
        if offset is None:
            return None
        if offset <= 0:
            return remove_query_param(url, self.cursor_query_param)
        return replace_query_param(url, self.cursor_query_param, _encode(offset))

    def get_paginated_response(self, data):
        next_offset = self.offset + self.page_size if self.has_next else None
        previous_offset = max(self.offset - self.page_size, 0) if self.offset > 0 else None
        return Response({"next": self._link(next_offset), "previous": self._link(previous_offset), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param, "required": False, "in": "query",
                "description": "The `next` or `previous` link's cursor.",
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{0,24}$"},
            },
            {
                "name": self.page_size_query_param, "required": False, "in": "query",
                "description": f"Results per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

