"""Every error the API returns is JSON: ``{"detail": "...", "code": "...", "errors": {field: [messages]}}``.

``errors`` is present for bad input (400) and holds field-level messages, nested as the input was.
Workflow errors map to HTTP: NotAllowed 403, IllegalTransition 409, StaleRevision 412, Django
ValidationError 400, CatalogueConflict 409 with ``conflicts`` (each: the existing item's ``type``, ``id``,
``label``, ``url``, the ``differing`` fields with ``existing`` and ``given`` values, and the ``options``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from registry import workflow


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag of the entry you are changing."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The entry has changed since you read it."
    default_code = "stale_revision"


class CatalogueConflictError(exceptions.APIException):
    """A description named an existing paper, benchmark or claim but differs from it: 409 with the clashes."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The description matches an existing catalogue item but differs from it."
    default_code = "catalogue_conflict"

    def __init__(self, errors: dict, conflicts: list[dict]):
        super().__init__()
        self.errors, self.conflicts = errors, conflicts


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The entry is not in a state that allows this."
    default_code = "illegal_transition"


def _django_validation_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def _translate(exc):
    """Domain and database exceptions as the DRF exception that says the same over HTTP."""
    if isinstance(exc, workflow.NotAllowed):
        return exceptions.PermissionDenied(str(exc))
    if isinstance(exc, workflow.StaleRevision):
        return PreconditionFailed(str(exc))
    if isinstance(exc, workflow.IllegalTransition):
        return Conflict(str(exc))
    if isinstance(exc, workflow.CatalogueConflict):
        return CatalogueConflictError(_django_validation_errors(exc), exc.conflicts)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_django_validation_errors(exc))
    if isinstance(exc, IntegrityError):
        # A race between two requests creating the same paper, benchmark or claim.
        return Conflict("This conflicts with a record written at the same moment; try again.", code="conflict")
    if isinstance(exc, DataError):
        # Defence in depth: validation should have caught any value the database cannot store.
        return exceptions.ValidationError({"non_field_errors": ["A value is out of range for storage."]})
    return exc


def exception_handler(exc, context):
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, CatalogueConflictError):
        response.data = {"detail": str(exc.detail), "code": "catalogue_conflict", "errors": exc.errors,
                         "conflicts": exc.conflicts}
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": "Invalid input.", "code": "invalid", "errors": errors}
    elif isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", None) or "error"}
    else:
        response.data = {"detail": str(data), "code": "error"}
    return response
