"""Atom feeds: new entries, entries on one benchmark, new counter-evidence against one claim.

A withdrawn entry stays in a feed only as an update of its item (same id, later ``updated`` date, title
marked "Withdrawn", the reason as content): a reader who saw it published learns it was withdrawn, and none
of its withdrawn content is sent again. Drafts and submissions never appear.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from registry.models import Benchmark, Claim, Entry, Evidence, Status

FEED_LENGTH = 30


def _public_entries():
    return (
        Entry.objects.public()
        .annotate(last_version_at=Max("versions__created_at"))
        .prefetch_related("authors")
        .order_by("-updated_at", "-pk")
    )


class EntriesFeed(Feed):
    """Newly published entries, and withdrawals of published ones as updates."""

    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: new entries"
    subtitle = "Negative results in machine learning, as they are published."

    def link(self):
        return reverse("registry:search")

    def items(self):
        return _public_entries()[:FEED_LENGTH]

    def item_title(self, item):
        prefix = "Withdrawn: " if item.status == Status.WITHDRAWN else ""
        return f"{prefix}{item.accession}: {item.title}"

    def item_description(self, item):
        if item.status == Status.WITHDRAWN:
            return f"This entry was withdrawn. Reason given: {item.withdrawn_reason}"
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # The entry's permanent address: one item per entry, updated in place when it is revised or withdrawn.
        return settings.SITE_URL + item.get_absolute_url()

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        if item.status == Status.WITHDRAWN and item.withdrawn_at:
            return item.withdrawn_at
        return item.last_version_at or item.published_at

    def item_author_name(self, item):
        return ", ".join(item.public_author_names())

    def item_categories(self, item):
        return [item.get_result_type_display()]


class BenchmarkEntriesFeed(EntriesFeed):
    """Entries countering claims on one benchmark."""

    def get_object(self, request, slug):
        return get_object_or_404(Benchmark.objects.accepted(), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: entries on {obj.name}"

    def subtitle(self, obj):
        return f"Negative results against claims on {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        ids = Evidence.objects.filter(claim__benchmark=obj).values("entry_id")
        return _public_entries().filter(pk__in=ids)[:FEED_LENGTH]


class ClaimEvidenceFeed(EntriesFeed):
    """Entries countering one claim: its new counter-evidence."""

    def get_object(self, request, pk):
        return get_object_or_404(Claim.objects.accepted().select_related("paper", "benchmark"), pk=pk)

    def title(self, obj):
        return f"{settings.SITE_NAME}: counter-evidence against claim #{obj.pk}"

    def subtitle(self, obj):
        return str(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        evidence = Evidence.objects.filter(claim=obj)
        return _public_entries().filter(pk__in=evidence.values("entry_id")).prefetch_related(
            Prefetch("evidence", queryset=evidence, to_attr="evidence_on_claim")
        )[:FEED_LENGTH]

    def item_description(self, item):
        if item.status == Status.WITHDRAWN:
            return super().item_description(item)
        rows = [
            f"{row.get_relation_display()}; observed "
            f"{'not given' if row.observed_value is None else f'{row.observed_value:g}'}"
            + (f" ({row.conditions})" if row.conditions else "")
            for row in item.evidence_on_claim
        ]
        return item.summary + ("\n\n" + "\n".join(rows) if rows else "")
