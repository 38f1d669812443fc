"""Portal pages. Views gather input and show results; state changes go through registry.workflow."""

from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from registry import charts
from registry.models import (
    Benchmark,
    CatalogueChange,
    ChangeStatus,
    Claim,
    Entry,
    Event,
    Evidence,
    Paper,
    ReviewStatus,
    Status,
    Version,
)


def catalogue_item(request, queryset, **lookup):
    """``(item, None)`` for a paper, benchmark or claim the user may see; ``(None, redirect)`` for a merged
    one (its old address leads to the survivor); 404 for a proposal that is not the user's, or none."""
    item = queryset.filter(**lookup).first()
    if item is None:
        raise Http404("Nothing with that address is in the catalogue.")
    if item.review_status == ReviewStatus.MERGED:
        return None, HttpResponsePermanentRedirect(item.survivor().get_absolute_url())
    if not item.visible_to(request.user):
        raise Http404("Nothing with that address is in the catalogue.")
    return item, None


def _history(**target):
    """The accepted changes of a catalogue item, oldest first: its public history."""
    return list(CatalogueChange.objects.filter(status=ChangeStatus.ACCEPTED, **target)
                .select_related("decided_by", "proposed_by", "entry").order_by("created_at", "pk"))


def _entry_card_queryset(user=None):
    """Entries with what a list card shows, in a fixed number of queries."""
    return (
        Entry.objects.visible_to(user).with_evidence()
        .annotate(confirmation_count=Count("confirmations", distinct=True))
    )


def home(request):
    recent = _entry_card_queryset().published().order_by("-published_at")[:10]
    contested = (
        Claim.objects.accepted().with_counter_counts().filter(counter_entries__gt=0)
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
    claim, redirect = catalogue_item(request, Claim.objects.with_counter_counts().select_related("paper", "benchmark"),
                                     pk=pk)
    if redirect:
        return redirect
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
                  {"claim": claim, "evidence": evidence, "timeline": timeline, "chart": chart,
                   "history": _history(claim=claim)})


def paper_detail(request, pk: int):
    paper, redirect = catalogue_item(request, Paper.objects.all(), pk=pk)
    if redirect:
        return redirect
    claims = (
        Claim.objects.visible_to(request.user).filter(paper=paper).with_counter_counts().select_related("benchmark")
        .order_by("benchmark__name", "metric")
    )
    idents = paper.identifiers.all() if not paper.is_accepted else paper.identifiers.filter(
        review_status=ReviewStatus.ACCEPTED)
    source_of = _entry_card_queryset().published().filter(source_paper=paper).order_by("-published_at")
    return render(request, "registry/paper_detail.html", {
        "paper": paper, "claims": claims, "identifiers": list(idents), "source_of": source_of,
        "history": _history(paper=paper),
    })


def benchmark_detail(request, slug: str):
    benchmark, redirect = catalogue_item(request, Benchmark.objects.prefetch_related("aliases"), slug=slug)
    if redirect:
        return redirect
    claims = (
        Claim.objects.visible_to(request.user).filter(benchmark=benchmark).with_counter_counts()
        .select_related("paper")
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
        "benchmark": benchmark, "claims": claims, "entries": entries, "history": _history(benchmark=benchmark),
        "charts": charts.benchmark_charts(benchmark, claims, evidence_by_claim),
    })
