"""Discovery pages: search with facets, reviewer lookup, benchmarks, statistics, citations.

Every page runs a fixed number of queries whatever the number of results (asserted in the tests).
"""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from registry import charts, citations
from registry.filters import FACETS, ORDERING_CHOICES, EntryFilterSet, facet_counts, with_confirmation_count
from registry.lookup import MAX_LOOKUP_IDS, lookup_identifiers, markdown_report, split_identifiers
from registry.models import Benchmark, Entry, Paper, ResultType, ReviewStatus, Status, Version

PAGE_SIZE = 20

FACET_LABELS = {
    "result_type": "Result type",
    "benchmark": "Benchmark",
    "task": "Task",
    "modality": "Modality",
    "relation": "Relation to the claim",
    "year": "Year published",
    "venue": "Venue of the countered paper",
    "code_available": "Code",
}


def entry_cards(queryset):
    """Entries with what a result card shows (authors, claims countered, confirmations), in fixed queries."""
    if "confirmation_count" not in queryset.query.annotations:
        queryset = with_confirmation_count(queryset)
    return queryset.with_evidence()


def _query_string(params, **changes) -> str:
    params = params.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


# --------------------------------------------------------------------------- search


def search(request):
    filterset = EntryFilterSet(request.GET)
    valid = filterset.is_valid()
    queryset = entry_cards(filterset.qs) if valid else Entry.objects.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    facets = []
    if valid:
        counts = facet_counts(filterset.qs)
        for name in FACETS:
            active = request.GET.get(name, "")
            options = [
                {
                    "label": label, "count": count, "active": str(value) == active,
                    # A facet link adds its filter, or removes it if it is the active one.
                    "url": _query_string(request.GET, **{name: None if str(value) == active else str(value)}),
                }
                for value, label, count in counts[name]
            ]
            if options:
                facets.append({"name": name, "label": FACET_LABELS[name], "options": options})
    active_filters = [
        {"label": FACET_LABELS.get(name, name), "value": request.GET[name],
         "url": _query_string(request.GET, **{name: None})}
        for name in (*FACETS, "paper") if request.GET.get(name)
    ]
    current = request.GET.get("ordering") or ("relevance" if request.GET.get("q", "").strip() else "newest")
    orderings = [
        {"value": value, "label": label, "active": value == current,
         "url": _query_string(request.GET, ordering=value)}
        for value, label in ORDERING_CHOICES if value != "relevance" or request.GET.get("q", "").strip()
    ]
    return render(request, "registry/search.html", {
        "filterset": filterset, "valid": valid, "page": page, "facets": facets,
        "active_filters": active_filters, "orderings": orderings, "q": request.GET.get("q", ""),
        "page_query": _query_string(request.GET),
    }, status=200 if valid else 400)


# --------------------------------------------------------------------------- lookup


def _lookup_input(request):
    raw = split_identifiers(request.GET.get("ids", "")) + [i for i in request.GET.getlist("id") if i.strip()]
    raw = list(dict.fromkeys(raw))
    return raw[:MAX_LOOKUP_IDS], len(raw) > MAX_LOOKUP_IDS


def lookup(request):
    raw, truncated = _lookup_input(request)
    results = lookup_identifiers(raw) if raw else []
    return render(request, "registry/lookup.html", {
        "ids": request.GET.get("ids", "") or "\n".join(raw), "results": results, "truncated": truncated,
        "max_ids": MAX_LOOKUP_IDS,
        "report_query": _query_string(request.GET) if raw else "",
    })


def lookup_report(request):
    raw, _ = _lookup_input(request)
    report = markdown_report(lookup_identifiers(raw), site_url=settings.SITE_URL)
    response = HttpResponse(report, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nrr-lookup.md"'
    return response


# --------------------------------------------------------------------------- benchmarks


def benchmark_list(request):
    published = Q(claims__evidence__entry__status=Status.PUBLISHED)
    benchmarks = Benchmark.objects.accepted().annotate(
        claim_count=Count("claims", filter=Q(claims__review_status=ReviewStatus.ACCEPTED), distinct=True),
        contested_claims=Count("claims", filter=published, distinct=True),
        entry_count=Count("claims__evidence__entry", filter=published, distinct=True),
    ).order_by("name")
    return render(request, "registry/benchmark_list.html", {"benchmarks": benchmarks})


# --------------------------------------------------------------------------- statistics


def _months(first: date, last: date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def stats(request):
    published = Entry.objects.published()
    per_month_rows = (
        published.annotate(month=TruncMonth("published_at")).order_by().values("month").annotate(n=Count("pk"))
    )
    counts = {row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["n"]
              for row in per_month_rows if row["month"]}
    per_month = []
    if counts:
        months = list(_months(min(counts), max(counts)))[-36:]
        per_month = [(m.strftime("%b %Y"), counts.get(m, 0)) for m in months]
    labels = dict(ResultType.choices)
    per_type = sorted(
        ((labels.get(row["result_type"], row["result_type"]), row["n"])
         for row in published.order_by().values("result_type").annotate(n=Count("pk"))),
        key=lambda item: (-item[1], item[0]),
    )
    is_published = Q(claims__evidence__entry__status=Status.PUBLISHED)
    top_benchmarks = list(
        Benchmark.objects.accepted().annotate(
            n=Count("claims__evidence__entry", filter=is_published, distinct=True))
        .filter(n__gt=0).order_by("-n", "name")[:10]
    )
    top_papers = list(
        Paper.objects.accepted().annotate(n=Count("claims__evidence__entry", filter=is_published, distinct=True))
        .filter(n__gt=0).order_by("-n", "title")[:10]
    )
    totals = published.aggregate(
        entries=Count("pk", distinct=True), claims=Count("evidence__claim", distinct=True),
        papers=Count("evidence__claim__paper", distinct=True),
    )
    context = {
        "totals": totals, "per_month": per_month, "per_type": per_type,
        "top_benchmarks": top_benchmarks, "top_papers": top_papers,
        "month_chart": charts.bar_chart(title="Entries published per month", bars=per_month,
                                        x_label="Month", y_label="Entries published") if per_month else "",
        "type_chart": charts.bar_chart(title="Published entries by result type", bars=per_type,
                                       x_label="Result type", y_label="Entries") if per_type else "",
        "benchmark_chart": charts.bar_chart(
            title="Most contested benchmarks", bars=[(b.name, b.n) for b in top_benchmarks],
            x_label="Benchmark", y_label="Published entries against its claims",
        ) if top_benchmarks else "",
    }
    return render(request, "registry/stats.html", context)


# --------------------------------------------------------------------------- citations

CITATION_FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", citations.bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", citations.ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", citations.csl_json),
}


def entry_citation(request, accession: str, fmt: str, number: int | None = None):
    """An entry's citation as BibTeX, RIS or CSL-JSON; the latest version, or ``number`` (also ``?version=``)."""
    entry = (
        Entry.objects.visible_to(request.user).by_accession(accession)
        .prefetch_related(Prefetch("versions", queryset=Version.objects.order_by("number"))).first()
    )
    if entry is None:
        raise Http404("No entry with that accession is visible to you.")
    if number is None and request.GET.get("version"):
        try:
            number = int(request.GET["version"])
        except ValueError:
            raise Http404("A version is a number.") from None
    try:
        version = citations.cited_version(entry, number)
    except Version.DoesNotExist:
        raise Http404("This entry has no such published version.") from None
    content_type, render_citation = CITATION_FORMATS[fmt]
    data = render_citation(entry, version)
    body = json.dumps([data], ensure_ascii=False, indent=2) if fmt == "json" else data
    response = HttpResponse(body, content_type=content_type)
    suffix = "" if number is None else f"v{version.number}"
    response["Content-Disposition"] = f'inline; filename="{entry.accession}{suffix}.{fmt}"'
    response["Link"] = f'<{settings.SITE_URL}{reverse("registry:entry", args=[entry.accession])}>; rel="cite-as"'
    return response
