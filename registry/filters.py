"""The one FilterSet over entries, shared by the search page and the API, and its facet counts.

Filters that reach through evidence (benchmark, task, modality, relation, venue, paper) select entries
by subquery, so an entry with several matching claims is counted and listed once.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear

from registry import identifiers
from registry.models import Benchmark, Confirmation, Entry, Evidence, Modality, Paper, Relation, ResultType
from registry.search import clean_query, order_by_relevance, search_entries

ORDERING_CHOICES = [
    ("relevance", "Relevance"),
    ("newest", "Newest"),
    ("oldest", "Oldest"),
    ("most_confirmed", "Most confirmed"),
]


def with_confirmation_count(queryset: QuerySet) -> QuerySet:
    """Annotate ``confirmation_count`` by subquery (no GROUP BY over the search annotations)."""
    counts = (
        Confirmation.objects.filter(entry=OuterRef("pk")).order_by().values("entry")
        .annotate(n=Count("pk")).values("n")
    )
    return queryset.annotate(confirmation_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0)))


def _through_evidence(queryset: QuerySet, **lookup) -> QuerySet:
    return queryset.filter(pk__in=Evidence.objects.filter(**lookup).values("entry_id"))


class SearchTextField(forms.CharField):
    """Free search text: anything goes (NUL bytes, any length); ``search_entries`` cleans and bounds it."""

    def to_python(self, value):
        return clean_query(super().to_python(value))


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


class PaperIdentifierField(forms.CharField):
    """A DOI, arXiv id or OpenReview id in any common form, cleaned to a ``PaperIdentifier``."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return identifiers.parse_paper_identifier(value)
        except identifiers.IdentifierError as exc:
            # The message quotes the user's text, which may hold '%': pass it as a parameter, never as
            # the format string itself (django-filter formats messages with their params).
            raise forms.ValidationError("%(reason)s", code="invalid", params={"reason": str(exc)}) from None


class PaperIdentifierFilter(django_filters.Filter):
    field_class = PaperIdentifierField


class StrictBooleanField(forms.CharField):
    """``true``/``false`` (also 1/0, yes/no, on/off); anything else is an error, not silently "any"."""

    TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}

    def clean(self, value):
        value = (super().clean(value) or "").strip().lower()
        if not value:
            return None
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise forms.ValidationError("Enter true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class EntryFilterSet(django_filters.FilterSet):
    """Full-text ``q``, facets and ordering over entries (published ones, unless given another queryset)."""

    q = SearchTextFilter(method="filter_q", label="Search")
    result_type = django_filters.ChoiceFilter(choices=ResultType.choices, label="Result type")
    benchmark = django_filters.ModelChoiceFilter(
        queryset=Benchmark.objects.accepted(), to_field_name="slug", method="filter_benchmark", label="Benchmark",
    )
    task = django_filters.CharFilter(method="filter_task", label="Task", max_length=200)
    modality = django_filters.ChoiceFilter(choices=Modality.choices, method="filter_modality", label="Modality")
    relation = django_filters.ChoiceFilter(choices=Relation.choices, method="filter_relation", label="Relation")
    year = YearFilter(field_name="published_at", lookup_expr="year", min_value=1900, max_value=9999,
                      label="Year published")
    venue = django_filters.CharFilter(method="filter_venue", label="Venue of the countered paper", max_length=200)
    code_available = StrictBooleanFilter(method="filter_code_available", label="Code available")
    paper = PaperIdentifierFilter(method="filter_paper", label="Countered paper (DOI or arXiv id)")
    ordering = django_filters.ChoiceFilter(choices=ORDERING_CHOICES, method="filter_ordering", label="Sort by",
                                           empty_label=None)

    class Meta:
        model = Entry
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Entry.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)

    # Each ``filter_*`` receives only non-empty values.

    def filter_q(self, queryset, name, value):
        return search_entries(value, queryset)

    def filter_benchmark(self, queryset, name, value):
        return _through_evidence(queryset, claim__benchmark=value)

    def filter_task(self, queryset, name, value):
        return _through_evidence(queryset, claim__benchmark__task=value)

    def filter_modality(self, queryset, name, value):
        return _through_evidence(queryset, claim__benchmark__modality=value)

    def filter_relation(self, queryset, name, value):
        return _through_evidence(queryset, relation=value)

    def filter_venue(self, queryset, name, value):
        return _through_evidence(queryset, claim__paper__venue=value)

    def filter_paper(self, queryset, name, value):
        """Entries against the paper's claims, and those whose source paper it is."""
        papers = Paper.objects.accepted().by_identifier(value).values("pk")
        against = Evidence.objects.filter(claim__paper__in=papers).values("entry_id")
        return queryset.filter(Q(pk__in=against) | Q(source_paper__in=papers))

    def filter_code_available(self, queryset, name, value):
        return queryset.exclude(code_url="") if value else queryset.filter(code_url="")

    def filter_ordering(self, queryset, name, value):
        return queryset  # applied last, in ``filter_queryset``, after ``q`` has annotated the rank

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return order_entries(queryset, self.form.cleaned_data.get("ordering") or "")


def order_entries(queryset: QuerySet, ordering: str) -> QuerySet:
    """Order by one of ``ORDERING_CHOICES``; relevance without a query (no rank) means newest."""
    newest = (F("published_at").desc(nulls_last=True), "-pk")
    if ordering == "oldest":
        return queryset.order_by(F("published_at").asc(nulls_last=True), "pk")
    if ordering == "most_confirmed":
        if "confirmation_count" not in queryset.query.annotations:
            queryset = with_confirmation_count(queryset)
        return queryset.order_by("-confirmation_count", *newest)
    if ordering == "newest":
        return queryset.order_by(*newest)
    # Relevance is the default: it needs a query; without one the newest entries come first.
    return order_by_relevance(queryset)


# --------------------------------------------------------------------------- facets

FACETS = ("result_type", "benchmark", "task", "modality", "relation", "year", "venue", "code_available")


def facet_counts(queryset: QuerySet) -> dict[str, list[tuple]]:
    """For each facet, ``[(value, label, count), ...]``: how many entries of ``queryset`` each value would keep.

    ``value`` is what the matching filter of :class:`EntryFilterSet` takes. One query per facet, whatever
    the number of entries.
    """
    ids = queryset.order_by().values("pk")
    entries = Entry.objects.filter(pk__in=ids).order_by()
    evidence = Evidence.objects.filter(entry__in=ids).order_by()

    def grouped(qs, key, label=None):
        fields = [key] + ([label] if label else [])
        rows = qs.values(*fields).annotate(n=Count("entry" if qs.model is Evidence else "pk", distinct=True))
        return [(row[key], row[label] if label else row[key], row["n"]) for row in rows if row[key] not in ("", None)]

    def by_count(rows):
        return sorted(rows, key=lambda r: (-r[2], str(r[1]).lower()))

    result_types = dict(ResultType.choices)
    modalities = dict(Modality.choices)
    relations = dict(Relation.choices)
    code = entries.aggregate(
        yes=Count("pk", filter=~Q(code_url="")), no=Count("pk", filter=Q(code_url="")),
    )
    years = entries.annotate(y=ExtractYear("published_at")).values("y").annotate(n=Count("pk"))
    return {
        "result_type": by_count([(v, result_types.get(v, v), n) for v, _, n in grouped(entries, "result_type")]),
        "benchmark": by_count(grouped(evidence, "claim__benchmark__slug", "claim__benchmark__name")),
        "task": by_count(grouped(evidence, "claim__benchmark__task")),
        "modality": by_count(
            [(v, modalities.get(v, v), n) for v, _, n in grouped(evidence, "claim__benchmark__modality")]
        ),
        "relation": by_count([(v, relations.get(v, v), n) for v, _, n in grouped(evidence, "relation")]),
        "year": sorted(((row["y"], str(row["y"]), row["n"]) for row in years if row["y"] is not None), reverse=True),
        "venue": by_count(grouped(evidence, "claim__paper__venue")),
        "code_available": [(value, label, n) for value, label, n in
                           (("true", "Code shared", code["yes"]), ("false", "No code shared", code["no"])) if n],
    }
