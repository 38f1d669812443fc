"""The one request format the API reads: JSON, strictly, and no larger than API_MAX_BODY_BYTES."""

import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def body_limit() -> int:
    return settings.API_MAX_BODY_BYTES


class LimitedJSONParser(BaseParser):
    """JSON without NaN/Infinity, refused with 413 past the size limit, with a 400 for anything unparsable."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = body_limit()
        request = (parser_context or {}).get("request")
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            declared = 0
        if declared > limit:
            raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError("The request body is not UTF-8.") from None
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"The request body is not valid JSON: {str(exc)[:200]}") from None
        if _has_lone_surrogate(data):
            # "\ud800" is valid JSON but no Unicode text: nothing could store, show or echo it back.
            raise ParseError("The request body holds an escaped lone surrogate (e.g. \\ud800), which is not text.")
        return data


def _has_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False
