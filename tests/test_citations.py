"""Citations of entries and versions: BibTeX, RIS, CSL-JSON, and the Cite box."""

import json

import pytest
from django.conf import settings

from registry import citations, workflow
from registry.models import Version


@pytest.fixture
def revised(owner, published):
    return workflow.entry_revise(entry=published, by=owner, expected_revision=published.revision,
                                 change_note="Fixed a typo", fields={"title": "A revised title & more"})


def test_it_writes_bibtex_naming_accession_version_authors_year_and_url(published):
    bib = citations.bibtex(published)
    assert bib.startswith(f"@misc{{{published.accession}v1,")
    assert "author = {Ada Author 1}" in bib
    assert f"year = {{{published.published_at.year}}}" in bib
    assert f"url = {{{settings.SITE_URL}/entries/{published.accession}/}}" in bib
    assert f"accession {published.accession}, version 1" in bib


def test_it_cites_each_version_from_its_snapshot(revised):
    assert "A revised title \\& more" in citations.bibtex(revised)
    first = citations.bibtex(revised, version=1)
    assert "A published negative result" in first and "v1," in first and "/v/1/" in first
    assert citations.csl_json(revised, version=2)["version"] == "2"
    with pytest.raises(Version.DoesNotExist):
        citations.ris(revised, version=3)


def test_it_cites_an_anonymous_entry_as_anonymous(owner, moderator):
    from tests.factories import make_published

    entry = make_published(owner, moderator, anonymous=True)
    assert "author = {{Anonymous}}" in citations.bibtex(entry)
    assert "AU  - Anonymous" in citations.ris(entry)
    assert citations.csl_json(entry)["author"] == [{"literal": "Anonymous"}]
    assert "Ada Author" not in citations.bibtex(entry) + citations.ris(entry)


def test_it_writes_ris_and_csl_json(published):
    ris = citations.ris(published)
    assert ris.startswith("TY  - GEN\r\n") and ris.endswith("ER  - \r\n")
    assert f"M1  - {published.accession}" in ris and "ET  - version 1" in ris
    item = citations.csl_json(published)
    assert item["number"] == published.accession and item["issued"]["date-parts"][0][0] == published.published_at.year
    assert item["URL"].endswith(f"/entries/{published.accession}/")


def test_it_serves_citations_at_their_addresses(client, revised):
    base = f"/entries/{revised.accession}"
    bib = client.get(f"{base}.bib")
    assert bib.status_code == 200 and bib["Content-Type"].startswith("application/x-bibtex")
    assert "v2," in bib.content.decode()
    assert client.get(f"{base}.ris")["Content-Type"].startswith("application/x-research-info-systems")
    (item,) = json.loads(client.get(f"{base}.json").content)
    assert item["version"] == "2"
    assert "v1," in client.get(f"{base}/v/1.bib").content.decode()
    assert "v1," in client.get(f"{base}.bib?version=1").content.decode()
    assert client.get(f"{base}/v/9.bib").status_code == 404
    assert client.get(f"{base}.bib?version=x").status_code == 404


def test_it_does_not_cite_drafts(client, draft, owner):
    client.force_login(owner)
    assert client.get(f"/entries/{draft.accession}.bib").status_code == 404
    assert client.get("/entries/NR-999999.bib").status_code == 404


def test_the_entry_page_has_a_cite_box(client, published):
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Cite this entry" in html
    assert f"/entries/{published.accession}.bib" in html and f"@misc{{{published.accession}v1," in html
