"""Portal pages. Views gather input and show results; state changes go through registry.workflow."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from registry import charts
from registry.models import Benchmark, Claim, Entry, Event, Evidence, Paper, Status, Version


def _entry_card_queryset(user=None):
    """Entries with what a list card shows, in a fixed number of queries."""
    return (
        Entry.objects.visible_to(user).with_evidence()
        .annotate(confirmation_count=Count("confirmations", distinct=True))
    )


def home(request):
    recent = _entry_card_queryset().published().order_by("-published_at")[:10]
    contested = (
        Claim.objects.with_counter_counts().filter(counter_entries__gt=0)
        .select_related("paper", "benchmark").order_by("-counter_entries", "paper__title")[:8]
    )
    counts = Entry.objects.published().aggregate(
        entries=Count("pk", distinct=True), claims=Count("evidence__claim", distinct=True)
    )
    return render(request, "registry/home.html", {"recent": recent, "contested": contested, "counts": counts})


def _get_entry_for(request, accession: str) -> Entry:
    entry = (
        _entry_card_queryset(request.user).by_accession(accession)
        .select_related("owner").prefetch_related(
            "versions",
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("created_at", "pk")),
            Prefetch("confirmations", queryset=_confirmations()),
        ).first()
    )
    if entry is None:
        raise Http404("No entry with that accession is visible to you.")
    return entry


def _confirmations():
    from registry.models import Confirmation

    return Confirmation.objects.select_related("user", "user__profile").order_by("created_at")


def entry_detail(request, accession: str):
    entry = _get_entry_for(request, accession)
    can_see_private = entry.can_see_private(request.user)
    events = [e for e in entry.events.all() if can_see_private or e.is_public]
    return render(request, "registry/entry_detail.html", {
        "entry": entry, "events": events, "can_see_private": can_see_private,
        "versions": list(entry.versions.all()),
    })


def entry_version(request, accession: str, number: int):
    entry = _get_entry_for(request, accession)
    version = get_object_or_404(Version, entry=entry, number=number)
    return render(request, "registry/entry_version.html", {"entry": entry, "version": version,
                                                           "snap": version.snapshot})


def claim_detail(request, pk: int):
    claim = get_object_or_404(
        Claim.objects.with_counter_counts().select_related("paper", "benchmark"), pk=pk
    )
    evidence = list(
        Evidence.objects.filter(claim=claim, entry__status=Status.PUBLISHED)
        .select_related("entry").order_by("-entry__published_at")
    )
    # The claim's timeline: recorded, then each published entry against it (discovery, issue 4).
    timeline = sorted(
        [(claim.created_at, "recorded", None, None)]
        + [(ev.entry.published_at, "countered", ev.entry, ev) for ev in evidence],
        key=lambda item: item[0],
    )
    rows = [charts.DumbbellRow(label=f"{ev.entry.accession}: {ev.entry.title}", reported=claim.reported_value,
                               observed=[(ev.entry.accession, ev.observed_value)])
            for ev in evidence if ev.observed_value is not None]
    chart = charts.dumbbell_chart(
        title=f"{claim.benchmark.name} {claim.metric}: reported {claim.reported_value:g} vs observed by entries"
        if claim.reported_value is not None else f"{claim.benchmark.name} {claim.metric}: observed by entries",
        rows=rows, x_label=claim.metric,
    ) if rows else ""
    return render(request, "registry/claim_detail.html",
                  {"claim": claim, "evidence": evidence, "timeline": timeline, "chart": chart})


def paper_detail(request, pk: int):
    paper = get_object_or_404(Paper, pk=pk)
    claims = (
        Claim.objects.filter(paper=paper).with_counter_counts().select_related("benchmark")
        .order_by("benchmark__name", "metric")
    )
    return render(request, "registry/paper_detail.html", {"paper": paper, "claims": claims})


def benchmark_detail(request, slug: str):
    benchmark = get_object_or_404(Benchmark, slug=slug)
    claims = (
        Claim.objects.filter(benchmark=benchmark).with_counter_counts().select_related("paper")
        .order_by("paper__title", "metric")
    )
    entries = _entry_card_queryset().published().filter(
        pk__in=Evidence.objects.filter(claim__benchmark=benchmark).values("entry_id")
    ).order_by("-published_at")
    # Reported vs observed per claim, one chart per metric, drawn as SVG on the server (issue 4).
    evidence_by_claim = {}
    for row in (Evidence.objects.filter(claim__benchmark=benchmark, entry__status=Status.PUBLISHED)
                .select_related("entry").order_by("entry__published_at", "pk")):
        evidence_by_claim.setdefault(row.claim_id, []).append(row)
    claims = list(claims)
    return render(request, "registry/benchmark_detail.html", {
        "benchmark": benchmark, "claims": claims, "entries": entries,
        "charts": charts.benchmark_charts(benchmark, claims, evidence_by_claim),
    })
