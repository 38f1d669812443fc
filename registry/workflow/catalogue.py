"""Papers, benchmarks and claims: find or create them from descriptions; change them (moderators)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from registry import identifiers
from registry.models import (
    Benchmark,
    Claim,
    Paper,
)
from registry.workflow._common import (
    BENCHMARK_FIELDS,
    CLAIM_FIELDS,
    PAPER_FIELDS,
    _require_moderator,
    _text,
)
from registry.workflow.search_text import refresh_search_text_for_claims


def paper_resolve(spec: dict | Paper | int | str) -> Paper:
    """Find a paper by DOI, arXiv id, OpenReview id (normalised) or exact title; create it if new.

    A string is read as a bare identifier in any common form (``arXiv:1902.10811v2``, a doi.org link).
    """
    if isinstance(spec, Paper):
        return spec
    if isinstance(spec, int):
        found = Paper.objects.filter(pk=spec).first()
        if found is None:
            raise ValidationError({"paper": [f"There is no paper with id {spec}."]})
        return found
    if isinstance(spec, str):
        # A bare identifier, as a tool would paste it: DOI, arXiv id or OpenReview id in any common form.
        try:
            ident = identifiers.parse_paper_identifier(spec)
        except identifiers.IdentifierError as exc:
            raise ValidationError({"paper": [str(exc)]}) from None
        field = {"doi": "doi", "arxiv": "arxiv_id", "openreview": "openreview_id"}[ident.kind]
        spec = {field: ident.value}
    if spec is not None and not isinstance(spec, dict):
        raise ValidationError({"paper": ["Describe the paper by DOI, arXiv id, OpenReview id or title."]})
    spec = {k: v for k, v in (spec or {}).items() if k in PAPER_FIELDS and v not in (None, "")}
    normalisers = {
        "doi": identifiers.normalize_doi,
        "arxiv_id": identifiers.normalize_arxiv_id,
        "openreview_id": identifiers.normalize_openreview_id,
    }
    errors = {}
    for field, normalise in normalisers.items():
        if field in spec:
            try:
                spec[field] = normalise(spec[field])
            except identifiers.IdentifierError as exc:
                errors[field] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    given = [field for field in normalisers if field in spec]
    if given:
        query = Q()
        for field in given:
            query |= Q(**{field: spec[field]})
        matches = list(Paper.objects.filter(query)[:3])
        if len(matches) > 1:
            raise ValidationError({"paper": [
                "Those identifiers name different papers in the registry: "
                + "; ".join(str(p) for p in matches) + "."
            ]})
        if matches:
            return _adopt_identifiers(matches[0], spec, given)
    title = _text(spec.get("title"))
    if not title:
        raise ValidationError({"paper": [
            "No paper with that identifier is known yet; give its title to add it."
            if given
            else "Name the paper by DOI, arXiv id, OpenReview id or title."
        ]})
    # A paper first recorded by title alone is the same paper when it later comes with an identifier.
    same_title = Paper.objects.filter(title__iexact=title)
    if given:
        same_title = same_title.filter(doi__isnull=True, arxiv_id__isnull=True, openreview_id__isnull=True)
    found = same_title.first()
    if found:
        return _adopt_identifiers(found, spec, given)
    paper = Paper(**spec)
    paper.full_clean()
    paper.save()
    return paper


def _adopt_identifiers(paper: Paper, spec: dict, given: list[str]) -> Paper:
    """Return ``paper``, adding identifiers it lacked; refuse identifiers that contradict its own."""
    conflicts = [f for f in given if getattr(paper, f) and getattr(paper, f) != spec[f]]
    if conflicts:
        raise ValidationError({"paper": [
            f"{paper} is recorded with {f.replace('_', ' ')} {getattr(paper, f)}, not {spec[f]}." for f in conflicts
        ]})
    missing = [f for f in given if not getattr(paper, f)]
    if missing:
        for field in missing:
            setattr(paper, field, spec[field])
        paper.full_clean()
        paper.save(update_fields=[*missing, "updated_at"])
        catalogue_changed(paper)
    return paper


def benchmark_resolve(spec: dict | Benchmark | int | str) -> Benchmark:
    """Find a benchmark by slug or name (case-insensitive); create it if a name is given and it is new."""
    if isinstance(spec, Benchmark):
        return spec
    if isinstance(spec, int):
        found = Benchmark.objects.filter(pk=spec).first()
        if found is None:
            raise ValidationError({"benchmark": [f"There is no benchmark with id {spec}."]})
        return found
    if isinstance(spec, str):
        spec = {"name": spec}
    if spec is not None and not isinstance(spec, dict):
        raise ValidationError({"benchmark": ["Name the benchmark, or give its slug."]})
    spec = {k: v for k, v in (spec or {}).items() if k in BENCHMARK_FIELDS and v not in (None, "")}
    slug = _text(spec.get("slug"))
    name = _text(spec.get("name"))
    if slug:
        found = Benchmark.objects.filter(slug=slug.lower()).first()
        if found:
            return found
    if name:
        found = Benchmark.objects.filter(name__iexact=name).first()
        if found:
            return found
    if not name:
        raise ValidationError({"benchmark": [f"No benchmark with slug {slug!r}; give a name to create one."
                                             if slug else "Name the benchmark."]})
    spec.setdefault("slug", slugify(name)[:80] or "benchmark")
    spec.setdefault("task", "unspecified")
    benchmark = Benchmark(**spec)
    benchmark.full_clean()
    benchmark.save()
    return benchmark


def claim_resolve(spec: dict | Claim | int, *, by=None) -> Claim:
    """Find an existing claim (by id, or by its paper, benchmark, metric, model and setting) or create it."""
    if isinstance(spec, Claim):
        return spec
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isascii() and spec.strip().isdigit()):
        try:
            return Claim.objects.get(pk=int(spec))
        except Claim.DoesNotExist:
            raise ValidationError({"claim": [f"There is no claim with id {spec}."]}) from None
    if not isinstance(spec, dict):
        raise ValidationError({"claim": ["Give a claim id or describe the claim."]})
    paper = paper_resolve(spec.get("paper") or {})
    benchmark = benchmark_resolve(spec.get("benchmark") or {})
    values = {k: spec[k] for k in CLAIM_FIELDS if k in spec and spec[k] is not None}
    for text_field in ("metric", "model_name", "setting", "location"):
        values[text_field] = _text(values.get(text_field))
    key = {
        "paper": paper, "benchmark": benchmark, "metric": values["metric"],
        "model_name": values["model_name"], "setting": values["setting"],
    }
    found = Claim.objects.filter(**key).first()
    if found:
        # Silently reusing a claim with a different number would misquote the paper.
        given_value = values.get("reported_value")
        if given_value is not None and found.reported_value is not None:
            try:
                differs = float(given_value) != found.reported_value
            except (TypeError, ValueError):
                differs = False
            if differs:
                raise ValidationError({"claim": [
                    f"This claim is already recorded with reported value {found.reported_value:g}, not "
                    f"{given_value}: pick the existing claim (id {found.pk}) or describe a different setting."
                ]})
        return found
    claim = Claim(created_by=by if by is not None and by.is_authenticated else None, **{**values, **key})
    claim.full_clean()
    claim.save()
    return claim



@transaction.atomic
def catalogue_update(*, obj: Paper | Benchmark | Claim, by, fields: dict):
    """Change a paper, benchmark or claim (moderators), keeping entries' search text current."""
    _require_moderator(by, "change papers, benchmarks and claims")
    allowed = {Paper: PAPER_FIELDS, Benchmark: BENCHMARK_FIELDS, Claim: CLAIM_FIELDS}[type(obj)]
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    catalogue_changed(obj)
    return obj


def catalogue_changed(obj: Paper | Benchmark | Claim) -> int:
    """Rebuild the search text of every entry that mentions ``obj``."""
    if isinstance(obj, Claim):
        return refresh_search_text_for_claims([obj.pk])
    key = "paper" if isinstance(obj, Paper) else "benchmark"
    return refresh_search_text_for_claims(Claim.objects.filter(**{key: obj}).values_list("pk", flat=True))
