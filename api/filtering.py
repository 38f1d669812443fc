"""The DjangoFilterBackend the API uses, with schema types for filters that take a slug or an identifier."""

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; subclassed only so the schema extension below applies to it."""


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
