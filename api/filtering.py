"""The DjangoFilterBackend the API uses, with schema types for filters that take a slug or an identifier."""

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from rest_framework.exceptions import ValidationError

from registry.filters import StrictBooleanField


def _is_typed(filter_field) -> bool:
    """Filters the schema declares as integer or boolean rather than string."""
    return issubclass(filter_field.field_class, forms.IntegerField | StrictBooleanField)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, stricter on the API than on pages for integer and boolean filters.

    On a page a blank filter means "any" (an empty form field). On the API, where the schema says
    ``year`` is an integer and ``code_available`` a boolean, a parameter that is present but blank is
    refused (400) rather than silently ignored: a tool that sends ``?year=`` has a bug worth hearing of.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            blank = sorted(
                name for name, filter_field in filterset_class.base_filters.items()
                if _is_typed(filter_field) and name in request.query_params
                and not any(value.strip() for value in request.query_params.getlist(name))
            )
            if blank:
                raise ValidationError({name: ["Give a value, or leave the parameter out."] for name in blank})
        return super().filter_queryset(request, queryset, view)


# Filters whose value is text the FilterSet turns into an object (a benchmark, a paper identifier).
_TEXT_FILTERS = {
    "benchmark": "A benchmark's slug, e.g. imagenet-1k.",
    "paper": "Entries countering a paper: DOI, arXiv id or OpenReview id, in any common form.",
}


class FilterBackendSchema(DjangoFilterExtension):
    target_class = "api.filtering.FilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if field_name in _TEXT_FILTERS:
            return [build_parameter_type(
                name=field_name, schema=build_basic_type(OpenApiTypes.STR), location="query",
                description=_TEXT_FILTERS[field_name],
            )]
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        # Bounds the FilterSet enforces, stated in the schema so that a valid-looking value is a valid one.
        extra = filter_field.extra
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if issubclass(filter_field.field_class, forms.IntegerField):
                schema["type"] = "integer"
            if "enum" in schema and "" not in schema["enum"]:
                schema["enum"] = [*schema["enum"], ""]  # blank means "any", as for every filter
            for key, name in (("min_value", "minimum"), ("max_value", "maximum"), ("max_length", "maxLength")):
                if extra.get(key) is not None:
                    schema[name] = extra[key]
        return parameters
