"""Every transition of an entry, allowed and refused, through registry.workflow."""

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError

from registry import workflow
from registry.models import (
    Author,
    Benchmark,
    Claim,
    Confirmation,
    Entry,
    Event,
    EventKind,
    Evidence,
    Paper,
    Status,
    Version,
    format_accession,
    parse_accession,
)
from registry.workflow import (
    IllegalTransition,
    NotAllowed,
    StaleRevision,
    catalogue_update,
    entry_confirm,
    entry_create,
    entry_delete,
    entry_publish,
    entry_reject,
    entry_revise,
    entry_submit,
    entry_update,
    entry_withdraw,
)
from tests.factories import (
    BenchmarkFactory,
    ClaimFactory,
    ModeratorFactory,
    UserFactory,
    author_rows,
    claim_spec,
    entry_fields,
    evidence_rows,
    make_draft,
    make_published,
    make_submitted,
)

pytestmark = pytest.mark.django_db

ROW_MODELS = (Entry, Author, Evidence, Claim, Paper, Benchmark, Event, Version, Confirmation)


def row_counts():
    return {model.__name__: model.objects.count() for model in ROW_MODELS}


def reload(entry):
    return Entry.objects.get(pk=entry.pk)


def events(entry):
    return [
        (e.kind, e.actor, e.from_status, e.to_status, e.reason, e.version)
        for e in Event.objects.filter(entry=entry).order_by("created_at", "pk")
    ]


def cast(request, *names):
    return [request.getfixturevalue(name) for name in names]


# --------------------------------------------------------------------------- create


def test_it_refuses_to_create_an_entry_for_an_anonymous_visitor(anonymous):
    with pytest.raises(NotAllowed):
        entry_create(by=anonymous, fields=entry_fields(), authors=author_rows(), evidence=evidence_rows())

    assert not Entry.objects.exists()


def test_a_new_entry_is_a_draft_owned_by_its_creator(owner):
    entry = make_draft(owner, title="Mine")

    entry = reload(entry)
    assert entry.owner == owner
    assert entry.status == Status.DRAFT
    assert entry.title == "Mine"
    assert entry.revision == 1
    assert entry.version == 0
    assert entry.submitted_at is None and entry.published_at is None
    assert [a.name for a in entry.authors.all()] == ["Ada Author 1"]
    assert entry.evidence.count() == 1


def test_creating_an_entry_records_who_created_it(owner):
    entry = make_draft(owner)

    assert events(entry) == [(EventKind.CREATED, owner, "", Status.DRAFT, "", None)]


def test_an_inline_claim_creates_its_paper_benchmark_and_claim(owner):
    spec = claim_spec(paper={"title": "Deep nets that win", "doi": "https://doi.org/10.1234/WINNING.2020"})

    entry = make_draft(owner, evidence=[{"claim": spec, "observed_value": 74.0}])

    claim = Claim.objects.get()
    assert entry.evidence.get().claim == claim
    assert claim.paper == Paper.objects.get()
    assert claim.paper.doi == "10.1234/winning.2020"
    assert claim.benchmark == Benchmark.objects.get()
    assert claim.benchmark.name == "ImageNet-1k"
    assert (claim.metric, claim.reported_value, claim.model_name, claim.setting) == (
        "top-1 accuracy (%)", 80.0, "WinNet", "validation set",
    )
    assert claim.proposed_by == owner
    assert (claim.review_status, claim.paper.review_status, claim.benchmark.review_status) == ("proposed",) * 3


def test_the_same_inline_claim_again_reuses_its_paper_benchmark_and_claim(owner, other_researcher, moderator):
    first = workflow.entry_submit(entry=make_draft(owner, evidence=[{"claim": claim_spec()}]), by=owner)
    workflow.entry_publish(entry=first, by=moderator)
    # The same claim, written the way someone else would paste it.
    again = claim_spec(
        paper={"doi": "doi:10.1234/Winning.2020", "title": "Deep Nets That Win"},
        benchmark={"name": "imagenet 1K"},
    )

    second = make_draft(other_researcher, evidence=[{"claim": again}])

    assert (Paper.objects.count(), Benchmark.objects.count(), Claim.objects.count()) == (1, 1, 1)
    assert first.evidence.get().claim_id == second.evidence.get().claim_id


def test_another_researchers_unpublished_proposal_is_not_theirs_to_see_or_reuse(owner, other_researcher):
    first = make_draft(owner, evidence=[{"claim": claim_spec()}])

    second = make_draft(other_researcher, evidence=[{"claim": claim_spec()}])

    # Each draft proposes its own items: neither learns of, nor writes to, the other's.
    assert (Paper.objects.count(), Benchmark.objects.count(), Claim.objects.count()) == (2, 2, 2)
    assert first.evidence.get().claim.proposed_by == owner
    assert second.evidence.get().claim.proposed_by == other_researcher


def test_an_inline_claim_with_another_model_is_a_new_claim_on_the_same_paper(owner):
    make_draft(owner, evidence=[{"claim": claim_spec(model_name="WinNet")}])

    make_draft(owner, evidence=[{"claim": claim_spec(model_name="WinNet-Large")}])

    assert (Paper.objects.count(), Benchmark.objects.count(), Claim.objects.count()) == (1, 1, 2)


@pytest.mark.parametrize("as_text", [False, True], ids=["int", "str"])
def test_an_entry_can_counter_an_existing_claim_by_id(owner, as_text):
    claim = ClaimFactory()
    claims_before = Claim.objects.count()

    entry = make_draft(owner, evidence=[{"claim": str(claim.pk) if as_text else claim.pk, "relation": "weakens"}])

    evidence = entry.evidence.get()
    assert evidence.claim == claim
    assert evidence.relation == "weakens"
    assert Claim.objects.count() == claims_before


def test_it_refuses_an_unknown_claim_id(owner):
    missing = ClaimFactory().pk + 1000
    before = row_counts()

    with pytest.raises(ValidationError) as raised:
        make_draft(owner, evidence=[{"claim": missing}])

    assert "evidence" in raised.value.message_dict
    assert str(missing) in " ".join(raised.value.message_dict["evidence"])
    assert row_counts() == before


def test_a_bad_doi_in_an_inline_paper_is_refused_by_name_and_nothing_is_written(owner, draft):
    before = row_counts()
    good = claim_spec(paper={"title": "Another paper", "doi": "10.5555/another"}, benchmark={"name": "New bench"})
    bad = claim_spec(paper={"title": "Broken paper", "doi": "10.12/not-a-doi"})

    with pytest.raises(ValidationError) as raised:
        make_draft(owner, evidence=[{"claim": good}, {"claim": bad}])

    messages = raised.value.message_dict["evidence"]
    assert any("doi" in m.lower() and "10.12/not-a-doi" in m for m in messages), messages
    # The entry row, its author, the first (valid) inline paper, benchmark and claim were all
    # written before the bad DOI was reached: the transaction must take them all back.
    assert row_counts() == before


def test_it_refuses_an_entry_with_an_invalid_field_and_writes_nothing(owner):
    evidence = evidence_rows(ClaimFactory())
    before = row_counts()

    with pytest.raises(ValidationError) as raised:
        make_draft(owner, evidence=evidence, result_type="not-a-type", code_url="not a url")

    assert {"result_type", "code_url"} <= set(raised.value.message_dict)
    assert row_counts() == before


def test_it_refuses_to_set_bookkeeping_fields_on_create(owner):
    with pytest.raises(ValidationError) as raised:
        make_draft(owner, status=Status.PUBLISHED)

    assert "status" in raised.value.message_dict
    assert not Entry.objects.exists()


def test_an_inline_paper_may_be_named_by_a_bare_identifier(owner):
    first = make_draft(owner, evidence=[{"claim": claim_spec()}])

    second = make_draft(owner, evidence=[{"claim": claim_spec(paper="https://doi.org/10.1234/WINNING.2020")}])

    assert Paper.objects.count() == 1
    assert second.evidence.get().claim_id == first.evidence.get().claim_id


def test_an_unknown_bare_identifier_asks_for_the_papers_title(owner):
    before = row_counts()

    with pytest.raises(ValidationError) as raised:
        make_draft(owner, evidence=[{"claim": claim_spec(paper="arXiv:1902.10811v2")}])

    assert "title" in " ".join(raised.value.message_dict["evidence"])
    assert row_counts() == before


def nan_in(row: str, field: str, value=float("nan")):
    """Evidence with a non-finite number in the evidence row or in its inline claim."""
    spec = claim_spec()
    data = {"claim": spec}
    (spec if row == "claim" else data)[field] = value
    return [data]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"evidence": [5]}, "evidence", id="evidence-row-not-an-object"),
        pytest.param({"evidence": [{"claim": "²"}]}, "evidence", id="claim-id-not-a-number"),
        pytest.param({"evidence": [{"claim": None}]}, "evidence", id="claim-missing"),
        pytest.param({"evidence": [{"claim": claim_spec(paper=["a", "list"])}]}, "evidence", id="paper-a-list"),
        pytest.param({"evidence": [{"claim": claim_spec(paper=10**6)}]}, "evidence", id="unknown-paper-id"),
        pytest.param({"evidence": [{"claim": claim_spec(benchmark=10**6)}]}, "evidence", id="unknown-benchmark-id"),
        pytest.param({"evidence": [{"claim": claim_spec(paper="not an identifier")}]}, "evidence",
                     id="paper-not-an-identifier"),
        pytest.param({"evidence": [{"claim": claim_spec(metric="  ")}]}, "evidence", id="blank-metric"),
        pytest.param({"evidence": nan_in("evidence", "observed_value")}, "evidence", id="observed-nan"),
        pytest.param({"evidence": [{"claim": claim_spec(), "observed_spread": float("inf"), "spread_kind": "sd"}]},
                     "evidence", id="spread-infinite"),
        pytest.param({"evidence": nan_in("evidence", "observed_spread", 0.5)}, "evidence",
                     id="spread-without-kind"),
        pytest.param({"evidence": nan_in("claim", "reported_value")}, "evidence", id="reported-nan"),
        pytest.param({"evidence": 5}, "evidence", id="evidence-not-a-list"),
        pytest.param({"authors": {"name": "Ada"}}, "authors", id="authors-not-a-list"),
        pytest.param({"authors": ["Ada"]}, "authors", id="author-not-an-object"),
        pytest.param({"authors": [{"name": " "}]}, "authors", id="author-without-name"),
        pytest.param({"authors": [{"name": "Ada", "orcid": "0000-0002-1825-0098"}]}, "authors",
                     id="orcid-bad-checksum"),
        pytest.param({"keywords": 5}, "keywords", id="keywords-a-number"),
        pytest.param({"compute_gpu_hours": float("inf")}, "compute_gpu_hours", id="compute-infinite"),
        pytest.param({"compute_gpu_hours": -1}, "compute_gpu_hours", id="compute-negative"),
    ],
)
def test_it_answers_malformed_input_with_a_validation_error_and_writes_nothing(owner, kwargs, field):
    kwargs = {"evidence": evidence_rows(ClaimFactory()), **kwargs}
    before = row_counts()

    with pytest.raises(ValidationError) as raised:
        make_draft(owner, **kwargs)

    assert field in raised.value.message_dict
    assert row_counts() == before


# --------------------------------------------------------------------------- update


def test_the_owner_edits_a_draft_and_its_revision_goes_up(owner, draft):
    updated = entry_update(
        entry=draft, by=owner, expected_revision=draft.revision, fields={"title": "Sharper title"},
        authors=author_rows(2),
    )

    entry = reload(draft)
    assert entry.title == "Sharper title"
    assert entry.revision == draft.revision + 1 == updated.revision
    assert [(a.position, a.name) for a in entry.authors.all()] == [(0, "Ada Author 1"), (1, "Ada Author 2")]
    assert entry.evidence.count() == 1  # evidence=None leaves it as it was
    assert events(entry)[-1] == (EventKind.EDITED, owner, Status.DRAFT, Status.DRAFT, "", None)


def test_authors_are_stored_in_order_with_their_orcid_ids_normalised(owner):
    entry = make_draft(owner, authors=[
        {"name": " Josiah Carberry ", "orcid": "https://orcid.org/0000-0002-1825-0097", "affiliation": "Brown"},
        {"name": "Ada Lovelace"},
    ])

    assert list(entry.authors.values_list("position", "name", "orcid", "affiliation")) == [
        (0, "Josiah Carberry", "0000-0002-1825-0097", "Brown"),
        (1, "Ada Lovelace", "", ""),
    ]


@pytest.mark.parametrize("who", ["other_researcher", "moderator", "anonymous"])
def test_it_refuses_edits_to_a_draft_from_anyone_but_its_owner(request, draft, who):
    (user,) = cast(request, who)

    with pytest.raises(NotAllowed):
        entry_update(entry=draft, by=user, expected_revision=draft.revision, fields={"title": "Hijacked"})

    entry = reload(draft)
    assert entry.title == draft.title
    assert entry.revision == draft.revision


@pytest.mark.parametrize("state", ["submitted", "published"])
def test_it_refuses_to_edit_an_entry_that_is_not_a_draft(request, owner, state):
    (entry,) = cast(request, state)

    with pytest.raises(IllegalTransition):
        entry_update(entry=entry, by=owner, expected_revision=entry.revision, fields={"title": "Sneaky"})

    assert reload(entry).title == entry.title


def test_it_refuses_an_edit_based_on_a_stale_revision_and_changes_nothing(owner, draft):
    loaded = draft.revision
    entry_update(entry=draft, by=owner, expected_revision=loaded, fields={"title": "First edit"})
    events_before = events(draft)

    with pytest.raises(StaleRevision) as raised:
        entry_update(entry=draft, by=owner, expected_revision=loaded, fields={"title": "Second edit"},
                     authors=[])

    assert (raised.value.expected, raised.value.current) == (loaded, loaded + 1)
    entry = reload(draft)
    assert entry.title == "First edit"
    assert entry.revision == loaded + 1
    assert entry.authors.count() == 1
    assert events(entry) == events_before


def test_an_invalid_edit_changes_nothing(owner, draft):
    with pytest.raises(ValidationError):
        entry_update(entry=draft, by=owner, expected_revision=draft.revision, fields={"title": "Kept?"},
                     evidence=[{"claim": 10**9}])

    entry = reload(draft)
    assert (entry.title, entry.revision) == (draft.title, draft.revision)
    assert entry.evidence.count() == 1


# --------------------------------------------------------------------------- delete


def test_the_owner_deletes_a_draft(owner, draft):
    claim = draft.evidence.get().claim

    entry_delete(entry=draft, by=owner)

    assert not Entry.objects.filter(pk=draft.pk).exists()
    assert not Event.objects.filter(entry_id=draft.pk).exists()
    assert Claim.objects.filter(pk=claim.pk).exists()  # the catalogue outlives the draft


@pytest.mark.parametrize("who", ["other_researcher", "moderator", "anonymous"])
def test_it_refuses_to_delete_a_draft_for_anyone_but_its_owner(request, draft, who):
    (user,) = cast(request, who)

    with pytest.raises(NotAllowed):
        entry_delete(entry=draft, by=user)

    assert Entry.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("state", ["submitted", "published"])
def test_it_refuses_to_delete_an_entry_that_is_not_a_draft(request, owner, state):
    (entry,) = cast(request, state)

    with pytest.raises(IllegalTransition):
        entry_delete(entry=entry, by=owner)

    assert Entry.objects.filter(pk=entry.pk).exists()


def test_a_draft_returned_by_a_moderator_can_no_longer_be_deleted(owner, moderator, submitted):
    returned = entry_reject(entry=submitted, by=moderator, reason="Add the seeds you used.")
    assert returned.status == Status.DRAFT

    with pytest.raises(IllegalTransition):
        entry_delete(entry=returned, by=owner)

    assert Entry.objects.filter(pk=submitted.pk).exists()


# --------------------------------------------------------------------------- submit


def test_the_owner_submits_a_draft(owner, draft):
    submitted = entry_submit(entry=draft, by=owner, expected_revision=draft.revision)

    entry = reload(draft)
    assert entry.status == Status.SUBMITTED == submitted.status
    assert entry.submitted_at is not None
    assert entry.revision == draft.revision + 1
    assert events(entry)[-1] == (EventKind.SUBMITTED, owner, Status.DRAFT, Status.SUBMITTED, "", None)


@pytest.mark.parametrize("who", ["other_researcher", "moderator", "anonymous"])
def test_it_refuses_to_submit_a_draft_for_anyone_but_its_owner(request, draft, who):
    (user,) = cast(request, who)

    with pytest.raises(NotAllowed):
        entry_submit(entry=draft, by=user)

    assert reload(draft).status == Status.DRAFT


@pytest.mark.parametrize("state", ["submitted", "published"])
def test_it_refuses_to_submit_an_entry_that_is_not_a_draft(request, owner, state):
    (entry,) = cast(request, state)

    with pytest.raises(IllegalTransition):
        entry_submit(entry=entry, by=owner)

    assert reload(entry).status == entry.status


def test_it_refuses_to_submit_a_draft_without_authors(owner):
    draft = make_draft(owner, authors=[])

    with pytest.raises(ValidationError) as raised:
        entry_submit(entry=draft, by=owner)

    assert "authors" in raised.value.message_dict
    assert reload(draft).status == Status.DRAFT


def test_it_refuses_to_submit_a_draft_that_counters_no_claim(owner):
    draft = make_draft(owner, evidence=[])

    with pytest.raises(ValidationError) as raised:
        entry_submit(entry=draft, by=owner)

    assert "evidence" in raised.value.message_dict
    assert reload(draft).status == Status.DRAFT


def test_it_refuses_to_submit_from_a_stale_revision(owner, draft):
    entry_update(entry=draft, by=owner, expected_revision=draft.revision, fields={"title": "Edited elsewhere"})

    with pytest.raises(StaleRevision):
        entry_submit(entry=draft, by=owner, expected_revision=draft.revision)

    assert reload(draft).status == Status.DRAFT


# --------------------------------------------------------------------------- publish


def test_a_moderator_publishes_a_submission_as_version_1(moderator, submitted):
    published = entry_publish(entry=submitted, by=moderator)

    entry = reload(submitted)
    assert entry.status == Status.PUBLISHED == published.status
    assert entry.published_at is not None
    assert entry.version == 1
    version = entry.versions.get()
    assert (version.number, version.created_by) == (1, moderator)
    assert version.snapshot["accession"] == entry.accession
    assert version.snapshot["title"] == entry.title
    assert version.snapshot["authors"] == [{"name": "Ada Author 1", "orcid": "", "affiliation": "Example University"}]
    assert [ev["claim"]["id"] for ev in version.snapshot["evidence"]] == [entry.evidence.get().claim_id]
    assert events(entry)[-1] == (EventKind.PUBLISHED, moderator, Status.SUBMITTED, Status.PUBLISHED, "", 1)


def test_a_version_is_hashed_from_the_canonical_json_of_its_snapshot(published):
    version = Version.objects.get(entry=published)  # read back: what the database kept is what is hashed

    canonical = json.dumps(version.snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert version.sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_a_staff_member_may_publish(submitted):
    staff = UserFactory(is_staff=True)

    assert entry_publish(entry=submitted, by=staff).status == Status.PUBLISHED


@pytest.mark.parametrize("who", ["owner", "other_researcher", "anonymous"])
def test_it_refuses_to_publish_for_anyone_but_a_moderator(request, submitted, who):
    (user,) = cast(request, who)

    with pytest.raises(NotAllowed):
        entry_publish(entry=submitted, by=user)

    assert reload(submitted).status == Status.SUBMITTED
    assert not Version.objects.exists()


def test_it_refuses_to_publish_a_draft(moderator, draft):
    with pytest.raises(IllegalTransition):
        entry_publish(entry=draft, by=moderator)

    assert reload(draft).status == Status.DRAFT
    assert not Version.objects.exists()


def test_it_refuses_to_publish_an_entry_twice(moderator, published):
    with pytest.raises(IllegalTransition):
        entry_publish(entry=published, by=moderator)

    assert published.versions.count() == 1


def test_a_moderator_cannot_publish_their_own_submission(moderator):
    own = make_submitted(moderator)

    with pytest.raises(NotAllowed):
        entry_publish(entry=own, by=moderator)
    assert reload(own).status == Status.SUBMITTED

    entry_publish(entry=own, by=ModeratorFactory())
    assert reload(own).status == Status.PUBLISHED


# --------------------------------------------------------------------------- reject


def test_a_moderator_returns_a_submission_to_draft_with_a_reason(moderator, submitted):
    entry_reject(entry=submitted, by=moderator, reason="  Please add the number of seeds.  ")

    entry = reload(submitted)
    assert entry.status == Status.DRAFT
    assert entry.returned_reason == "Please add the number of seeds."
    assert events(entry)[-1] == (
        EventKind.RETURNED, moderator, Status.SUBMITTED, Status.DRAFT, "Please add the number of seeds.", None,
    )


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_it_refuses_to_return_a_submission_without_a_reason(moderator, submitted, reason):
    with pytest.raises(ValidationError) as raised:
        entry_reject(entry=submitted, by=moderator, reason=reason)

    assert "reason" in raised.value.message_dict
    assert reload(submitted).status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["owner", "other_researcher", "anonymous"])
def test_it_refuses_to_return_a_submission_for_anyone_but_a_moderator(request, submitted, who):
    (user,) = cast(request, who)

    with pytest.raises(NotAllowed):
        entry_reject(entry=submitted, by=user, reason="No.")

    assert reload(submitted).status == Status.SUBMITTED


@pytest.mark.parametrize("state", ["draft", "published"])
def test_it_refuses_to_return_an_entry_that_is_not_submitted(request, moderator, state):
    (entry,) = cast(request, state)

    with pytest.raises(IllegalTransition):
        entry_reject(entry=entry, by=moderator, reason="No.")

    assert reload(entry).status == entry.status


def test_a_returned_draft_can_be_edited_and_submitted_again(owner, moderator, submitted):
    returned = entry_reject(entry=submitted, by=moderator, reason="Add the seeds.")
    edited = entry_update(entry=returned, by=owner, expected_revision=returned.revision, fields={"runs": 10})

    entry_submit(entry=edited, by=owner, expected_revision=edited.revision)

    entry = reload(submitted)
    assert entry.status == Status.SUBMITTED
    assert entry.runs == 10
    assert entry.returned_reason == ""


# --------------------------------------------------------------------------- revise


def test_the_owner_revises_a_published_entry_into_the_next_version(owner, published):
    first = Version.objects.get(entry=published)
    first_snapshot, first_sha = first.snapshot, first.sha256

    revised = entry_revise(
        entry=published, by=owner, expected_revision=published.revision, change_note="Added two seeds.",
        fields={"title": "Revised title", "runs": 7},
    )

    entry = reload(published)
    assert entry.status == Status.PUBLISHED
    assert entry.version == 2 == revised.version
    assert entry.revision > published.revision
    assert entry.title == "Revised title"
    second = entry.versions.get(number=2)
    assert (second.change_note, second.created_by) == ("Added two seeds.", owner)
    assert second.snapshot["title"] == "Revised title"
    assert second.snapshot["setup"]["runs"] == 7
    assert second.sha256 != first_sha
    first.refresh_from_db()
    assert (first.snapshot, first.sha256) == (first_snapshot, first_sha)
    assert first.snapshot["title"] == published.title
    assert events(entry)[-1] == (EventKind.REVISED, owner, Status.PUBLISHED, Status.PUBLISHED, "Added two seeds.", 2)


def test_versions_keep_counting_up(owner, published):
    entry = published
    for note in ("Second.", "Third."):
        entry = entry_revise(entry=entry, by=owner, expected_revision=entry.revision, change_note=note, fields={})

    assert list(entry.versions.values_list("number", flat=True)) == [1, 2, 3]
    assert reload(entry).version == 3


@pytest.mark.parametrize("who", ["other_researcher", "moderator", "anonymous"])
def test_it_refuses_revisions_from_anyone_but_the_owner(request, published, who):
    (user,) = cast(request, who)

    with pytest.raises(NotAllowed):
        entry_revise(entry=published, by=user, expected_revision=published.revision, change_note="Mine now.",
                     fields={"title": "Hijacked"})

    assert (reload(published).title, published.versions.count()) == (published.title, 1)


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_it_refuses_to_revise_an_entry_that_is_not_published(request, owner, state):
    (entry,) = cast(request, state)

    with pytest.raises(IllegalTransition):
        entry_revise(entry=entry, by=owner, expected_revision=entry.revision, change_note="Why not.",
                     fields={"title": "Sneaky"})

    assert reload(entry).title == entry.title
    assert not entry.versions.exists()


def test_it_refuses_to_revise_a_withdrawn_entry(owner, published):
    withdrawn = entry_withdraw(entry=published, by=owner, reason="Bug in our evaluation script.")

    with pytest.raises(IllegalTransition):
        entry_revise(entry=withdrawn, by=owner, expected_revision=withdrawn.revision, change_note="Fixed.",
                     fields={})

    assert published.versions.count() == 1


@pytest.mark.parametrize("note", ["", "  ", None])
def test_a_revision_needs_a_change_note(owner, published, note):
    with pytest.raises(ValidationError) as raised:
        entry_revise(entry=published, by=owner, expected_revision=published.revision, change_note=note,
                     fields={"title": "Silently changed"})

    assert "change_note" in raised.value.message_dict
    assert (reload(published).title, published.versions.count()) == (published.title, 1)


def test_it_refuses_a_revision_based_on_a_stale_revision(owner, published):
    entry_revise(entry=published, by=owner, expected_revision=published.revision, change_note="First.",
                 fields={"title": "First revision"})

    with pytest.raises(StaleRevision):
        entry_revise(entry=published, by=owner, expected_revision=published.revision, change_note="Second.",
                     fields={"title": "Overwrites the first"})

    entry = reload(published)
    assert (entry.title, entry.version) == ("First revision", 2)


def test_a_revision_cannot_drop_every_claim(owner, published):
    with pytest.raises(ValidationError) as raised:
        entry_revise(entry=published, by=owner, expected_revision=published.revision, change_note="Oops.",
                     fields={"title": "No claims"}, evidence=[])

    assert "evidence" in raised.value.message_dict
    entry = reload(published)
    assert (entry.title, entry.version, entry.evidence.count()) == (published.title, 1, 1)


# --------------------------------------------------------------------------- withdraw


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_the_owner_or_a_moderator_withdraws_a_published_entry(request, published, who):
    (user,) = cast(request, who)

    entry_withdraw(entry=published, by=user, reason="  The baseline was mis-tuned.  ")

    entry = reload(published)
    assert entry.status == Status.WITHDRAWN
    assert entry.withdrawn_reason == "The baseline was mis-tuned."
    assert entry.withdrawn_at is not None
    assert events(entry)[-1] == (
        EventKind.WITHDRAWN, user, Status.PUBLISHED, Status.WITHDRAWN, "The baseline was mis-tuned.", 1,
    )


@pytest.mark.parametrize("who", ["other_researcher", "anonymous"])
def test_it_refuses_withdrawal_by_anyone_but_the_owner_or_a_moderator(request, published, who):
    (user,) = cast(request, who)

    with pytest.raises(NotAllowed):
        entry_withdraw(entry=published, by=user, reason="I disagree.")

    assert reload(published).status == Status.PUBLISHED


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_withdrawal_needs_a_reason(owner, published, reason):
    with pytest.raises(ValidationError) as raised:
        entry_withdraw(entry=published, by=owner, reason=reason)

    assert "reason" in raised.value.message_dict
    assert reload(published).status == Status.PUBLISHED


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_it_refuses_to_withdraw_an_entry_that_is_not_published(request, owner, state):
    (entry,) = cast(request, state)

    with pytest.raises(IllegalTransition):
        entry_withdraw(entry=entry, by=owner, reason="Changed my mind.")

    assert reload(entry).status == entry.status


def test_it_refuses_to_withdraw_an_entry_twice(owner, moderator, published):
    entry_withdraw(entry=published, by=owner, reason="First reason.")

    with pytest.raises(IllegalTransition):
        entry_withdraw(entry=published, by=moderator, reason="Second reason.")

    assert reload(published).withdrawn_reason == "First reason."


def test_a_withdrawn_entry_stays_as_a_tombstone_with_its_versions(owner, anonymous, published):
    entry_revise(entry=published, by=owner, expected_revision=published.revision, change_note="v2.", fields={})
    first = Version.objects.get(entry=published, number=1)

    entry_withdraw(entry=published, by=owner, reason="Data leak found.")

    tombstone = Entry.objects.visible_to(anonymous).by_accession(published.accession).get()
    assert tombstone.status == Status.WITHDRAWN
    assert tombstone.version == 2
    assert list(tombstone.versions.values_list("number", "sha256")) == [
        (1, first.sha256), (2, Version.objects.get(entry=published, number=2).sha256),
    ]


# --------------------------------------------------------------------------- confirm


@pytest.mark.parametrize("who", ["other_researcher", "moderator"])
def test_someone_else_confirms_a_published_entry(request, published, who):
    (user,) = cast(request, who)

    confirmation = entry_confirm(entry=published, by=user, note=" Same on our cluster. ")

    assert Confirmation.objects.get() == confirmation
    assert (confirmation.entry_id, confirmation.user, confirmation.note) == (
        published.pk, user, "Same on our cluster.",
    )
    assert events(published)[-1] == (EventKind.CONFIRMED, user, Status.PUBLISHED, Status.PUBLISHED, "", None)


def test_the_owner_cannot_confirm_their_own_entry(owner, published):
    with pytest.raises(NotAllowed):
        entry_confirm(entry=published, by=owner)

    assert not Confirmation.objects.exists()


def test_an_anonymous_visitor_cannot_confirm(anonymous, published):
    with pytest.raises(NotAllowed):
        entry_confirm(entry=published, by=anonymous)

    assert not Confirmation.objects.exists()


def test_a_researcher_confirms_an_entry_only_once(other_researcher, published):
    entry_confirm(entry=published, by=other_researcher, note="Once.")

    with pytest.raises(IllegalTransition):
        entry_confirm(entry=published, by=other_researcher, note="Twice.")

    assert list(Confirmation.objects.values_list("note", flat=True)) == ["Once."]
    assert [e[0] for e in events(published)].count(EventKind.CONFIRMED) == 1


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_it_refuses_to_confirm_an_entry_that_is_not_published(request, other_researcher, state):
    (entry,) = cast(request, state)

    with pytest.raises(IllegalTransition):
        entry_confirm(entry=entry, by=other_researcher)

    assert not Confirmation.objects.exists()


def test_it_refuses_to_confirm_a_withdrawn_entry(owner, other_researcher, published):
    entry_withdraw(entry=published, by=owner, reason="Wrong split.")

    with pytest.raises(IllegalTransition):
        entry_confirm(entry=published, by=other_researcher)

    assert not Confirmation.objects.exists()


# --------------------------------------------------------------------------- timeline


def test_the_timeline_records_every_step_with_who_and_why(owner, other_researcher, moderator):
    entry = make_draft(owner)
    entry = entry_update(entry=entry, by=owner, expected_revision=entry.revision, fields={"runs": 3})
    entry = entry_submit(entry=entry, by=owner)
    entry = entry_reject(entry=entry, by=moderator, reason="Too few runs.")
    entry = entry_submit(entry=entry, by=owner)
    entry = entry_publish(entry=entry, by=moderator)
    entry = entry_revise(entry=entry, by=owner, expected_revision=entry.revision, change_note="More runs.",
                         fields={"runs": 10})
    entry_confirm(entry=entry, by=other_researcher)
    entry_withdraw(entry=entry, by=moderator, reason="Duplicate of another entry.")

    D, S, P, W = Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED, Status.WITHDRAWN
    assert events(entry) == [
        (EventKind.CREATED, owner, "", D, "", None),
        (EventKind.EDITED, owner, D, D, "", None),
        (EventKind.SUBMITTED, owner, D, S, "", None),
        (EventKind.RETURNED, moderator, S, D, "Too few runs.", None),
        (EventKind.SUBMITTED, owner, D, S, "", None),
        (EventKind.PUBLISHED, moderator, S, P, "", 1),
        (EventKind.REVISED, owner, P, P, "More runs.", 2),
        (EventKind.CONFIRMED, other_researcher, P, P, "", None),
        (EventKind.WITHDRAWN, moderator, P, W, "Duplicate of another entry.", 2),
    ]


# --------------------------------------------------------------------------- who sees what


@pytest.fixture
def every_state(owner, other_researcher, moderator):
    """One entry of the owner's in each state, and a draft and a submission of someone else's."""
    published = make_published(owner, moderator, title="published")
    withdrawn = make_published(owner, moderator, title="withdrawn")
    entry_withdraw(entry=withdrawn, by=owner, reason="Superseded.")
    return {
        "draft": make_draft(owner, title="draft"),
        "submitted": make_submitted(owner, title="submitted"),
        "published": published,
        "withdrawn": withdrawn,
        "other's draft": make_draft(other_researcher, title="other's draft"),
        "other's submission": make_submitted(other_researcher, title="other's submission"),
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", {"published", "withdrawn"}),
        ("other_researcher", {"published", "withdrawn", "other's draft", "other's submission"}),
        ("owner", {"draft", "submitted", "published", "withdrawn"}),
        ("moderator", {"submitted", "other's submission", "published", "withdrawn"}),
    ],
)
def test_each_person_sees_only_what_they_may_read(request, every_state, who, sees):
    (user,) = cast(request, who)

    visible = set(Entry.objects.visible_to(user).values_list("pk", flat=True))

    assert visible == {every_state[name].pk for name in sees}


def test_a_staff_member_sees_submissions_but_not_drafts(every_state):
    staff = UserFactory(is_staff=True)

    visible = set(Entry.objects.visible_to(staff).values_list("title", flat=True))

    assert visible == {"submitted", "other's submission", "published", "withdrawn"}


# --------------------------------------------------------------------------- accessions


def test_an_accession_is_nr_and_six_digits():
    assert format_accession(42) == "NR-000042"
    assert format_accession(1234567) == "NR-1234567"


def test_an_entry_is_found_again_by_its_accession(draft):
    assert draft.accession == f"NR-{draft.pk:06d}"
    assert parse_accession(draft.accession) == draft.pk
    assert Entry.objects.by_accession(draft.accession).get() == draft


@pytest.mark.parametrize("text", ["NR-000042", "nr-42", " NR-000042 ", "NR000042"])
def test_it_parses_the_forms_people_type(text):
    assert parse_accession(text) == 42


@pytest.mark.parametrize("text", ["", None, "NR-", "XX-000042", "NR-42a", "42", "NR--42", "NR-0000000000042"])
def test_it_parses_nothing_else(text):
    assert parse_accession(text) is None


def test_an_unparseable_accession_finds_no_entry(draft):
    assert not Entry.objects.by_accession("NR-abc").exists()


# --------------------------------------------------------------------------- search text


def test_the_search_text_holds_the_linked_claims_and_follows_catalogue_changes(owner, moderator):
    benchmark = BenchmarkFactory(name="Old benchmark name")
    entry = make_draft(owner, evidence=evidence_rows(ClaimFactory(benchmark=benchmark, model_name="WinNet")))
    assert "Old benchmark name" in reload(entry).search_text
    assert "WinNet" in reload(entry).search_text

    catalogue_update(obj=benchmark, by=moderator, fields={"name": "New benchmark name"})

    text = reload(entry).search_text
    assert "New benchmark name" in text
    assert "Old benchmark name" not in text


def test_the_entry_returned_by_the_workflow_carries_its_search_text(owner):
    entry = make_draft(owner, evidence=evidence_rows(ClaimFactory(benchmark=BenchmarkFactory(name="Findable"))))

    assert "Findable" in entry.search_text
    assert entry.search_text == reload(entry).search_text


def test_only_moderators_change_the_catalogue(owner):
    benchmark = BenchmarkFactory(name="Stable name")

    with pytest.raises(NotAllowed):
        catalogue_update(obj=benchmark, by=owner, fields={"name": "Vandalised"})

    benchmark.refresh_from_db()
    assert benchmark.name == "Stable name"


# --------------------------------------------------------------------------- versions


def test_a_saved_version_cannot_be_changed(published):
    version = Version.objects.get(entry=published)
    version.change_note = "Rewritten history."

    with pytest.raises(ValueError, match="immutable"):
        version.save()

    version.refresh_from_db()
    assert version.change_note == "First published version."


# --------------------------------------------------------------------------- resolving papers and claims


@pytest.mark.django_db
def test_a_title_only_paper_adopts_an_identifier_given_later():
    from registry.models import Paper

    first = workflow.paper_resolve({"title": "Some Untracked Paper"})
    again = workflow.paper_resolve({"title": "some untracked paper", "arxiv_id": "arXiv:2101.00001v3"})
    assert again.pk == first.pk
    assert Paper.objects.get(pk=first.pk).arxiv_id == "2101.00001"
    assert Paper.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_identifiers_that_name_two_different_papers():
    workflow.paper_resolve({"title": "Paper A", "doi": "10.1000/aaa"})
    workflow.paper_resolve({"title": "Paper B", "arxiv_id": "2101.00002"})
    with pytest.raises(ValidationError) as info:
        workflow.paper_resolve({"doi": "10.1000/AAA", "arxiv_id": "2101.00002"})
    assert "different papers" in str(info.value)


@pytest.mark.django_db
def test_it_refuses_an_identifier_that_contradicts_the_papers_own():
    workflow.paper_resolve({"title": "Paper A", "doi": "10.1000/aaa", "arxiv_id": "2101.00003"})
    with pytest.raises(ValidationError):
        # Found by DOI, but recorded with another arXiv id: not silently the same paper.
        workflow.paper_resolve({"doi": "10.1000/aaa", "arxiv_id": "2101.00004"})


@pytest.mark.django_db
def test_it_refuses_to_reuse_a_claim_with_a_different_reported_value():
    spec = {"paper": {"title": "P"}, "benchmark": {"name": "B"}, "metric": "accuracy", "reported_value": 75}
    claim = workflow.claim_resolve(spec)
    assert workflow.claim_resolve({**spec, "reported_value": 75.0}).pk == claim.pk
    with pytest.raises(workflow.CatalogueConflict) as info:
        workflow.claim_resolve({**spec, "reported_value": 80})
    assert "reported value is 75, you gave 80" in str(info.value)
    assert info.value.conflicts[0]["differing"] == {"reported_value": {"existing": 75, "given": 80}}


@pytest.mark.django_db
def test_editing_updates_a_draft_and_revises_a_published_entry(owner, draft, published):
    edited = workflow.entry_edit(entry=draft, by=owner, expected_revision=draft.revision,
                                 fields={"title": "Renamed draft"})
    assert (edited.title, edited.version, edited.status) == ("Renamed draft", 0, Status.DRAFT)
    revised = workflow.entry_edit(entry=published, by=owner, expected_revision=published.revision,
                                  fields={"title": "Renamed"}, change_note="New title.")
    assert (revised.version, revised.versions.count()) == (2, 2)
    with pytest.raises(ValidationError):
        workflow.entry_edit(entry=revised, by=owner, expected_revision=revised.revision, fields={"title": "x"})
