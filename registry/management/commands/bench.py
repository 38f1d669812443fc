"""Benchmark: how search and list pages scale, printed as ratios rather than timed against a threshold.

Everything runs inside a transaction that is rolled back, so the database is left as it was.
Entries are filed and published through the workflow, as a researcher and a moderator would.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from registry import workflow
from registry.models import MODERATORS_GROUP, Entry
from registry.search import search_entries

WORDS = (
    "robustness replication shift contamination baseline tuned seeds variance benchmark accuracy "
    "adversarial perturbation leaderboard generalisation calibration fairness retrieval language vision "
    "reinforcement transformer convolutional recurrent ablation protocol split leakage"
).split()


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure search and list scaling on synthetic entries (rolled back) and print ratios."

    def add_arguments(self, parser):
        parser.add_argument("--small", type=int, default=100, help="entries in the small corpus")
        parser.add_argument("--large", type=int, default=1000, help="entries in the large corpus")
        parser.add_argument("--repeat", type=int, default=15, help="timings per measurement (median taken)")

    def handle(self, *args, small, large, repeat, **options):
        if not 1 <= small < large:
            raise CommandError("--small must be at least 1 and below --large.")
        self.repeat = max(1, repeat)
        self.results = {}
        try:
            with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"]):
                self._run(small, large)
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(f"engine: {connection.vendor}")
        for label, value in self.results.items():
            self.stdout.write(f"{label}: {value}")

    # ------------------------------------------------------------------ measurement

    def _run(self, small, large):
        User = get_user_model()
        owner = User.objects.create_user("bench-owner", password=None)
        moderator = User.objects.create_user("bench-moderator", password=None)
        moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
        base = Entry.objects.count()
        self._file(owner, moderator, 0, small)
        client = Client()

        small_times = self._time_search("robustness leakage")
        small_scan = self._time_scan("robustness")
        list_queries_1 = self._queries(client, "/api/v1/entries/?page_size=1")
        search_queries_1 = self._queries(client, "/search/?q=robustness&page=1")
        self._file(owner, moderator, small, large)
        total = Entry.objects.count() - base
        large_times = self._time_search("robustness leakage")
        large_scan = self._time_scan("robustness")
        list_queries_50 = self._queries(client, "/api/v1/entries/?page_size=50")
        search_queries_50 = self._queries(client, "/search/?q=robustness&page=1")

        self.results.update({
            "entries (small -> large)": f"{small} -> {total}",
            "full-text search time, large/small corpus": f"{large_times / small_times:.2f}x "
            f"for {total / small:.1f}x the entries",
            "icontains scan vs full-text search, small corpus": f"{small_scan / small_times:.2f}x",
            "icontains scan vs full-text search, large corpus": f"{large_scan / large_times:.2f}x",
            "API list queries, page of 50 / page of 1": f"{list_queries_50}/{list_queries_1} = "
            f"{list_queries_50 / list_queries_1:.2f}",
            "search page queries, large / small corpus": f"{search_queries_50}/{search_queries_1} = "
            f"{search_queries_50 / search_queries_1:.2f}",
        })

    def _file(self, owner, moderator, start, stop):
        for i in range(start, stop):
            words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(12)]
            entry = workflow.entry_create(by=owner, fields={
                "title": f"Bench entry {i}: {' '.join(words[:4])}",
                "summary": " ".join(words), "body": " ".join(words * 5), "result_type": "null_result",
            }, authors=[{"name": f"Author {i}"}], evidence=[{"claim": {
                "paper": {"title": f"Bench paper {i % 50}"}, "benchmark": {"name": f"Bench benchmark {i % 10}"},
                "metric": "accuracy (%)"}}])
            workflow.entry_submit(entry=entry, by=owner)
            workflow.entry_publish(entry=entry, by=moderator)

    def _median(self, fn) -> float:
        samples = []
        for _ in range(self.repeat):
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    def _time_search(self, q: str) -> float:
        return self._median(lambda: list(search_entries(q).values_list("pk", flat=True)[:50]))

    def _time_scan(self, word: str) -> float:
        # What the registry avoids: a substring scan over every published entry's text.
        return self._median(lambda: list(
            Entry.objects.published().filter(body__icontains=word).values_list("pk", flat=True)[:50]
        ))

    def _queries(self, client, url) -> int:
        connection.queries_log.clear()  # the log is a bounded deque; filing entries may have filled it
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return len(ctx.captured_queries)
