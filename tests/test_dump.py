"""The public dump (registry.dump) and its restore (registry.workflow.restore): a backup that loses nothing public.

dump → empty database → restore → dump is byte for byte the same, and every public page and API answer reads
the same before and after; private things (drafts, submissions, proposals, e-mail addresses, who filed an
anonymous entry, the content of withdrawn entries) never reach the dump.
"""

from __future__ import annotations

import gzip
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, ManagementUtility, call_command
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from registry import workflow
from registry.demo import CURATOR_USERNAME, EDITOR_USERNAME, load_demo
from registry.dump import FORMAT, FORMAT_VERSION, dump_line, dump_lines, parse_record
from registry.models import (
    Benchmark,
    CatalogueChange,
    Claim,
    Confirmation,
    Entry,
    Paper,
    Profile,
    ReviewStatus,
    Version,
)
from registry.workflow.restore import CUSTODIAN_USERNAME, RestoreError, restore_dump
from tests.factories import ModeratorFactory, UserFactory, claim_spec, make_draft, make_published, make_submitted

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch, settings):
    """Reading every page twice is many requests a minute: the rate limits are not what is tested here."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/min", "user": "100000/min"})
    settings.PORTAL_THROTTLE_RATES = {name: "100000/min" for name in settings.PORTAL_THROTTLE_RATES}
    cache.clear()
    yield
    cache.clear()

SECRETS = ("A private draft", "A private submission", "Proposed in a draft only", "Proposed by a submission",
           "10.9999/draft.1", "10.9999/submitted.1", "Draft-only Bench", "@example.org", "carol-the-filer")


def build_registry() -> dict:
    """The demo, plus every kind of public fact and some private ones that must stay out of the dump."""
    load_demo(create_accounts=False)
    User = get_user_model()
    curator, editor = User.objects.get(username=CURATOR_USERNAME), User.objects.get(username=EDITOR_USERNAME)
    first, second, third = Entry.objects.order_by("pk")[:3]
    revised = workflow.entry_revise(
        entry=first, by=curator, expected_revision=first.revision, change_note="Five seeds, not three.",
        fields={"summary": first.summary + " Five seeds, not three.",
                "body": first.body + "\n\n**Update:** more seeds."},
    )
    ada, bob, dora = UserFactory(username="ada"), UserFactory(username="bob"), UserFactory(username="dora")
    Profile.objects.filter(user=ada).update(display_name="Ada Lovelace")
    Profile.objects.filter(user=dora).update(display_name="Ada Lovelace")  # the same name, another person
    workflow.entry_confirm(entry=revised, by=ada, note="Same on eight GPUs.")
    workflow.entry_confirm(entry=revised, by=bob)
    workflow.entry_confirm(entry=revised, by=dora, note="Also here.")
    workflow.entry_confirm(entry=third, by=ada)
    workflow.entry_confirm(entry=second, by=bob, note="Seen before it was withdrawn.")
    withdrawn = workflow.entry_withdraw(entry=second, by=editor, reason="The source paper was retracted.")

    filer, moderator = UserFactory(username="carol-the-filer"), ModeratorFactory(username="mod")
    anonymous = make_published(filer, moderator, anonymous=True, title="An anonymous null result")
    named = make_published(bob, moderator, title="A new claim that does not hold", evidence=[{
        "claim": claim_spec(paper={"title": "A paper first named by an entry", "doi": "10.5555/new.1",
                                   "year": 2021, "venue": "ICML 2021"},
                            benchmark={"name": "Fresh Bench", "slug": "fresh-bench", "task": "image classification"},
                            model_name="FreshNet"),
        "relation": "weakens", "observed_value": 61.5, "runs": 3}])
    claim = named.evidence.get().claim
    workflow.catalogue_update(obj=claim, by=moderator, fields={"reported_value": 79.5},
                              reason="Table 3 of the camera-ready version.")
    # Private: a draft and a submission, each proposing a paper, a benchmark and a claim.
    make_draft(filer, title="A private draft", evidence=[{"claim": claim_spec(
        paper={"title": "Proposed in a draft only", "doi": "10.9999/draft.1"},
        benchmark={"name": "Draft-only Bench", "slug": "draft-only-bench", "task": "x"}), "relation": "weakens"}])
    make_submitted(filer, title="A private submission", evidence=[{"claim": claim_spec(
        paper={"title": "Proposed by a submission", "doi": "10.9999/submitted.1"}), "relation": "weakens"}])
    return {"revised": revised, "withdrawn": withdrawn, "anonymous": anonymous, "named": named}


def dump_text() -> str:
    return "".join(dump_lines(chunk_size=3))  # small chunks: several rounds per section


def flush() -> None:
    call_command("flush", interactive=False, verbosity=0)


# --------------------------------------------------------------------------- what visitors see

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
_CHART_IDS = re.compile(r"\b(bar|claims)-\d+\b")


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return _CHART_IDS.sub(r"\1-N", _CSRF.sub('name="csrfmiddlewaretoken" value="…"', response.content.decode()))


def _feed(client: Client, path: str, withdrawn: set[str]) -> str:
    """An Atom feed without the author names of withdrawn entries' items (a tombstone does not hold them); an
    empty feed is dated now (Django's Feed), so its date is left out too."""
    def strip(match):
        item = match.group(0)
        return re.sub(r"<author>.*?</author>", "", item) if any(f"/{a}/</id>" in item for a in withdrawn) else item

    feed = re.sub(r"<entry>.*?</entry>", strip, _page(client, path), flags=re.S)
    return feed if "<entry>" in feed else re.sub(r"<updated>[^<]*</updated>", "<updated/>", feed)


def _api(client: Client, path: str):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.json()


def _api_all(client: Client, path: str) -> list:
    """Every page of a list endpoint, following its cursors."""
    pages = []
    while path:
        data = _api(client, path)
        pages.append(data)
        path = data.get("next") if isinstance(data, dict) else None
    return pages


def public_views(*, withdrawn: set[str]) -> dict:
    """Every public page and API answer of the registry, as an anonymous visitor reads them.

    Withdrawn entries are left out here (``tombstone_views``): their pages still show content the dump does not
    carry (see the README).
    """
    client, views = Client(), {}
    for path in ("/", "/benchmarks/", "/stats/"):
        views[path] = _page(client, path)
    views["/feeds/entries/"] = _feed(client, "/feeds/entries/", withdrawn)
    for entry in Entry.objects.public().order_by("pk"):
        if entry.accession in withdrawn:
            continue
        for path in (entry.get_absolute_url(), f"/entries/{entry.accession}.bib", f"/entries/{entry.accession}.json"):
            views[path] = _page(client, path)
        api = f"/api/v1/entries/{entry.accession}/"
        views[api] = _api(client, api)
        views[api + "versions/"] = _api(client, api + "versions/")
        for version in entry.versions.order_by("number"):
            views[version.get_absolute_url()] = _page(client, version.get_absolute_url())
            views[f"{api}versions/{version.number}/"] = _api(client, f"{api}versions/{version.number}/")
    for claim in Claim.objects.accepted().order_by("pk"):
        views[claim.get_absolute_url()] = _page(client, claim.get_absolute_url())
        views[f"/api/v1/claims/{claim.pk}/"] = _api(client, f"/api/v1/claims/{claim.pk}/")
        views[f"/feeds/claims/{claim.pk}/"] = _feed(client, f"/feeds/claims/{claim.pk}/", withdrawn)
    for paper in Paper.objects.accepted().order_by("pk"):
        views[paper.get_absolute_url()] = _page(client, paper.get_absolute_url())
        views[f"/api/v1/papers/{paper.pk}/"] = _api(client, f"/api/v1/papers/{paper.pk}/")
    for benchmark in Benchmark.objects.accepted().order_by("pk"):
        views[benchmark.get_absolute_url()] = _page(client, benchmark.get_absolute_url())
        views[f"/feeds/benchmarks/{benchmark.slug}/"] = _feed(client, f"/feeds/benchmarks/{benchmark.slug}/",
                                                              withdrawn)
    for path in ("/api/v1/entries/", "/api/v1/entries/?ordering=most_confirmed", "/api/v1/claims/",
                 "/api/v1/papers/", "/api/v1/benchmarks/", "/api/v1/entries/?q=replication"):
        views[path] = _api_all(client, path)
    views["search"] = _page(client, "/search/?q=replication")
    return views


def tombstone_views(accession: str) -> dict:
    """What the dump promises of a withdrawn entry: accession, title, dates, reason, versions and their hashes."""
    client = Client()
    data = _api(client, f"/api/v1/entries/{accession}/")
    page = _page(client, f"/entries/{accession}/")
    tombstone = re.search(r'<section class="tombstone".*?</section>', page, re.S).group(0)
    versions = re.search(r'<section class="versions".*?</section>', page, re.S).group(0)
    timeline = re.search(r'<section class="timeline".*?</section>', page, re.S).group(0)
    return {
        "api": {key: data[key] for key in ("accession", "title", "status", "result_type", "version", "revision",
                                           "created_at", "submitted_at", "published_at", "updated_at",
                                           "withdrawn_reason")},
        "versions": _api(client, f"/api/v1/entries/{accession}/versions/"),
        "page": (tombstone, versions, timeline, re.search(r"<h1>.*?</h1>", page).group(0)),
    }


# --------------------------------------------------------------------------- the round trip


def test_dump_empty_database_restore_dump_is_byte_identical_and_every_public_view_is_the_same():
    made = build_registry()
    withdrawn = {made["withdrawn"].accession}
    before_views = public_views(withdrawn=withdrawn)
    before_tombstone = tombstone_views(made["withdrawn"].accession)
    assert made["revised"].accession in before_views["search"]
    assert before_views["/api/v1/entries/?q=replication"][0]["results"]
    assert "Ada Lovelace" in before_views[made["revised"].get_absolute_url()]
    first = dump_text()

    flush()
    assert not Entry.objects.exists() and not get_user_model().objects.exists()
    report = restore_dump(io.StringIO(first))
    assert report.hash_mismatches == []

    second = dump_text()
    assert second == first
    after_views = public_views(withdrawn=withdrawn)
    assert after_views.keys() == before_views.keys()
    for path in before_views:
        assert after_views[path] == before_views[path], path
    assert tombstone_views(made["withdrawn"].accession) == before_tombstone


def test_the_dump_holds_every_public_fact_and_nothing_private():
    made = build_registry()
    text = dump_text()
    records = [json.loads(line) for line in text.splitlines()]
    assert records[0] == {"type": "header", "format": FORMAT, "format_version": FORMAT_VERSION}
    assert records[-1]["type"] == "end"
    for secret in SECRETS:
        assert secret not in text, secret
    by_type = {}
    for record in records:
        by_type.setdefault(record["type"], []).append(record)
    assert by_type["end"][0]["counts"] == {kind: len(rows) for kind, rows in by_type.items()
                                           if kind not in ("header", "end")}
    entries = {r["accession"]: r for r in by_type["entry"]}
    assert set(entries) == {e.accession for e in Entry.objects.public()}
    assert len(by_type["version"]) == Version.objects.count()
    assert len(by_type["paper"]) == Paper.objects.filter(review_status=ReviewStatus.ACCEPTED).count()
    assert len(by_type["claim"]) == Claim.objects.filter(review_status=ReviewStatus.ACCEPTED).count()

    revised = [v for v in by_type["version"] if v["entry"] == made["revised"].accession]
    assert [(v["number"], v["change_note"]) for v in revised] == [(1, "First published version."),
                                                                   (2, "Five seeds, not three.")]
    for version in revised:
        stored = Version.objects.get(entry=made["revised"], number=version["number"])
        assert (version["sha256"], version["snapshot"]) == (stored.sha256, stored.snapshot)

    tombstone = entries[made["withdrawn"].accession]
    assert tombstone["withdrawn_reason"] == "The source paper was retracted."
    assert not {"summary", "body", "authors", "evidence", "owner"} & set(tombstone)
    withdrawn_versions = [v for v in by_type["version"] if v["entry"] == made["withdrawn"].accession]
    assert withdrawn_versions and all("snapshot" not in v and len(v["sha256"]) == 64 for v in withdrawn_versions)
    assert not any(c["entry"] == made["withdrawn"].accession for c in by_type["confirmation"])

    anonymous = entries[made["anonymous"].accession]
    assert (anonymous["owner"], anonymous["authors"]) == (None, [])
    assert entries[made["named"].accession]["owner"] == "bob"
    # Confirmers as the entry page names them: a display name when they set one, else the user name.
    names = [(c.get("display_name"), c.get("username"), c["note"]) for c in by_type["confirmation"]
             if c["entry"] == made["revised"].accession]
    assert names == [("Ada Lovelace", None, "Same on eight GPUs."), (None, "bob", ""),
                     ("Ada Lovelace", None, "Also here.")]
    changes = by_type["catalogue_change"]
    assert all({"proposed_by", "decided_by", "decision_reason"}.isdisjoint(change) for change in changes)
    assert any(c["kind"] == "changed" and c["changes"] == {"reported_value": {"from": 80.0, "to": 79.5}}
               and c["decided"] for c in changes)
    assert any(c["kind"] == "created" and c["entry"] == made["named"].accession for c in changes)
    assert all(line + "\n" == dump_line(json.loads(line)) for line in text.splitlines()), "canonical JSON"


def test_restored_people_are_stand_ins_without_addresses_or_passwords():
    made = build_registry()
    text = dump_text()
    flush()
    report = restore_dump(text.splitlines(keepends=True))
    User = get_user_model()
    users = {u.username: u for u in User.objects.all()}
    assert report.accounts == len(users)
    assert "carol-the-filer" not in users, "the filer of an anonymous entry stays unknown"
    assert all(not u.email and not u.has_usable_password() for u in users.values())
    assert not users[CUSTODIAN_USERNAME].is_active
    assert Entry.objects.get(pk=made["anonymous"].pk).owner.username == CUSTODIAN_USERNAME
    assert Entry.objects.get(pk=made["named"].pk).owner.username == "bob"
    confirmers = [c.user for c in Confirmation.objects.filter(entry_id=made["revised"].pk).order_by("created_at")]
    assert [c.username for c in confirmers][1] == "bob"
    assert [c.profile.display_name for c in (confirmers[0], confirmers[2])] == ["Ada Lovelace", "Ada Lovelace"]
    assert confirmers[0] != confirmers[2], "two people of one name stay two"
    decided = CatalogueChange.objects.exclude(decided_by=None)
    assert decided.exists() and {c.decided_by.username for c in decided} == {CUSTODIAN_USERNAME}


def test_new_rows_after_a_restore_get_fresh_ids():
    build_registry()
    text = dump_text()
    flush()
    restore_dump(text.splitlines())
    highest = Entry.objects.order_by("-pk").first().pk
    owner, moderator = UserFactory(username="newcomer"), ModeratorFactory(username="new-mod")
    entry = make_published(owner, moderator, title="Filed after the restore")
    assert entry.pk > highest
    assert entry.versions.get().pk > Version.objects.exclude(entry=entry).order_by("-pk").first().pk


# --------------------------------------------------------------------------- verify_versions


def verify() -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_versions", stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_verify_versions_finds_no_mismatch_before_or_after_a_restore():
    made = build_registry()
    out, _, error = verify()
    total = Version.objects.count()
    assert error is None and f"{total} versions of" in out and f"{total} verified, 0 mismatches" in out
    text = dump_text()
    flush()
    restore_dump(text.splitlines())
    withheld = made["withdrawn"].version
    out, _, error = verify()
    assert error is None
    assert f"{total - withheld} verified, 0 mismatches, {withheld} withheld" in out


def test_verify_versions_fails_on_a_tampered_hash_restored_from_a_dump():
    made = build_registry()
    lines = dump_text().splitlines(keepends=True)
    target = made["revised"].accession
    for index, line in enumerate(lines):
        record = json.loads(line)
        if record["type"] == "version" and record["entry"] == target and record["number"] == 2:
            record["sha256"] = "0" * 64
            lines[index] = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    flush()
    report = restore_dump(lines, stdout=io.StringIO())
    assert report.hash_mismatches == [f"{target} v2"]
    out, err, error = verify()
    assert error is not None and "1 version(s) do not match" in str(error)
    assert "1 mismatches" in out and f"{target} v2: recorded sha256 {'0' * 64}" in err
    with pytest.raises(SystemExit) as exit_status:  # the status the shell sees
        ManagementUtility(["manage.py", "verify_versions"]).execute()
    assert exit_status.value.code == 1


# --------------------------------------------------------------------------- refusals


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Entry, Paper, Benchmark, Claim, Version)}


def test_a_malformed_line_is_refused_with_its_number_and_nothing_is_written():
    build_registry()
    lines = dump_text().splitlines(keepends=True)
    flush()
    empty = _counts()
    claim_line = next(i for i, line in enumerate(lines) if json.loads(line)["type"] == "claim")
    entry_line = next(i for i, line in enumerate(lines) if json.loads(line)["type"] == "entry")
    cases = [
        (entry_line + 1, '{"type":"entry","accession":', "not valid JSON"),
        (claim_line, lines[claim_line].replace('"higher_is_better":true', '"higher_is_better":"yes"'),
         "higher_is_better: expected true or false"),
        (entry_line, lines[entry_line].replace('"type":"entry"', '"type":"draft"'), "unknown record type"),
        (entry_line, lines[entry_line].replace('"status":"published"', '"status":"draft"'),
         "a dump holds published and withdrawn entries"),
        (entry_line, lines[entry_line].replace('"result_type":"', '"result_type":"x'), "result_type"),
    ]
    for index, replacement, message in cases:
        broken = [*lines[:index], replacement + ("" if replacement.endswith("\n") else "\n"), *lines[index + 1:]]
        with pytest.raises(RestoreError) as refused:
            restore_dump(broken)
        assert refused.value.line == index + 1, message
        assert str(refused.value).startswith(f"line {index + 1}: ") and message in str(refused.value)
        assert _counts() == empty and not get_user_model().objects.exists()


def test_a_cut_off_dump_and_a_non_empty_registry_are_refused():
    build_registry()
    lines = dump_text().splitlines(keepends=True)
    with pytest.raises(RestoreError, match="already holds a registry"):
        restore_dump(lines)
    flush()
    with pytest.raises(RestoreError, match="without its end record"):
        restore_dump(lines[:-5])
    with pytest.raises(RestoreError, match="line 1: a dump starts with its header"):
        restore_dump(lines[1:])
    assert _counts() == dict.fromkeys(_counts(), 0)


def test_a_withdrawn_entrys_content_is_refused_in_a_dump():
    made = build_registry()
    lines = dump_text().splitlines(keepends=True)
    flush()
    accession = made["withdrawn"].accession
    index = next(i for i, line in enumerate(lines) if json.loads(line).get("entry") == accession
                 and json.loads(line)["type"] == "version")
    record = json.loads(lines[index])
    record["snapshot"] = {"title": "the withdrawn content"}
    lines[index] = json.dumps(record) + "\n"
    with pytest.raises(RestoreError, match=f"line {index + 1}: snapshot: a withdrawn entry's versions carry no"):
        restore_dump(lines)


# --------------------------------------------------------------------------- the commands


def test_the_commands_round_trip_a_gzipped_dump_byte_for_byte(tmp_path):
    build_registry()
    plain, packed = tmp_path / "registry.jsonl", tmp_path / "registry.jsonl.gz"
    call_command("dump_registry", "--output", str(plain), stderr=io.StringIO())
    call_command("dump_registry", "--output", str(packed), "--chunk-size", "2", stderr=io.StringIO())
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    flush()
    out = io.StringIO()
    call_command("load_dump", str(packed), stdout=out)
    assert "Restored" in out.getvalue()
    again = tmp_path / "again.jsonl.gz"
    call_command("dump_registry", "-o", str(again), stderr=io.StringIO())
    assert again.read_bytes() == packed.read_bytes(), "gzip without a date or name: the same bytes"
    with pytest.raises(CommandError, match="already holds a registry"):
        call_command("load_dump", str(plain))
    stdout = io.StringIO()
    call_command("dump_registry", stdout=stdout)
    assert stdout.getvalue().encode() == plain.read_bytes()


def test_parse_record_names_what_is_wrong():
    for raw, message in ((b"\xff\n", "not UTF-8"), ("\n", "blank line"), ("[1]\n", "one JSON object"),
                         ('{"type":"x","type":"y"}\n', "appears twice"), ('{"type":"x","v":NaN}\n', "NaN")):
        with pytest.raises(ValueError, match=message):
            parse_record(raw)
