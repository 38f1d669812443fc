"""What changed between two published versions of an entry: a line diff of their snapshots."""

import difflib

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render

from registry.models import RESULT_TYPE_HELP, Version
from registry.views.portal import visible_entry


def _lines(value) -> list[str]:
    return [] if value in (None, "") else str(value).splitlines()


def snapshot_sections(snap: dict) -> list[tuple[str, list[str]]]:
    """A version's snapshot as labelled runs of text lines, in the order the entry page shows them."""
    setup = snap.get("setup") or {}
    availability = snap.get("availability") or {}
    claims = []
    for ev in snap.get("evidence") or []:
        claim = ev.get("claim") or {}
        paper = claim.get("paper") or {}
        claims += [
            f"{ev.get('relation')}: {paper.get('title')} — {(claim.get('benchmark') or {}).get('name')} "
            f"{claim.get('metric')} [{claim.get('model_name') or 'no model named'}; {claim.get('setting') or '-'}]",
            f"  reported {claim.get('reported_value')}, observed {ev.get('observed_value')}"
            f" ± {ev.get('observed_spread')} ({ev.get('spread_kind') or '-'}), runs {ev.get('runs')}",
            f"  conditions: {ev.get('conditions') or '-'}",
            *[f"  notes: {line}" for line in _lines(ev.get("notes"))],
        ]
    result_type = snap.get("result_type") or ""
    return [
        ("Title", _lines(snap.get("title"))),
        ("Result type", [f"{result_type}: {RESULT_TYPE_HELP.get(result_type, '')}"]),
        ("Summary", _lines(snap.get("summary"))),
        ("Authors", ["Anonymous"] if snap.get("anonymous") else [
            ", ".join(x for x in (a.get("name"), a.get("orcid"), a.get("affiliation")) if x)
            for a in snap.get("authors") or []]),
        ("Claims countered", claims),
        ("What was tried, what happened", _lines(snap.get("body"))),
        ("Setup", [f"{key.replace('_', ' ')}: {value}" for key, value in setup.items() if value not in (None, "")]),
        ("Availability", [f"{key.replace('_', ' ')}: {value}" for key, value in availability.items() if value]),
        ("Original authors", [snap.get("authors_contacted") or "", *_lines(snap.get("authors_reply"))]),
        ("Keywords", [", ".join(snap.get("keywords") or [])]),
    ]


def diff_sections(old: dict, new: dict) -> list[dict]:
    """Per section: whether it changed, and its lines marked ' ' (kept), '-' (removed) or '+' (added)."""
    result = []
    for (label, before), (_, after) in zip(snapshot_sections(old), snapshot_sections(new), strict=True):
        rows = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                rows += [(" ", line) for line in before[i1:i2]]
            else:
                rows += [("-", line) for line in before[i1:i2]]
                rows += [("+", line) for line in after[j1:j2]]
        result.append({"label": label, "changed": before != after, "rows": rows})
    return result


def entry_diff(request, accession: str):
    """``?from=1&to=2``: defaults to the latest version against the one before it."""
    entry = visible_entry(request, accession)
    versions = list(Version.objects.filter(entry=entry).order_by("number"))
    if len(versions) < 1:
        raise Http404("This entry has no published versions yet.")
    by_number = {v.number: v for v in versions}
    latest = versions[-1].number
    try:
        to_n = int(request.GET.get("to") or latest)
        from_n = int(request.GET.get("from") or max(to_n - 1, 1))
    except ValueError:
        return HttpResponseBadRequest("from and to are version numbers, e.g. ?from=1&to=2")
    if from_n not in by_number or to_n not in by_number:
        raise Http404("No such version.")
    old, new = by_number[from_n], by_number[to_n]
    return render(request, "registry/entry_diff.html", {
        "entry": entry, "versions": versions, "old": old, "new": new,
        "sections": diff_sections(old.snapshot, new.snapshot),
    })
