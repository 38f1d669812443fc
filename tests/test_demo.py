"""Tests for the demo data loader (registry.demo) and the load_demo management command."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from registry import identifiers
from registry.demo import (
    CURATOR_USERNAME,
    DEMO_ENTRIES,
    DEMO_OBSERVED_VALUES,
    DEMO_REPORTED_VALUES,
    DEMO_SOURCE_IDS,
    EDITOR_USERNAME,
    load_demo,
)
from registry.models import (
    MODERATORS_GROUP,
    Author,
    Benchmark,
    Claim,
    Entry,
    Event,
    Evidence,
    Paper,
    Status,
    Version,
    is_moderator,
)
from registry.workflow import canonical_json, entry_snapshot, snapshot_sha256

pytestmark = pytest.mark.django_db

COUNTED = (Entry, Paper, Benchmark, Claim, Evidence, Version, Author, Event)
DEMO_USERNAMES = ("demo-researcher", "demo-moderator")

# Every figure in the brief the demo data is built from; percentages as numbers.
FIGURES = {11, 14, 3, 15, 4, 10, 75, 36, 7, 67, 53, 9, 6, 1, 13, 18}


def model_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def demo_entries():
    return Entry.objects.filter(owner__username=CURATOR_USERNAME)


def test_load_twice_gives_the_same_counts():
    first = load_demo(create_accounts=False)
    after_first = model_counts()
    second = load_demo(create_accounts=False)
    assert model_counts() == after_first
    assert first["created"] == len(DEMO_ENTRIES) and first["skipped"] == 0
    assert second["created"] == 0 and second["skipped"] == len(DEMO_ENTRIES)
    for key in ("entries", "papers", "benchmarks", "claims", "evidence"):
        assert first[key] == second[key]
    assert first["entries"] == len(DEMO_ENTRIES) >= 10
    # Three events per entry: created, submitted, published.
    assert after_first["Event"] == 3 * len(DEMO_ENTRIES)


def test_every_demo_entry_is_published_with_one_verified_version():
    load_demo(create_accounts=False)
    entries = list(demo_entries())
    assert len(entries) >= 10
    for entry in entries:
        assert entry.status == Status.PUBLISHED
        assert entry.published_at is not None and entry.version == 1
        versions = list(entry.versions.all())
        assert [v.number for v in versions] == [1]
        version = versions[0]
        assert version.sha256 == snapshot_sha256(version.snapshot)
        assert version.sha256 == hashlib.sha256(canonical_json(entry_snapshot(entry))).hexdigest()
        assert entry.evidence.count() >= 1
        assert entry.authors.exists()
        assert entry.authors_contacted == "not_contacted" and entry.authors_reply == ""
        assert all(not a.orcid for a in entry.authors.all())


def test_owner_and_publisher_are_system_accounts():
    load_demo(create_accounts=False)
    User = get_user_model()
    curator = User.objects.get(username=CURATOR_USERNAME)
    editor = User.objects.get(username=EDITOR_USERNAME)
    for user in (curator, editor):
        assert not user.has_usable_password()
        assert not user.is_staff and not user.is_superuser
    assert not is_moderator(curator)
    assert editor.groups.filter(name=MODERATORS_GROUP).exists()
    published = Event.objects.filter(kind="published", entry__owner=curator)
    assert published.count() == len(DEMO_ENTRIES)
    assert set(published.values_list("actor__username", flat=True)) == {EDITOR_USERNAME}


@pytest.mark.parametrize("pasted", [
    "arXiv:1902.10811v1", "https://arxiv.org/abs/1707.07328", "https://doi.org/10.1145/3298689.3347058",
    "1902.10811", "10.1145/3298689.3347058",
])
def test_source_papers_are_findable_by_identifier(pasted):
    load_demo(create_accounts=False)
    ident = identifiers.parse_paper_identifier(pasted)
    assert Paper.objects.by_identifier(ident).count() == 1


def test_source_identifiers_are_in_entry_keywords():
    load_demo(create_accounts=False)
    assert len(DEMO_SOURCE_IDS) == len(DEMO_ENTRIES)
    for title, ids in DEMO_SOURCE_IDS.items():
        entry = demo_entries().get(title=title)
        for ident in ids:
            assert ident in entry.keywords
            assert ident in entry.search_text
    ferrari = Paper.objects.get(arxiv_id="1907.06902")
    assert ferrari.doi == "10.1145/3298689.3347058"
    assert Paper.objects.filter(arxiv_id__in=["1902.10811", "1707.07328"]).count() == 2
    titles = [title for title, ids in DEMO_SOURCE_IDS.items() if "doi:10.1145/3298689.3347058" in ids]
    assert len(titles) == 1


def test_every_entry_counters_a_claim_of_another_paper():
    load_demo(create_accounts=False)
    for entry in demo_entries():
        claims = Claim.objects.filter(evidence__entry=entry)
        assert claims.exists()
        own_ids = {ident.split(":", 1)[1] for ident in DEMO_SOURCE_IDS[entry.title] if ident.startswith("arXiv:")}
        assert not claims.filter(paper__arxiv_id__in=own_ids).exists()
    assert Claim.objects.contested().count() == Claim.objects.count()


def test_no_number_beyond_the_published_figures():
    load_demo(create_accounts=False)
    reported = set(Claim.objects.exclude(reported_value=None).values_list("reported_value", flat=True))
    observed = set(Evidence.objects.exclude(observed_value=None).values_list("observed_value", flat=True))
    assert reported <= DEMO_REPORTED_VALUES <= FIGURES
    assert observed <= DEMO_OBSERVED_VALUES <= FIGURES
    assert observed == {36.0, 7.0, 67.0, 53.0}
    assert not Evidence.objects.exclude(observed_spread=None).exists()
    assert not Evidence.objects.exclude(runs=None).exists()
    assert not Entry.objects.exclude(runs=None).exists()
    assert not Entry.objects.exclude(compute_gpu_hours=None).exists()
    squad = Claim.objects.get(reported_value=75)
    assert squad.benchmark.slug == "squad-v1-1" and squad.paper.arxiv_id == "1606.05250"
    assert squad.evidence.get().observed_value == 36


def test_benchmarks_have_real_names_and_homepages():
    load_demo(create_accounts=False)
    for slug in ("imagenet-1k", "cifar-10", "squad-v1-1", "mnli", "hans", "snli", "penn-treebank", "wikitext-2"):
        benchmark = Benchmark.objects.get(slug=slug)
        assert benchmark.homepage.startswith("https://")
        assert benchmark.task and benchmark.task != "unspecified"


def test_bodies_cite_the_source_paper_with_an_arxiv_link():
    load_demo(create_accounts=False)
    for spec in DEMO_ENTRIES:
        entry = demo_entries().get(title=spec["fields"]["title"])
        assert f"https://arxiv.org/abs/{spec['source']['arxiv_id']}" in entry.body
        assert spec["source"]["title"] in entry.body


def test_demo_accounts_are_not_created_when_debug_is_off(settings):
    settings.DEBUG = False
    out = io.StringIO()
    counts = load_demo(stdout=out, create_accounts=True)
    assert counts["accounts"] == 0
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
    assert "not created because DEBUG is off" in out.getvalue()


def test_demo_accounts_are_not_created_unless_asked(settings):
    settings.DEBUG = True
    load_demo(create_accounts=False)
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()


def test_demo_accounts_are_created_when_debug_is_on(settings):
    settings.DEBUG = True
    out = io.StringIO()
    load_demo(stdout=out, create_accounts=True)
    load_demo(stdout=out, create_accounts=True)
    User = get_user_model()
    researcher = User.objects.get(username="demo-researcher")
    moderator = User.objects.get(username="demo-moderator")
    assert researcher.check_password("demo-researcher-pass")
    assert moderator.check_password("demo-moderator-pass")
    assert not is_moderator(researcher) and is_moderator(moderator)
    assert not researcher.is_staff and not moderator.is_staff
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == 2
    assert "demo-moderator-pass" in out.getvalue()


def test_management_command_prints_counts(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    n = demo_entries().count()
    assert n == len(DEMO_ENTRIES)
    assert f"{n} entries" in text
    assert f"{Paper.objects.count()} papers" in text
    assert f"{Benchmark.objects.count()} benchmarks" in text
    assert f"{Claim.objects.count()} claims" in text
    assert "DEBUG is off" in text
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()

    counts = model_counts()
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert model_counts() == counts
    assert f"0 new, {n} already present" in again.getvalue()


def test_management_command_creates_accounts_under_debug(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "demo-researcher-pass" in out.getvalue()
    assert get_user_model().objects.filter(username__in=DEMO_USERNAMES).count() == 2
