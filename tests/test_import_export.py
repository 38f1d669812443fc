"""The export_entries and import_entries commands (registry.exporting, registry.importing)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import workflow
from registry.demo import CURATOR_USERNAME, load_demo
from registry.exporting import export_lines, split_export_record
from registry.models import Benchmark, Claim, Entry, Event, Evidence, Paper, Status, Version
from tests.factories import (
    ClaimFactory,
    author_rows,
    claim_spec,
    entry_fields,
    evidence_rows,
    make_draft,
    make_published,
    make_submitted,
    make_withdrawn,
)

pytestmark = pytest.mark.django_db

COUNTED = (Entry, Paper, Benchmark, Claim, Evidence, Version, Event)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def export(*args) -> list[str]:
    out = io.StringIO()
    call_command("export_entries", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def run_import(path, *args) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_entries", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def write_lines(tmp_path, lines, name="entries.jsonl"):
    """Write ``lines`` (dicts as JSON, strings as they are) one per line."""
    path = tmp_path / name
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def api_shape(**overrides) -> dict:
    """An entry in the API's write shape: flat fields, authors, evidence naming or describing claims."""
    data = {**entry_fields(), "authors": author_rows(), "evidence": [
        {"claim": claim_spec(), "relation": "contradicts", "observed_value": 74.1, "runs": 5}]}
    data.update(overrides)
    return data


# --------------------------------------------------------------------------- export


def test_export_of_the_demo_is_twelve_verified_lines():
    load_demo(create_accounts=False)
    lines = export()
    assert len(lines) == 12
    accessions = []
    for line in lines:
        record = json.loads(line)
        assert list(record) == sorted(record), "keys are sorted"
        snapshot, extras = split_export_record(record)
        entry = Entry.objects.get(pk=int(snapshot["accession"][3:]))
        latest = entry.versions.get(number=entry.version)
        assert snapshot == latest.snapshot
        assert extras["versions"][-1]["sha256"] == latest.sha256 == workflow.snapshot_sha256(snapshot)
        assert [v["number"] for v in extras["versions"]] == [1]
        assert set(extras["versions"][0]) == {"number", "sha256", "change_note", "created_at"}
        assert extras["status"] == "published" and "withdrawn_reason" not in extras
        accessions.append(snapshot["accession"])
    assert accessions == sorted(accessions), "oldest first"
    assert len(set(accessions)) == 12


def test_drafts_and_submissions_are_never_exported_withdrawn_only_with_the_flag(
    owner, moderator, draft, submitted, published
):
    withdrawn = make_withdrawn(owner, moderator, title="Withdrawn result", reason="A bug in the evaluation.")
    plain = [json.loads(line) for line in export()]
    assert [r["accession"] for r in plain] == [published.accession]

    both = {r["accession"]: r for r in map(json.loads, export("--include-withdrawn"))}
    assert set(both) == {published.accession, withdrawn.accession}
    assert both[withdrawn.accession]["status"] == "withdrawn"
    assert both[withdrawn.accession]["withdrawn_reason"] == "A bug in the evaluation."
    assert "withdrawn_reason" not in both[published.accession]
    assert draft.accession not in both and submitted.accession not in both


def test_a_revised_entry_exports_its_latest_snapshot_and_every_version(owner, published):
    workflow.entry_revise(entry=published, by=owner, expected_revision=published.revision,
                          change_note="Added two seeds.", fields={"runs": 7})
    [record] = map(json.loads, export())
    snapshot, extras = split_export_record(record)
    assert snapshot["version"] == 2 and snapshot["setup"]["runs"] == 7
    assert [(v["number"], v["change_note"]) for v in extras["versions"]] == [
        (1, "First published version."), (2, "Added two seeds.")]
    assert extras["versions"][1]["sha256"] == workflow.snapshot_sha256(snapshot)


def test_export_to_a_file_equals_stdout(tmp_path, published):
    target = tmp_path / "out.jsonl"
    err = io.StringIO()
    call_command("export_entries", "--output", str(target), stdout=io.StringIO(), stderr=err)
    assert target.read_text(encoding="utf-8").splitlines() == export()
    assert "Exported 1 entry" in err.getvalue()
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"], "no temporary file left behind"


def _export_queries(chunk_size: int) -> int:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        lines = list(export_lines(chunk_size=chunk_size))
    return len(ctx.captured_queries), len(lines)


def test_export_queries_do_not_grow_with_the_entries_in_a_chunk(owner, moderator):
    make_published(owner, moderator, title="Entry 0")
    one, count = _export_queries(chunk_size=50)
    assert count == 1
    for i in range(1, 10):
        make_published(owner, moderator, title=f"Entry {i}")
    ten, count = _export_queries(chunk_size=50)
    assert count == 10
    assert ten == one
    # Chunks of 4: three chunks, each running the same prefetches as the single chunk above.
    chunked, count = _export_queries(chunk_size=4)
    assert count == 10
    per_chunk = one - 1
    assert chunked == 1 + 3 * per_chunk


# --------------------------------------------------------------------------- import


def test_round_trip_files_submitted_drafts_reusing_the_claims(tmp_path, other_researcher):
    load_demo(create_accounts=False)
    path = tmp_path / "demo.jsonl"
    call_command("export_entries", "--output", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    before = counts()
    originals = {e.title: e for e in Entry.objects.filter(owner__username=CURATOR_USERNAME)}

    out, err, failure = run_import(path, "--owner", other_researcher.username, "--submit")
    assert failure is None, err
    assert "12 filed, 0 refused." in out
    after = counts()
    assert after["Entry"] == before["Entry"] + 12
    for model in ("Claim", "Paper", "Benchmark"):
        assert after[model] == before[model], f"{model}s are found, not duplicated"

    imported = list(Entry.objects.filter(owner=other_researcher))
    assert {e.title for e in imported} == set(originals)
    for entry in imported:
        assert entry.status == Status.SUBMITTED and entry.version == 0
        assert not entry.versions.exists()
        original = originals[entry.title]
        assert list(entry.evidence.order_by("position").values_list("claim_id", "relation", "observed_value")) \
            == list(original.evidence.order_by("position").values_list("claim_id", "relation", "observed_value"))
        assert list(entry.authors.values_list("name", "orcid")) == list(original.authors.values_list("name", "orcid"))
        for name in ("summary", "body", "result_type", "keywords", "runs", "code_url", "authors_contacted"):
            assert getattr(entry, name) == getattr(original, name)
        assert entry.search_text == original.search_text
    # The originals are untouched.
    assert all(e.status == Status.PUBLISHED for e in originals.values())


def test_bad_lines_are_refused_with_line_numbers_and_good_lines_filed(tmp_path, owner):
    before = counts()
    bad_doi_after_new_claim = api_shape(title="Second claim has a bad DOI", evidence=[
        {"claim": claim_spec(paper={"title": "A brand new paper", "doi": "10.5555/new"}, model_name="New")},
        {"claim": claim_spec(paper={"title": "Bad", "doi": "not-a-doi"})},
    ])
    path = write_lines(tmp_path, [
        api_shape(title="Good one"),                     # 1
        '{"title": "broken", ',                          # 2 bad JSON
        api_shape(result_type="astrology"),              # 3 unknown result type
        "",                                              # 4 blank: read past
        bad_doi_after_new_claim,                         # 5 bad DOI after a new claim
        {k: v for k, v in api_shape().items() if k != "title"},  # 6 missing title
        "[1, 2]",                                        # 7 not an object
        api_shape(titel="typo"),                         # 8 unknown field
        api_shape(title="Good two"),                     # 9
    ])
    out, err, failure = run_import(path, "--owner", owner.username)
    assert failure is not None and "6 line(s) refused" in str(failure)
    assert "2 filed, 6 refused." in out
    assert "line 1: filed NR-" in out and "line 9: filed NR-" in out
    assert "line 2: refused" in err and "not valid JSON" in err
    assert "line 3: refused" in err and "result_type:" in err and "astrology" in err
    assert "line 4" not in out + err
    assert "line 5: refused (Second claim has a bad DOI)" in err and "Claim 2" in err and "doi" in err.lower()
    assert "line 6: refused" in err and "title:" in err
    assert "line 7: refused" in err and "JSON object" in err
    assert "line 8: refused" in err and "titel: unknown field" in err

    assert set(Entry.objects.filter(owner=owner).values_list("title", "status")) == {
        ("Good one", Status.DRAFT), ("Good two", Status.DRAFT)}
    after = counts()
    assert after["Entry"] == before["Entry"] + 2
    # Line 5's first claim (and its new paper) went with the line; the good lines share one claim.
    assert not Paper.objects.filter(doi="10.5555/new").exists()
    assert after["Claim"] == before["Claim"] + 1


def test_dry_run_writes_nothing(tmp_path, owner, published):
    before = counts()
    path = write_lines(tmp_path, [api_shape(title="Would be filed"), api_shape(result_type="nope")])
    out, err, failure = run_import(path, "--owner", owner.username, "--submit", "--dry-run")
    assert failure is not None
    assert "line 1: would be filed: Would be filed" in out
    assert "1 would be filed, 1 refused (dry run: nothing was written)." in out
    assert "line 2: refused" in err
    assert counts() == before

    clean = write_lines(tmp_path, [api_shape(title="Would be filed")], name="clean.jsonl")
    out, err, failure = run_import(clean, "--owner", owner.username, "--dry-run")
    assert failure is None and "1 would be filed, 0 refused" in out
    assert counts() == before


def test_reimport_files_new_drafts_unless_skip_existing(tmp_path, owner):
    path = write_lines(tmp_path, [api_shape(title="Once"), api_shape(title="Twice")])
    assert run_import(path, "--owner", owner.username)[2] is None
    assert run_import(path, "--owner", owner.username)[2] is None
    assert Entry.objects.filter(owner=owner).count() == 4, "never overwritten: filed again"
    out, _, failure = run_import(path, "--owner", owner.username, "--skip-existing")
    assert failure is None
    assert "0 filed, 0 refused, 2 skipped." in out and "line 1: skipped" in out
    assert Entry.objects.filter(owner=owner).count() == 4


def test_api_write_shape_with_a_claim_id_and_submit(tmp_path, owner):
    claim = ClaimFactory()
    line = api_shape(title="By claim id", evidence=evidence_rows(claim.pk), keywords="a, b, a",
                     code_url="https://example.org/code")
    path = write_lines(tmp_path, [line])
    out, err, failure = run_import(path, "--owner", owner.username, "--submit")
    assert failure is None, err
    entry = Entry.objects.get(owner=owner)
    assert entry.status == Status.SUBMITTED
    assert list(entry.claims.all()) == [claim]
    assert entry.keywords == ["a", "b"]
    assert f"filed {entry.accession} (submitted)" in out


def test_the_api_export_imports_too(tmp_path, client, other_researcher, published):
    response = client.get("/api/v1/export/", HTTP_ACCEPT="application/jsonl")
    assert response.status_code == 200
    path = tmp_path / "api.jsonl"
    path.write_bytes(b"".join(response.streaming_content))
    claims = Claim.objects.count()
    out, err, failure = run_import(path, "--owner", other_researcher.username)
    assert failure is None, err
    copy = Entry.objects.get(owner=other_researcher)
    assert copy.title == published.title and copy.status == Status.DRAFT
    assert list(copy.claims.all()) == list(published.claims.all()) and Claim.objects.count() == claims


def test_submit_refuses_a_line_the_workflow_would_not_submit(tmp_path, owner):
    path = write_lines(tmp_path, [api_shape(title="No authors", authors=[])])
    out, err, failure = run_import(path, "--owner", owner.username, "--submit")
    assert failure is not None and "authors: Name at least one author." in err
    assert not Entry.objects.filter(owner=owner).exists(), "not even the draft stays"


def test_unknown_owner_and_missing_file(tmp_path, owner):
    path = write_lines(tmp_path, [api_shape()])
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("import_entries", str(path), "--owner", "nobody", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_entries", str(tmp_path / "missing.jsonl"), "--owner", owner.username,
                     stdout=io.StringIO())


def test_a_draft_of_someone_else_is_not_touched(tmp_path, owner, other_researcher):
    theirs = make_draft(owner, title="Same title")
    make_submitted(owner, title="Other")
    path = write_lines(tmp_path, [api_shape(title="Same title")])
    out, _, failure = run_import(path, "--owner", other_researcher.username, "--skip-existing")
    assert failure is None and "1 filed" in out, "skip-existing looks at the importing owner's entries only"
    theirs.refresh_from_db()
    assert theirs.owner == owner and theirs.revision == 1
