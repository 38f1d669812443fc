"""What the public sees of the catalogue does not move while researchers draft.

The demo data is loaded, and every public page and API answer is taken as an anonymous visitor sees it.
Then a researcher works through both the portal (form posts) and the API: drafts that add papers,
benchmarks and claims, a made-up DOI for ResNet, a correction of a recorded number, edits that change and
drop rows, deletions, standalone proposals, a submission returned by a moderator. Every public body must
then be byte for byte what it was. Only what varies from one request to the next by itself is set aside
(CSRF tokens, chart element ids, the date of an empty feed: see ``body_of``), and a test shows that two
snapshots with nothing done between them are then identical.

API throttles are lifted for the test: hundreds of anonymous requests in a minute are the point here.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from registry.demo import load_demo
from registry.models import Benchmark, CatalogueChange, Claim, Entry, Paper, PaperIdentifier, ReviewStatus, Status
from tests.factories import UserFactory, make_draft, make_published
from tests.portal_data import INLINE_CLAIM, existing_claim_row, form_data

pytestmark = pytest.mark.django_db

RESNET_ARXIV = "arXiv:1512.03385"
WRONG_DOI = "10.5555/wrong.doi"
PORTAL_PAPER = {"id": "arXiv:2401.00001", "title": "A Portal Paper Nobody Has Seen"}
API_PAPER = {"title": "An API Paper Nobody Has Seen", "doi": "10.5555/api.paper", "arxiv_id": "2402.00002",
             "year": 2024, "venue": "ICML 2024"}
DELETED_PAPER = {"id": "arXiv:2403.00003", "title": "A Paper From A Deleted Draft"}
RETURNED_PAPER = {"id": "10.5555/returned.paper", "title": "A Paper From A Returned Submission"}
STANDALONE_PAPER = {"title": "A Standalone Proposed Paper", "arxiv_id": "2404.00004"}
NEW_SLUGS = ("portal-bench", "api-bench", "deleted-bench", "returned-bench", "standalone-bench")
# Identifiers and titles only drafts ever name: looked up before and after, they must stay unknown.
PROBE_IDS = (WRONG_DOI, PORTAL_PAPER["id"], API_PAPER["doi"], "arXiv:" + API_PAPER["arxiv_id"], DELETED_PAPER["id"],
             RETURNED_PAPER["id"], "arXiv:" + STANDALONE_PAPER["arxiv_id"])
PROBE_TITLES = (PORTAL_PAPER["title"], API_PAPER["title"], STANDALONE_PAPER["title"])

SEARCH_QUERIES = (
    {}, {"q": "imagenet"}, {"q": "residual"}, {"q": "accuracy cifar"}, {"q": "adversarial or squad"},
    {"q": "Nobody Has Seen"}, {"q": "portal"}, {"q": RESNET_ARXIV}, {"q": "10.1109/CVPR.2016.90"}, {"q": WRONG_DOI},
    {"q": "accuracy", "ordering": "oldest"}, {"ordering": "most_confirmed"}, {"result_type": "failed_replication"},
    {"benchmark": "cifar-10"}, {"benchmark": "imagenet-1k", "modality": "image"}, {"task": "image classification"},
    {"modality": "text"}, {"relation": "contradicts"}, {"venue": "CVPR 2016"}, {"code_available": "true"},
    {"paper": RESNET_ARXIV}, {"paper": WRONG_DOI}, {"q": "imagenet", "page": "2"},
)

# What genuinely varies from one request to the next, whatever the database holds (see test_with_nothing_done_...):
# - CSRF tokens (an anonymous visitor gets none today);
# - the ids of server-drawn SVG charts, numbered by a process-wide counter (registry/charts.py, _chart_ids), so
#   the same page drawn twice says aria-labelledby="bar-1-t ..." then "bar-11-t ...": renumbered per document;
# - an Atom feed with no items: Django's Feed gives it <updated> = now.
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CHART_ID = re.compile(rb'(?<=[" ])([a-z]+)-([0-9]+)-([td])(?=[" ])')
EMPTY_FEED_UPDATED = re.compile(rb"(<updated>)[^<]*(</updated>)")


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch, settings):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/min", "user": "100000/min"})
    settings.PORTAL_THROTTLE_RATES = {name: "100000/min" for name in settings.PORTAL_THROTTLE_RATES}
    cache.clear()
    yield
    cache.clear()


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        _, key = ApiToken.issue(user=user, name=f"snapshot-{ApiToken.objects.count()}")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def portal_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --------------------------------------------------------------------------- the snapshot


def body_of(response) -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    body = CSRF.sub(rb"\1-\2", body)
    numbers: dict[bytes, bytes] = {}

    def renumber(match):
        number = numbers.setdefault(match.group(2), str(len(numbers) + 1).encode())
        return match.group(1) + b"-" + number + b"-" + match.group(3)

    body = CHART_ID.sub(renumber, body)
    if response.get("Content-Type", "").startswith("application/atom+xml") and b"<entry>" not in body:
        body = EMPTY_FEED_UPDATED.sub(rb"\1-\2", body)
    return body


def q(params: dict) -> str:
    return "?" + urlencode(params) if params else ""


def public_urls() -> list[str]:
    """Every public address, from the accepted catalogue and the public entries as they stand now."""
    benchmarks = list(Benchmark.objects.accepted().order_by("pk").values_list("slug", flat=True))
    papers = list(Paper.objects.accepted().order_by("pk"))
    claims = list(Claim.objects.accepted().order_by("pk").values_list("pk", flat=True))
    idents = [row.label for row in PaperIdentifier.objects.filter(review_status=ReviewStatus.ACCEPTED).order_by("pk")]
    entries = list(Entry.objects.public().order_by("pk"))
    urls = ["/", "/benchmarks/", "/stats/", "/lookup/", "/feeds/entries/"]
    urls += [f"/search/{q(params)}" for params in SEARCH_QUERIES]
    urls += [f"/benchmarks/{slug}/" for slug in benchmarks + list(NEW_SLUGS)]
    urls += [f"/papers/{paper.pk}/" for paper in papers]
    urls += [f"/claims/{pk}/" for pk in claims]
    titles = [paper.title for paper in papers] + list(PROBE_TITLES)
    for wanted in idents + list(PROBE_IDS) + titles:
        urls += [f"/lookup/{q({'ids': wanted})}", f"/lookup/report.md{q({'ids': wanted})}"]
    every = "\n".join(idents + list(PROBE_IDS))
    urls += [f"/lookup/{q({'ids': every})}", f"/lookup/report.md{q({'ids': every})}"]
    urls += [f"/feeds/benchmarks/{slug}/" for slug in benchmarks + list(NEW_SLUGS)]
    urls += [f"/feeds/claims/{pk}/" for pk in claims]
    for entry in entries:
        base = f"/entries/{entry.accession}"
        urls += [f"{base}/", f"{base}/v/1/", f"{base}.bib", f"{base}.ris", f"{base}.json", f"{base}/diff/"]
    api = "/api/v1"
    urls += [f"{api}/entries/", f"{api}/entries/?q=imagenet", f"{api}/entries/?q=accuracy&page_size=2",
             f"{api}/entries/?page_size=5", f"{api}/entries/?paper={quote(WRONG_DOI)}",
             f"{api}/papers/", f"{api}/papers/?page_size=7", f"{api}/claims/", f"{api}/claims/?page_size=6",
             f"{api}/benchmarks/", f"{api}/benchmarks/?page_size=4", f"{api}/export/"]
    for param, value in (("arxiv", RESNET_ARXIV), ("doi", WRONG_DOI), ("id", WRONG_DOI), ("arxiv", PORTAL_PAPER["id"]),
                         ("title", PORTAL_PAPER["title"]), ("title", "Deep Residual Learning for Image Recognition")):
        urls.append(f"{api}/papers/{q({param: value})}")
    for entry in entries:
        base = f"{api}/entries/{entry.accession}"
        urls += [f"{base}/", f"{base}/versions/", f"{base}/versions/1/", f"{base}/citation/",
                 f"{base}/citation/?style=ris", f"{base}/citation/?style=csl-json"]
    urls += [f"{api}/papers/{paper.pk}/" for paper in papers]
    urls += [f"{api}/claims/{pk}/" for pk in claims]
    urls += [f"{api}/benchmarks/{slug}/" for slug in benchmarks + list(NEW_SLUGS)]
    urls += [f"{api}/lookup/{q({'id': wanted})}" for wanted in idents + list(PROBE_IDS)]
    urls.append(f"{api}/lookup/?" + urlencode([("id", wanted) for wanted in idents + list(PROBE_IDS)]))
    return urls


def snapshot(urls: list[str]) -> dict[str, tuple[int, str, bytes]]:
    """Each address as an anonymous visitor gets it; API lists are followed through every ``next`` page."""
    client = Client(raise_request_exception=False)
    taken: dict[str, tuple[int, str, bytes]] = {}
    for url in urls:
        page, key = 1, url
        while url and key not in taken:
            response = client.get(url)
            body = body_of(response)
            taken[key] = (response.status_code, response.get("Content-Type", ""), body)
            url = None
            if response.status_code == 200 and response.get("Content-Type") == "application/json":
                data = json.loads(body)
                url = data.get("next") if isinstance(data, dict) else None
                page += 1
                key = f"{key.split(' [')[0]} [page {page}]"
    return taken


def differences(before: dict, after: dict) -> list[str]:
    """One line per address whose answer changed, with the first differing bytes of each."""
    report = []
    for url in sorted(set(before) | set(after)):
        if before.get(url) == after.get(url):
            continue
        if url not in before or url not in after:
            report.append(f"{url}: only {'after' if url in after else 'before'}")
            continue
        (s1, _, b1), (s2, _, b2) = before[url], after[url]
        at = next((i for i, (x, y) in enumerate(zip(b1, b2, strict=False)) if x != y), min(len(b1), len(b2)))
        window = slice(max(0, at - 80), at + 120)
        report.append(f"{url}: {s1} -> {s2}, first difference at byte {at}:\n  before: {b1[window]!r}\n"
                      f"  after:  {b2[window]!r}")
    return report


# --------------------------------------------------------------------------- what the researcher does


def inline_row(**fields) -> dict:
    row = {**INLINE_CLAIM, "paper_id": "", "paper_title": "", "location": "", "correction_reason": ""}
    row.update(fields)
    return row


def portal_work(researcher, moderator) -> dict:
    """Drafts through the entry form: one kept (and edited), one deleted, one submitted and returned."""
    client = portal_client(researcher)
    made = {}
    rows = [
        # A new paper on a new benchmark.
        inline_row(paper_id=PORTAL_PAPER["id"], paper_title=PORTAL_PAPER["title"], benchmark="Portal Bench",
                   metric="accuracy (%)", reported_value="91.0", model_name="PortalNet", setting="test split"),
        # A new claim on an accepted paper and an accepted benchmark.
        inline_row(paper_id=RESNET_ARXIV, benchmark="CIFAR-10", metric="accuracy (%)",
                   model_name="ResNet-1202 (portal)", setting="CIFAR-10 test set", reported_value="92.07"),
        # ResNet's CIFAR-10 claim, named by a made-up DOI and its title: the DOI and the blank value and location
        # become proposals.
        inline_row(paper_id=WRONG_DOI, paper_title="Deep Residual Learning for Image Recognition",
                   benchmark="CIFAR-10", metric="accuracy (%)", model_name="ResNet", setting="CIFAR-10 test set",
                   reported_value="93.57", location="Table 6"),
        # A correction of the one recorded number, with a reason.
        inline_row(paper_id="arXiv:1606.05250", benchmark="SQuAD v1.1", metric="F1 (%)",
                   model_name="average of sixteen published models", setting="development set",
                   reported_value="74.6", location="Table 2",
                   correction_reason="Table 2 of the paper gives 74.6, not 75."),
    ]
    response = client.post("/entries/new/", form_data(evidence=rows, fields={"title": "Portal draft, kept"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    kept = Entry.objects.get(owner=researcher, title="Portal draft, kept")
    made["portal_kept"] = kept
    assert kept.evidence.count() == 4
    assert CatalogueChange.objects.filter(entry=kept, status="proposed").count() == 2

    # Edit: change the new claim's number, keep two rows, drop the correction.
    claims = {ev.position: ev.claim for ev in kept.evidence.all()}
    edited = [
        {**rows[0], "reported_value": "91.5"},
        existing_claim_row(claims[1]),
        existing_claim_row(claims[2], observed_value="80.1"),
    ]
    response = client.post(f"/entries/{kept.accession}/edit/",
                           form_data(evidence=edited, revision=kept.revision, fields={"title": "Portal draft, kept"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    kept.refresh_from_db()
    assert kept.evidence.count() == 3
    assert Claim.objects.get(pk=claims[0].pk).reported_value == 91.5
    assert not CatalogueChange.objects.filter(entry=kept, claim=claims[3]).exists()

    # A draft deleted through its confirmation page.
    doomed_rows = [inline_row(paper_id=DELETED_PAPER["id"], paper_title=DELETED_PAPER["title"],
                              benchmark="Deleted Bench", metric="F1", reported_value="50")]
    response = client.post("/entries/new/", form_data(evidence=doomed_rows, fields={"title": "Portal draft, deleted"}))
    assert response.status_code == 302
    doomed = Entry.objects.get(owner=researcher, title="Portal draft, deleted")
    assert client.get(f"/entries/{doomed.accession}/delete/").status_code == 200
    assert client.post(f"/entries/{doomed.accession}/delete/").status_code == 302
    assert not Entry.objects.filter(pk=doomed.pk).exists()

    # A submission that a moderator returns through the moderation queue.
    returned_rows = [
        inline_row(paper_id=RETURNED_PAPER["id"], paper_title=RETURNED_PAPER["title"], benchmark="Returned Bench",
                   metric="BLEU", reported_value="30.1", model_name="Returned model", setting="test"),
        inline_row(paper_id="arXiv:1606.05250", benchmark="SQuAD v1.1", metric="F1 (%)",
                   model_name="average of sixteen published models", setting="development set",
                   reported_value="74.9", location="Table 3", correction_reason="Table 3 says 74.9."),
    ]
    response = client.post("/entries/new/", form_data(action="submit", evidence=returned_rows,
                                                      fields={"title": "Portal submission, returned"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    returned = Entry.objects.get(owner=researcher, title="Portal submission, returned")
    # SQuAD's claim has published entries against it: the form saves a draft and asks to check them first.
    assert response["Location"] == f"/entries/{returned.accession}/submit/"
    response = client.post(f"/entries/{returned.accession}/submit/",
                           {"revision": returned.revision, "not_duplicate": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    returned.refresh_from_db()
    assert returned.status == Status.SUBMITTED
    moderating = portal_client(moderator)
    response = moderating.post(f"/moderation/{returned.accession}/return/",
                               {f"return-{returned.pk}-reason": "Please cite the table you mean."})
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.status == Status.DRAFT
    made["portal_returned"] = returned
    return made


def api_entry(title: str, evidence: list) -> dict:
    return {"title": title, "summary": "A result that did not hold up.", "result_type": "failed_replication",
            "authors": [{"name": "Ada Author"}], "evidence": evidence}


def api_work(researcher, moderator) -> dict:
    """Drafts through the API: one kept (and patched), one deleted, one submitted and rejected; standalone
    proposals of a paper, a benchmark, an identifier and a correction."""
    client = api_client(researcher)
    made = {}
    evidence = [
        {"claim": {"paper": API_PAPER, "benchmark": {"name": "API Bench", "task": "image classification",
                                                     "modality": "image"},
                   "metric": "top-1 accuracy (%)", "reported_value": 70.5, "model_name": "ApiNet", "setting": "val"},
         "observed_value": 65.0},
        {"claim": Claim.objects.accepted().get(model_name="Wide ResNet").pk, "observed_value": 95.0},
        # ResNet by arXiv id and the made-up DOI; ResNet-152's blank value and location become proposals.
        {"claim": {"paper": {"arxiv_id": RESNET_ARXIV, "doi": WRONG_DOI}, "benchmark": {"slug": "imagenet-1k"},
                   "metric": "top-1 accuracy (%)", "model_name": "ResNet-152",
                   "setting": "ILSVRC-2012 validation set", "reported_value": 78.57, "location": "Table 4"},
         "observed_value": 70.0},
        {"claim": {"paper": {"arxiv_id": "1606.05250"}, "benchmark": {"name": "SQuAD v1.1"}, "metric": "F1 (%)",
                   "model_name": "average of sixteen published models", "setting": "development set",
                   "reported_value": 74.6, "location": "Table 2", "correction_reason": "Table 2 gives 74.6."},
         "observed_value": 70.0},
    ]
    response = client.post("/api/v1/entries/", api_entry("API draft, kept", evidence), format="json")
    assert response.status_code == 201, response.json()
    kept = Entry.objects.by_accession(response.json()["accession"]).get()
    assert CatalogueChange.objects.filter(entry=kept, status="proposed").count() == 2
    made["api_kept"] = kept

    # Patch: the new claim's number changes, the Wide ResNet row goes.
    patched = [dict(evidence[0]), evidence[2], evidence[3]]
    patched[0]["claim"] = {**evidence[0]["claim"], "reported_value": 71.0}
    response = client.patch(f"/api/v1/entries/{kept.accession}/", {"evidence": patched}, format="json",
                            HTTP_IF_MATCH=response["ETag"])
    assert response.status_code == 200, response.json()
    assert [row["claim"]["model_name"] for row in response.json()["evidence"]] == [
        "ApiNet", "ResNet-152", "average of sixteen published models"]

    # Created, then deleted.
    doomed = client.post("/api/v1/entries/", api_entry("API draft, deleted", [
        {"claim": {"paper": {"title": "An API Paper That Goes Away", "doi": "10.5555/goes.away"},
                   "benchmark": {"name": "Deleted Bench"}, "metric": "F1", "reported_value": 10.0}},
    ]), format="json")
    assert doomed.status_code == 201, doomed.json()
    assert client.delete(f"/api/v1/entries/{doomed.json()['accession']}/").status_code == 204

    # Submitted, then returned by a moderator through the API.
    sent = client.post("/api/v1/entries/", api_entry("API submission, returned", [
        {"claim": {"paper": {"title": "Another Returned Paper", "arxiv_id": "2405.00005"},
                   "benchmark": {"name": "Returned Bench"}, "metric": "BLEU", "reported_value": 20.0}},
    ]), format="json")
    assert sent.status_code == 201, sent.json()
    accession = sent.json()["accession"]
    assert client.post(f"/api/v1/entries/{accession}/submit/").status_code == 200
    rejected = api_client(moderator).post(f"/api/v1/entries/{accession}/reject/", {"reason": "Not yet."},
                                          format="json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "draft"

    # Proposals made on their own, outside any draft.
    paper = client.post("/api/v1/papers/", STANDALONE_PAPER, format="json")
    assert paper.status_code == 201 and paper.json()["review_status"] == "proposed"
    made["standalone_paper"] = Paper.objects.get(pk=paper.json()["id"])
    bench = client.post("/api/v1/benchmarks/", {"name": "Standalone Bench", "task": "image classification"},
                        format="json")
    assert bench.status_code == 201 and bench.json()["review_status"] == "proposed"
    more_id = client.post("/api/v1/papers/", {"arxiv_id": "1605.07146", "doi": "10.5555/wrong.wrn.doi"},
                          format="json")
    assert more_id.status_code == 200, more_id.json()
    correction = client.post("/api/v1/claims/", {
        "paper": {"arxiv_id": "1605.07146"}, "benchmark": {"slug": "cifar-10"}, "metric": "accuracy (%)",
        "model_name": "Wide ResNet", "setting": "CIFAR-10 test set", "reported_value": 96.11, "location": "Table 2",
        "correction_reason": "The paper's Table 2 gives it."}, format="json")
    assert correction.status_code == 200, correction.json()
    return made


# --------------------------------------------------------------------------- the tests


def test_with_nothing_done_every_public_address_answers_and_answers_the_same_twice():
    """The normalisation in ``body_of`` covers what varies by itself, and nothing more is needed."""
    load_demo(create_accounts=False)
    urls = public_urls()

    first, second = snapshot(urls), snapshot(urls)

    assert not differences(first, second), "\n".join(differences(first, second))
    failing = sorted(url for url, (status, _, _) in first.items() if status >= 500)
    assert not failing, f"{len(failing)} public addresses answer 500:\n" + "\n".join(failing)
    assert {status for status, _, _ in first.values()} == {200, 404}


def test_a_reviewer_pasting_two_identifiers_of_one_paper_gets_an_answer():
    load_demo(create_accounts=False)
    pasted = f"{RESNET_ARXIV}\ndoi:10.1109/CVPR.2016.90"
    client = Client(raise_request_exception=False)

    page = client.get("/lookup/", {"ids": pasted})
    report = client.get("/lookup/report.md", {"ids": pasted})
    api = client.get("/api/v1/lookup/", {"id": [RESNET_ARXIV, "doi:10.1109/CVPR.2016.90"]})

    assert (page.status_code, report.status_code, api.status_code) == (200, 200, 200)
    [first, second] = api.json()["results"]
    assert first["paper"]["id"] == second["paper"]["id"]
    assert len(first["claims"]) == len(second["claims"]) == 2


def test_a_drafts_words_do_not_move_the_public_search_answers(owner, moderator):
    """The full-text index holds drafts too; what it tells the public must not depend on them."""
    make_published(owner, moderator, title="Dropout dropout helps less than reported", summary="Seeds matter.")
    make_published(owner, moderator, title="Warmup helps less than reported", summary="Seeds matter.")
    anonymous = api_client()
    asked = {"q": "dropout or warmup", "page_size": 1}

    def answers():
        api = anonymous.get("/api/v1/entries/", asked).json()
        page = Client().get("/search/", {"q": "dropout or warmup"}).content.decode()
        return {"first result": api["results"][0]["title"], "next cursor": api["next"],
                "page order": re.findall(r"(Dropout dropout|Warmup) helps", page)}

    before = answers()
    for number in range(3):
        make_draft(owner, title=f"Dropout draft {number}", summary="dropout " * 20, body="dropout " * 100)

    # On SQLite, bm25 weighs each term by its frequency over every row of registry_entry_fts, drafts included.
    assert answers() == before


def test_drafting_through_the_portal_and_the_api_changes_no_public_byte(other_researcher, moderator):
    load_demo(create_accounts=False)
    urls = public_urls()
    before = snapshot(urls)
    assert len(before) > 400
    assert before["/"][0] == 200 and before["/api/v1/export/"][0] == 200
    existing = {model: set(model.objects.values_list("pk", flat=True)) for model in (Paper, Benchmark, Claim)}
    researcher = UserFactory(username="researcher")

    portal_work(researcher, moderator)
    api_work(researcher, moderator)

    # What the researcher did is all there, as proposals.
    resnet = Paper.objects.get(arxiv_id="1512.03385")
    assert resnet.identifiers.get(value=WRONG_DOI).review_status == ReviewStatus.PROPOSED
    assert CatalogueChange.objects.filter(status="proposed").count() >= 5
    new = {model: model.objects.exclude(pk__in=existing[model]) for model in (Paper, Benchmark, Claim)}
    assert new[Paper].count() >= 5 and new[Benchmark].count() >= 4 and new[Claim].count() >= 4
    assert {item.review_status for items in new.values() for item in items} == {ReviewStatus.PROPOSED}

    # Their own addresses: their proposer sees them; the public and other researchers get a plain 404, the same
    # bytes as for an address that never held anything.
    addresses = [(f"/papers/{p.pk}/", f"/api/v1/papers/{p.pk}/") for p in new[Paper]]
    addresses += [(f"/claims/{c.pk}/", f"/api/v1/claims/{c.pk}/") for c in new[Claim]]
    addresses += [(f"/benchmarks/{b.slug}/", f"/api/v1/benchmarks/{b.slug}/") for b in new[Benchmark]]
    anonymous, other, own = Client(), portal_client(other_researcher), portal_client(researcher)
    anonymous_api, other_api, own_api = api_client(), api_client(other_researcher), api_client(researcher)
    nowhere = {"page": anonymous.get("/papers/999999999/").content,
               "api": anonymous_api.get("/api/v1/papers/999999999/").content}
    leaks = []
    for page, detail in addresses:
        for who, client in (("anonymous", anonymous), ("another researcher", other)):
            response = client.get(page)
            if response.status_code != 404 or (who == "anonymous" and response.content != nowhere["page"]):
                leaks.append(f"{page} answers {response.status_code} to {who}")
        for who, client in (("anonymous", anonymous_api), ("another researcher", other_api)):
            response = client.get(detail)
            if response.status_code != 404 or response.content != nowhere["api"]:
                leaks.append(f"{detail} answers {response.status_code} to {who}: {response.content[:200]!r}")
        if own.get(page).status_code != 200:
            leaks.append(f"{page} is not shown to its proposer")
        mine = own_api.get(detail)
        if mine.status_code != 200 or mine.json()["review_status"] != "proposed":
            leaks.append(f"{detail} is not shown to its proposer as a proposal")

    after = snapshot(urls)

    report = differences(before, after)
    assert not report and not leaks, (
        f"{len(report)} public answers changed:\n" + "\n".join(report)
        + f"\n\n{len(leaks)} proposals seen by the wrong people:\n" + "\n".join(leaks)
    )
