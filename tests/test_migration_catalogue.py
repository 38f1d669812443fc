"""Migration 0003 moves an existing registry into the moderated catalogue without losing anything."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registry.apps import ensure_sqlite_search_triggers

BEFORE = [("registry", "0002_search_index")]
AFTER = [("registry", "0003_catalogue_proposals")]


@pytest.fixture
def old_state(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ensure_sqlite_search_triggers()  # what post_migrate does after a real migrate (SQLite table rebuilds)


def _migrate_forward():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    return executor.loader.project_state(AFTER).apps


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_paper_and_turns_draft_only_items_into_their_owners_proposals(old_state):
    apps = old_state
    User = apps.get_model("auth", "User")
    Paper, Benchmark, Claim = (apps.get_model("registry", n) for n in ("Paper", "Benchmark", "Claim"))
    Entry, Evidence = apps.get_model("registry", "Entry"), apps.get_model("registry", "Evidence")
    owner = User.objects.create(username="filer")
    bench = Benchmark.objects.create(slug="imagenet-1k", name="ImageNet-1k", task="classification")
    public_paper = Paper.objects.create(title="Deep Residual Learning", arxiv_id="1512.03385",
                                        doi="10.1109/cvpr.2016.90")
    Paper.objects.create(title="BERT", doi="10.48550/arxiv.1810.04805")
    draft_paper = Paper.objects.create(title="Only in a draft", doi="10.5555/draft")
    public_claim = Claim.objects.create(paper=public_paper, benchmark=bench, metric="top-1", created_by=owner)
    draft_claim = Claim.objects.create(paper=draft_paper, benchmark=bench, metric="top-1")
    common = {"owner": owner, "summary": "s", "result_type": "other", "revision": 1}
    published = Entry.objects.create(title="Published", status="published", version=1,
                                     published_at="2026-01-01T00:00:00Z", keywords=["arXiv:1810.04805", "ImageNetV2"],
                                     **common)
    draft = Entry.objects.create(title="Draft", **common)
    Evidence.objects.create(entry=published, claim=public_claim)
    Evidence.objects.create(entry=draft, claim=draft_claim)

    apps = _migrate_forward()

    Paper, Claim = apps.get_model("registry", "Paper"), apps.get_model("registry", "Claim")
    PaperIdentifier, Entry = apps.get_model("registry", "PaperIdentifier"), apps.get_model("registry", "Entry")
    assert Paper.objects.count() == 3
    held = set(PaperIdentifier.objects.values_list("paper__title", "kind", "value", "review_status"))
    assert held == {
        ("Deep Residual Learning", "arxiv", "1512.03385", "accepted"),
        ("Deep Residual Learning", "doi", "10.1109/cvpr.2016.90", "accepted"),
        ("BERT", "arxiv", "1810.04805", "accepted"),  # arXiv's DataCite DOI is the arXiv id it stands for
        ("Only in a draft", "doi", "10.5555/draft", "proposed"),
    }
    assert Paper.objects.get(title="Only in a draft").review_status == "proposed"
    assert Claim.objects.get(pk=draft_claim.pk).review_status == "proposed"
    assert Claim.objects.get(pk=draft_claim.pk).proposed_by_id == owner.pk
    assert Claim.objects.get(pk=public_claim.pk).review_status == "accepted"
    assert Claim.objects.get(pk=public_claim.pk).proposed_by_id == owner.pk  # created_by carried over
    # The keyword convention became a real source paper; a bare keyword is not read as an OpenReview id.
    assert Entry.objects.get(title="Published").source_paper.title == "BERT"
    assert Paper.objects.get(title="Deep Residual Learning").title_key == "deep residual learning"
