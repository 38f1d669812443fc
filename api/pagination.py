"""Keyset cursor pagination over any ordering: ``{"next": url|null, "previous": url|null, "results": [...]}``.

DRF's CursorPagination pages on a single column and cannot follow the FilterSet's orderings (relevance is
a computed float; drafts have no publication date, i.e. NULLs; confirmation counts tie). So the keys are
read from the queryset's own ``order_by`` (or the model's default ordering): field names with an optional
``-``, annotations (``rank``, ``confirmation_count``) and ``OrderBy`` expressions with their
``nulls_first``/``nulls_last``. The primary key is appended as the final tiebreak (in the direction of
the last key) unless the ordering already has it, so the order is total.

A cursor holds the key values of a boundary row: the last row of a page for ``next``, the first for
``previous`` (with a direction flag), plus a fingerprint of the ordering; it is base64url of compact JSON
``{"d": "n"|"p", "o": "<fingerprint>", "v": [value, ..., pk]}``. The next page is the rows strictly
after the boundary in the ordering: the lexicographic "after" condition, an OR of AND-prefixes of
equalities and one strict comparison per key, with NULLs placed where the ordering (or the engine's
default) puts them. A previous page runs the reversed ordering from the first row and reverses the rows.
Unlike an offset, this neither repeats nor skips a row when rows are added or removed between requests.

Values keep their exact type: datetimes as ISO strings read back as aware datetimes, floats through JSON's
round-trip ``repr``. Float keys (the relevance ``rank``) are selected, ordered and filtered as a cast to
double precision on both engines: PostgreSQL's ``ts_rank`` is a ``real`` whose text form does not round-trip
through a Python float, so without the cast a tied rank would not compare equal to itself. SQLite's FTS5
``bm25`` is a correlated subquery that works in the ``WHERE`` as in the ``SELECT``, so relevance is real
keyset paging on both engines (no offset fallback). One limit, in the nature of relevance rather than of the
cursor: ``bm25`` weighs terms by corpus statistics, so on SQLite publishing or withdrawing an entry between
two requests can move every rank, and a row whose rank crossed the boundary may repeat or be missed; the
other orderings, and ``ts_rank`` (which reads only the entry's own text), do not move.

One extra row is fetched instead of a COUNT query: one query per page (plus the view's prefetches).
A cursor we did not make (bad base64 or JSON, other types, another ordering) names no page: 404.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import hashlib
import json
import math
import re
import uuid
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import connections
from django.db.models import F, FloatField, Q
from django.db.models.expressions import OrderBy
from django.db.models.functions import Cast
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

MAX_CURSOR_LENGTH = 2048  # a 200-character benchmark name in UTF-8 fits; the schema states the bound
_CURSOR = re.compile(r"[A-Za-z0-9_-]*")
_INT_RANGE = (-(2**63) + 1, 2**63 - 1)


def _invalid() -> NotFound:
    return NotFound("Invalid cursor: use the `next` and `previous` links as given.")


@dataclass(frozen=True)
class Key:
    """One column of the ordering: what ``filter()``/``order_by()`` call it, its direction and NULL placement."""

    name: str
    descending: bool
    nulls: str | None  # "first" or "last" as the ordering says, None for the engine's default
    nullable: bool
    kind: str  # the output field's internal type: how the cursor writes and reads the value
    label: str  # what the fingerprint names

    def nulls_first(self, vendor_nulls_largest: bool) -> bool:
        if self.nulls is not None:
            return self.nulls == "first"
        # PostgreSQL sorts NULL as the largest value, SQLite as the smallest.
        return self.descending if vendor_nulls_largest else not self.descending

    def reversed(self) -> Key:
        flipped = {"first": "last", "last": "first"}.get(self.nulls)
        return replace(self, descending=not self.descending, nulls=flipped)

    def order_by(self) -> OrderBy:
        return OrderBy(F(self.name), descending=self.descending,
                       nulls_first=self.nulls == "first" or None, nulls_last=self.nulls == "last" or None)


def keyed(queryset):
    """``(queryset, keys)``: the queryset annotated with any key it cannot filter on as is, and its total order."""
    model = queryset.model
    ordering = list(queryset.query.order_by) or (
        list(model._meta.ordering) if queryset.query.default_ordering else []
    )
    pk_names = {"pk", model._meta.pk.name, model._meta.pk.attname}
    keys: list[Key] = []
    for position, item in enumerate(ordering):
        if isinstance(item, str):
            if item == "?" or item.startswith("?"):
                raise ImproperlyConfigured("Keyset pagination cannot follow a random ordering.")
            expression, descending, nulls = F(item.lstrip("-")), item.startswith("-"), None
        elif isinstance(item, OrderBy):
            expression, descending = item.expression, item.descending
            nulls = "first" if item.nulls_first else "last" if item.nulls_last else None
        elif hasattr(item, "resolve_expression"):
            expression, descending, nulls = item, False, None
        else:
            raise ImproperlyConfigured(f"Keyset pagination cannot follow the ordering {item!r}.")
        name = expression.name if isinstance(expression, F) else None

        if name in pk_names:
            keys.append(Key("pk", descending, nulls, False, model._meta.pk.get_internal_type(), "pk"))
            break  # the primary key is unique: nothing after it changes the order
        field = _plain_field(model, name)
        if field is not None and field.get_internal_type() != "FloatField":
            keys.append(Key(name, descending, nulls, field.null, field.get_internal_type(), name))
            continue
        # An annotation, a related lookup or an expression: filter and order on an alias of it. Floats
        # are cast to double precision, whose text form round-trips exactly (PostgreSQL's real does not).
        alias = f"_keyset_{position}"
        output = queryset.annotate(**{alias: expression}).query.annotations[alias].output_field
        if isinstance(output, FloatField):
            expression = Cast(expression, FloatField())
        if name in queryset.query.annotations and not isinstance(output, FloatField):
            alias = name  # an integer/text/date annotation is filtered on by its own name
        else:
            queryset = queryset.annotate(**{alias: expression})
        label = name or type(expression).__name__
        keys.append(Key(alias, descending, nulls, field.null if field else True, output.get_internal_type(), label))
    else:
        keys.append(Key("pk", keys[-1].descending if keys else False, None, False,
                        model._meta.pk.get_internal_type(), "pk"))
    for key in keys:
        if key.kind not in _CODECS:
            raise ImproperlyConfigured(f"Keyset pagination cannot keep a {key.kind} value in a cursor.")
    return queryset, keys


def _plain_field(model, name):
    """The model's own non-relational field called ``name``, or None (annotations, lookups, expressions)."""
    if not name or "__" in name:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.is_relation or not field.concrete else field


def fingerprint(keys: list[Key]) -> str:
    signature = ";".join(f"{k.label}:{k.kind}:{'-' if k.descending else '+'}:{k.nulls}" for k in keys)
    return hashlib.sha256(signature.encode()).hexdigest()[:8]


def after(keys: list[Key], values: list, vendor_nulls_largest: bool) -> Q:
    """Rows strictly after ``values`` in the order of ``keys``: OR of (equal on a prefix AND after on the next)."""
    clauses, equal = [], Q()
    for key, value in zip(keys, values, strict=True):
        if value is None:
            strictly = Q(**{f"{key.name}__isnull": False}) if key.nulls_first(vendor_nulls_largest) else None
            same = Q(**{f"{key.name}__isnull": True})
        else:
            strictly = Q(**{f"{key.name}__{'lt' if key.descending else 'gt'}": value})
            if key.nullable and not key.nulls_first(vendor_nulls_largest):
                strictly |= Q(**{f"{key.name}__isnull": True})
            same = Q(**{key.name: value})
        if strictly is not None:
            clauses.append(equal & strictly)
        equal &= same
    return reduce(or_, clauses) if clauses else Q(pk__in=[])


# --------------------------------------------------------------------------- cursor values


def _read_int(value):
    if type(value) is not int or not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
        raise ValueError
    return value


def _read_float(value):
    if type(value) not in (int, float) or not math.isfinite(value):
        raise ValueError
    return float(value)


def _read_str(value):
    if type(value) is not str or "\x00" in value:
        raise ValueError
    value.encode("utf-8")  # no lone surrogates
    return value


def _read_datetime(value):
    parsed = datetime.datetime.fromisoformat(_read_str(value))
    if (parsed.tzinfo is None) == settings.USE_TZ:
        raise ValueError
    return parsed.astimezone(datetime.UTC) if settings.USE_TZ else parsed  # OverflowError near year 1/9999


def _read_date(value):
    return datetime.date.fromisoformat(_read_str(value))


def _read_decimal(value):
    parsed = decimal.Decimal(_read_str(value))
    if not parsed.is_finite():
        raise ValueError
    return parsed


def _read_bool(value):
    if type(value) is not bool:
        raise ValueError
    return value


_INTEGER = (int, _read_int)
_TEXT = (str, _read_str)
_CODECS = {  # internal type: (write, read)
    **dict.fromkeys(["AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
                     "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
                     "PositiveSmallIntegerField"], _INTEGER),
    **dict.fromkeys(["CharField", "TextField", "SlugField", "EmailField", "URLField"], _TEXT),
    "FloatField": (float, _read_float),
    "DateTimeField": (lambda v: v.isoformat(), _read_datetime),
    "DateField": (lambda v: v.isoformat(), _read_date),
    "DecimalField": (str, _read_decimal),
    "BooleanField": (bool, _read_bool),
    "UUIDField": (str, lambda v: uuid.UUID(_read_str(v))),
}


def row_values(keys: list[Key], row) -> list:
    values = []
    for key in keys:
        value = getattr(row, key.name)
        values.append(None if value is None else _CODECS[key.kind][0](value))
    return values


def encode(direction: str, keys: list[Key], values: list) -> str:
    payload = {"d": direction, "o": fingerprint(keys), "v": values}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _no_constants(name):
    raise ValueError(name)  # NaN, Infinity


def decode(cursor: str, keys: list[Key]) -> tuple[str, list]:
    """``(direction, values)`` of a cursor made for this ordering; anything else is a 404."""
    if len(cursor) > MAX_CURSOR_LENGTH or not _CURSOR.fullmatch(cursor):
        raise _invalid()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
        payload = json.loads(raw, parse_constant=_no_constants)
        if not isinstance(payload, dict) or set(payload) != {"d", "o", "v"}:
            raise ValueError
        direction, values = payload["d"], payload["v"]
        if direction not in ("n", "p") or payload["o"] != fingerprint(keys):
            raise ValueError
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError
        read = []
        for key, value in zip(keys, values, strict=True):
            if value is None and not key.nullable:
                raise ValueError
            read.append(None if value is None else _CODECS[key.kind][1](value))
    except (binascii.Error, ValueError, TypeError, OverflowError, RecursionError, UnicodeError, ArithmeticError):
        raise _invalid() from None
    return direction, read


# --------------------------------------------------------------------------- the paginator


class Pagination(BasePagination):
    page_size = 25
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._page_size(request)
        queryset, self.keys = keyed(queryset)
        cursor = request.query_params.get(self.cursor_query_param)
        direction, boundary = decode(cursor, self.keys) if cursor else ("n", None)
        keys = [k.reversed() for k in self.keys] if direction == "p" else self.keys
        queryset = queryset.order_by(*(k.order_by() for k in keys))
        if boundary is not None:
            queryset = queryset.filter(after(keys, boundary, connections[queryset.db].features.nulls_order_largest))

        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if direction == "p":
            rows.reverse()
            # The boundary row (the first of the page the link was on) comes next.
            self.has_previous, self.has_next = more, bool(rows)
        else:
            self.has_previous, self.has_next = boundary is not None and bool(rows), more
        self.first = row_values(self.keys, rows[0]) if rows else None
        self.last = row_values(self.keys, rows[-1]) if rows else None
        return rows

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                f"Give a whole number from 1 to {self.max_page_size}."
            ]})
        return int(raw)

    def _link(self, direction: str, values: list) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, encode(direction, self.keys, values))

    def get_paginated_response(self, data):
        next_link = self._link("n", self.last) if self.has_next else None
        previous_link = self._link("p", self.first) if self.has_previous else None
        return Response({"next": next_link, "previous": previous_link, "results": data})

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
                "schema": {"type": "string", "pattern": f"^[A-Za-z0-9_-]{{0,{MAX_CURSOR_LENGTH}}}$"},
            },
            {
                "name": self.page_size_query_param, "required": False, "in": "query",
                "description": f"Results per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
