"""Papers, benchmarks and claims: find them from a description, or propose them.

A description names an item by its key (a paper by any identifier or its title, a benchmark by slug,
name or alias, a claim by paper + benchmark + metric + model + setting). What is found is the public
catalogue plus the describer's own proposals. What is new becomes a *proposal*: seen by its proposer
and moderators only, until a moderator publishes the entry that brought it (``registry.workflow.proposals``).

Nothing a description says is dropped silently. For an item that is found, each field the description
gives is compared with the stored one:

- the same (titles compared normalised): nothing to do;
- stored empty: the value is proposed as an addition (a ``CatalogueChange``);
- stored different: a :class:`CatalogueConflict` names the item and the fields, unless the description
  carries a ``correction_reason``: then it is proposed as a correction (with ``location``).

The describer's own proposals are simply updated. ``by=None`` is the registry itself (demo data, the
importer's curator): what it describes is accepted at once, as it is for a moderator outside a draft.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from registry import identifiers
from registry.models import (
    Benchmark,
    BenchmarkAlias,
    CatalogueChange,
    ChangeKind,
    ChangeStatus,
    Claim,
    Paper,
    PaperIdentifier,
    ReviewStatus,
    benchmark_key,
    is_moderator,
)
from registry.models.catalogue import PREFERRED_COLUMNS
from registry.workflow._common import (
    BENCHMARK_FIELDS,
    CLAIM_FIELDS,
    PAPER_FIELDS,
    _require_moderator,
    _serialise,
    _text,
)
from registry.workflow.search_text import refresh_search_text_for_claims

PAPER_IDENTIFIER_KEYS = ("doi", "arxiv_id", "openreview_id")
# Fields compared when a description names an item that exists (the key fields are not: they found it).
PAPER_COMPARED = ("title", "authors", "year", "venue", "url")
BENCHMARK_COMPARED = ("task", "modality", "homepage", "description")
CLAIM_COMPARED = ("reported_value", "higher_is_better", "location")
# Values that mean "not said" in a benchmark description (the old defaults).
_BLANK_BENCHMARK_VALUES = {"task": {"unspecified"}, "modality": {"other"}}


class CatalogueConflict(ValidationError):
    """A description names an existing catalogue item but differs from it; nothing was saved.

    ``conflicts`` holds one dict per clash: ``{"type", "id", "label", "url", "differing": {name: {"existing",
    "given"}}, "options": [...]}``, so that the API can answer with data and the portal with a message.
    """

    def __init__(self, message_dict: dict, conflicts: list[dict]):
        super().__init__(message_dict)
        self.conflicts = conflicts


class _Context:
    """Who describes (``by``), for which draft (``entry``), and whether what is new is accepted at once."""

    def __init__(self, by, entry=None):
        self.by = by if by is not None and getattr(by, "is_authenticated", False) else None
        self.entry = entry
        self.accept_now = self.by is None or (entry is None and is_moderator(self.by))

    def scope(self, queryset):
        """Accepted items and this describer's own proposals."""
        return queryset.usable_by(self.by)

    def serialise(self, kind: str, *key) -> None:
        """Serialise concurrent find-or-create of one item within this describer's scope (see _serialise)."""
        _serialise(kind, "accepted" if self.accept_now else self.by.pk if self.by else None, *key)

    def is_own_proposal(self, obj) -> bool:
        return obj.review_status == ReviewStatus.PROPOSED and self.by is not None and obj.proposed_by_id == self.by.pk

    def new_state(self) -> dict:
        if self.accept_now:
            return {"review_status": ReviewStatus.ACCEPTED, "accepted_at": timezone.now(), "proposed_by": self.by}
        return {"review_status": ReviewStatus.PROPOSED, "proposed_by": self.by, "proposed_in": self.entry}


def _conflict(field: str, obj, kind: str, differing: dict, options: list[str]) -> CatalogueConflict:
    shown = "; ".join(f"{name.replace('_', ' ')} is {_shown(v['existing'])}, you gave {_shown(v['given'])}"
                      for name, v in differing.items())
    hint = {
        "claim": "use the existing claim (give its id) or propose a correction (add a correction_reason and "
                 "the location in the paper)",
        "paper": "leave those fields out to use the existing paper, or propose a correction (add a "
                 "correction_reason)",
        "benchmark": "leave those fields out to use the existing benchmark, or propose a correction (add a "
                     "correction_reason)",
    }[kind]
    message = f"{kind.capitalize()} {obj.pk} ({obj}) already exists and differs: {shown}. To go on, {hint}."
    return CatalogueConflict({field: [message]}, [{
        "type": kind, "id": obj.pk, "label": str(obj), "url": obj.get_absolute_url(),
        "differing": differing, "options": options,
    }])


def _shown(value) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)


def _same(field: str, stored, given) -> bool:
    if field == "title":
        return identifiers.normalize_title(stored) == identifiers.normalize_title(given)
    if isinstance(stored, float) or isinstance(given, float):
        try:
            return stored is not None and math.isclose(float(stored), float(given), rel_tol=0, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    if isinstance(stored, str):
        return stored.strip() == _text(given)
    return stored == given


def _is_blank(field: str, value) -> bool:
    return value is None or value == "" or value in _BLANK_BENCHMARK_VALUES.get(field, ())


def _reconcile(obj, given: dict, compared: tuple, ctx: _Context, *, kind: str, field: str,
               reason: str = "", location: str = ""):
    """Compare a description with an item it found: update own proposals, propose additions, name clashes."""
    differing, additions = {}, {}
    for name in compared:
        if name not in given or _is_blank(name, given[name]):
            continue
        stored = getattr(obj, name)
        if _same(name, stored, given[name]):
            continue
        if _is_blank(name, stored):
            additions[name] = {"from": stored, "to": given[name]}
        else:
            differing[name] = {"existing": stored, "given": given[name]}
    if not differing and not additions:
        _withdraw_change(obj, ctx)  # described as recorded again: an earlier proposed correction is dropped
        return obj
    if ctx.is_own_proposal(obj) or (ctx.accept_now and not differing):
        # The describer's own proposal (or the registry itself filling a gap): change it in place.
        for name, change in {**additions, **{k: {"to": v["given"]} for k, v in differing.items()}}.items():
            setattr(obj, name, change["to"])
        obj.full_clean(validate_constraints=False)
        obj.save()
        return obj
    if differing and not reason:
        options = ["use_existing", "propose_correction"]
        raise _conflict(field, obj, kind, differing, options)
    changes = {**additions, **{k: {"from": v["existing"], "to": v["given"]} for k, v in differing.items()}}
    _check_change(obj, changes)
    _propose_change(obj, changes, ctx, reason=reason, location=location)
    return obj


def _check_change(obj, changes: dict) -> None:
    """Validate proposed values as the model would, before anything is written."""
    trial = type(obj).objects.get(pk=obj.pk)
    for name, change in changes.items():
        setattr(trial, name, change["to"])
    trial.full_clean(validate_unique=False, validate_constraints=False)


def _propose_change(obj, changes: dict, ctx: _Context, *, reason="", location="") -> CatalogueChange:
    """Record a proposed change to ``obj``: one open proposal per item, draft and proposer (updated in place)."""
    target = {type(obj).__name__.lower(): obj}
    existing = CatalogueChange.objects.filter(
        status=ChangeStatus.PROPOSED, kind=ChangeKind.CHANGED, proposed_by=ctx.by, entry=ctx.entry, **target
    ).first()
    if existing:
        # The latest description is the proposal: fields no longer described differently are dropped.
        existing.changes = _jsonable(changes)
        existing.reason, existing.location = reason or existing.reason, location or existing.location
        existing.save(update_fields=["changes", "reason", "location"])
        return existing
    return CatalogueChange.objects.create(
        kind=ChangeKind.CHANGED, status=ChangeStatus.PROPOSED, changes=_jsonable(changes), reason=reason[:2000],
        location=location[:100], entry=ctx.entry, proposed_by=ctx.by, **target,
    )


def _withdraw_change(obj, ctx: _Context) -> None:
    if ctx.by is None:
        return
    CatalogueChange.objects.filter(status=ChangeStatus.PROPOSED, kind=ChangeKind.CHANGED, proposed_by=ctx.by,
                                   entry=ctx.entry, **{type(obj).__name__.lower(): obj}).delete()


def _jsonable(changes: dict) -> dict:
    return {k: {"from": v.get("from"), "to": v.get("to")} for k, v in changes.items()}


def _create(model, values: dict, ctx: _Context):
    """Insert a new item in a savepoint, so that a unique clash with a concurrent insert is not a 500."""
    obj = model(**values, **ctx.new_state())
    # Uniqueness is the database's to say (a concurrent insert is only visible to it): IntegrityError below.
    obj.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        obj.save()
    if ctx.accept_now:
        CatalogueChange.objects.create(kind=ChangeKind.CREATED, status=ChangeStatus.ACCEPTED, proposed_by=ctx.by,
                                       decided_by=ctx.by, decided_at=timezone.now(),
                                       **{model.__name__.lower(): obj})
    return obj


# --------------------------------------------------------------------------- papers


def _spec_identifiers(spec: dict) -> list[identifiers.PaperIdentifier]:
    """Every identifier a paper description gives, parsed; errors name the field that held them."""
    found, errors = [], {}
    raw = [(key, spec.get(key)) for key in PAPER_IDENTIFIER_KEYS]
    extra = spec.get("identifiers") or []
    if not isinstance(extra, list | tuple):
        raise ValidationError({"identifiers": ["Give identifiers as a list of strings."]})
    raw += [("identifiers", value) for value in extra]
    for key, value in raw:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            ident = identifiers.parse_paper_identifier(value)
        except identifiers.IdentifierError as exc:
            errors.setdefault(key, []).append(str(exc))
            continue
        if ident not in found:
            found.append(ident)
    if errors:
        raise ValidationError(errors)
    return found


def _papers_by_identifiers(idents, ctx: _Context) -> dict[int, Paper]:
    match = Q()
    for ident in idents:
        for name in (ident, *identifiers.equivalents(ident)):
            match |= Q(kind=name.kind, value=name.value)
    rows = PaperIdentifier.objects.filter(match)
    visible = Q(review_status=ReviewStatus.ACCEPTED)
    if ctx.by is not None:
        visible |= Q(review_status=ReviewStatus.PROPOSED, proposed_by=ctx.by)
    rows = rows.filter(visible)
    papers = ctx.scope(Paper.objects.filter(pk__in=rows.values("paper_id")))
    return {paper.pk: paper for paper in papers}


@transaction.atomic
def resolve_paper(spec, *, by=None, entry=None) -> tuple[Paper, bool]:
    """Find or propose a paper; ``(paper, created)``. ``spec`` is a dict, an identifier string or an id."""
    ctx = _Context(by, entry)
    if isinstance(spec, Paper):
        return spec, False
    if isinstance(spec, int) and not isinstance(spec, bool):
        found = ctx.scope(Paper.objects.filter(pk=spec)).first()
        if found is None:
            raise ValidationError({"paper": [f"There is no paper with id {spec}."]})
        return found, False
    if isinstance(spec, str):
        try:
            spec = {"identifiers": [identifiers.parse_paper_identifier(spec).label]}
        except identifiers.IdentifierError as exc:
            raise ValidationError({"paper": [str(exc)]}) from None
    if not isinstance(spec, dict):
        raise ValidationError({"paper": ["Describe the paper by DOI, arXiv id, OpenReview id or title."]})
    idents = _spec_identifiers(spec)
    given = {k: spec[k] for k in PAPER_FIELDS if k in spec and k not in PAPER_IDENTIFIER_KEYS
             and spec[k] not in (None, "")}
    if "title" in given:
        given["title"] = _text(given["title"])
    reason = _text(spec.get("correction_reason"))
    ctx.serialise("paper", *sorted(i.label for i in idents) or [identifiers.normalize_title(given.get("title"))])
    paper = None
    if idents:
        matches = _papers_by_identifiers(idents, ctx)
        if len(matches) > 1:
            papers = sorted(matches.values(), key=lambda p: p.pk)
            raise CatalogueConflict(
                {"paper": ["Those identifiers name different papers in the registry: "
                           + "; ".join(f"{p} (paper {p.pk})" for p in papers) + "."]},
                [{"type": "paper", "id": p.pk, "label": str(p), "url": p.get_absolute_url(),
                  "differing": {"identifiers": {"existing": _labels(p), "given": [i.label for i in idents]}},
                  "options": ["use_existing"]} for p in papers],
            )
        paper = next(iter(matches.values()), None)
    if paper is None and given.get("title"):
        paper = _paper_by_title(given["title"], idents, ctx)
    if paper is not None:
        _reconcile(paper, given, PAPER_COMPARED, ctx, kind="paper", field="paper", reason=reason)
        _add_identifiers(paper, idents, ctx)
        return paper, False
    if not given.get("title"):
        raise ValidationError({"paper": [
            "No paper with that identifier is known yet; give its title to add it."
            if idents else "Name the paper by DOI, arXiv id, OpenReview id or title."
        ]})
    paper = _create(Paper, given, ctx)
    _add_identifiers(paper, idents, ctx)
    return paper, True


def _labels(paper: Paper) -> list[str]:
    return [row.label for row in paper.identifiers.filter(review_status=ReviewStatus.ACCEPTED)]


def _paper_by_title(title: str, idents, ctx: _Context) -> Paper | None:
    """A paper first recorded under this title, unless its identifiers show it is another paper."""
    single_kinds = set(SINGLE_KINDS)
    for candidate in ctx.scope(Paper.objects.by_title(title)).prefetch_related("identifiers"):
        held = {(row.kind, row.value) for row in candidate.identifiers.all()}
        clash = any(kind == i.kind and value != i.value for kind, value in held for i in idents
                    if i.kind in single_kinds)
        if not clash:
            return candidate
    return None


SINGLE_KINDS = ("arxiv", "openreview")  # a paper has one of each of these; DOIs and the rest may be several


def _add_identifiers(paper: Paper, idents, ctx: _Context) -> None:
    """Attach identifiers the paper lacks: accepted with an accepted describer, else as proposals.

    A second arXiv or OpenReview id for one paper is a conflict: it would be another paper.
    """
    visible = Q(review_status=ReviewStatus.ACCEPTED)
    if ctx.by is not None:
        visible |= Q(review_status=ReviewStatus.PROPOSED, proposed_by=ctx.by)
    # Only what this describer may see: another researcher's proposal for the same paper stays theirs.
    held = {(row.kind, row.value): row for row in paper.identifiers.filter(visible)}
    for ident in idents:
        other = next((value for kind, value in held if kind == ident.kind != "" and value != ident.value
                      and kind in SINGLE_KINDS), None)
        if other is not None:
            existing = identifiers.PaperIdentifier(ident.kind, other).label
            raise _conflict("paper", paper, "paper", {ident.kind: {"existing": existing, "given": ident.label}},
                            ["use_existing"])
    for ident in idents:
        if (ident.kind, ident.value) in held:
            continue
        if paper.review_status == ReviewStatus.PROPOSED or not ctx.accept_now:
            state = {"review_status": ReviewStatus.PROPOSED, "proposed_by": ctx.by, "proposed_in": ctx.entry}
            if paper.review_status == ReviewStatus.ACCEPTED:
                state["review_status"] = ReviewStatus.PROPOSED
        else:
            state = {"review_status": ReviewStatus.ACCEPTED, "proposed_by": ctx.by}
            taken = PaperIdentifier.objects.filter(kind=ident.kind, value=ident.value,
                                                   review_status=ReviewStatus.ACCEPTED).select_related("paper")
            other = taken.first()
            if other is not None:
                raise ValidationError({"paper": [f"{ident.label} already names another paper: {other.paper}."]})
        PaperIdentifier.objects.create(paper=paper, kind=ident.kind, value=ident.value, **state)
        if state["review_status"] == ReviewStatus.ACCEPTED and paper.review_status == ReviewStatus.ACCEPTED:
            CatalogueChange.objects.create(
                kind=ChangeKind.IDENTIFIER, status=ChangeStatus.ACCEPTED, paper=paper, proposed_by=ctx.by,
                decided_by=ctx.by, decided_at=timezone.now(),
                changes={"identifier": {"from": None, "to": ident.label}},
            )
    sync_preferred_identifiers(paper)


def sync_preferred_identifiers(paper: Paper) -> None:
    """Keep the paper's preferred DOI / arXiv / OpenReview columns in step with its identifiers."""
    rows = paper.identifiers.all().order_by("pk")
    if paper.review_status == ReviewStatus.ACCEPTED:
        rows = rows.filter(review_status=ReviewStatus.ACCEPTED)
    values = dict.fromkeys(PREFERRED_COLUMNS.values())
    for row in rows:
        column = PREFERRED_COLUMNS.get(row.kind)
        if column and values[column] is None:
            values[column] = row.value
    if any(getattr(paper, column) != value for column, value in values.items()):
        Paper.objects.filter(pk=paper.pk).update(**values)
        for column, value in values.items():
            setattr(paper, column, value)


def paper_resolve(spec, *, by=None, entry=None) -> Paper:
    """Find or propose a paper (see :func:`resolve_paper`)."""
    return resolve_paper(spec, by=by, entry=entry)[0]


# --------------------------------------------------------------------------- benchmarks


def _benchmark_by_key(key: str, ctx: _Context) -> Benchmark | None:
    if not key:
        return None
    found = ctx.scope(Benchmark.objects.filter(name_key=key)).order_by("-review_status", "pk").first()
    if found:
        return found
    alias = BenchmarkAlias.objects.filter(key=key).select_related("benchmark").first()
    return alias.benchmark if alias and alias.benchmark.visible_to(ctx.by) else None


@transaction.atomic
def resolve_benchmark(spec, *, by=None, entry=None) -> tuple[Benchmark, bool]:
    """Find or propose a benchmark by slug, name or alias; ``(benchmark, created)``."""
    ctx = _Context(by, entry)
    if isinstance(spec, Benchmark):
        return spec, False
    if isinstance(spec, int) and not isinstance(spec, bool):
        found = ctx.scope(Benchmark.objects.filter(pk=spec)).first()
        if found is None:
            raise ValidationError({"benchmark": [f"There is no benchmark with id {spec}."]})
        return found, False
    if isinstance(spec, str):
        spec = {"name": spec}
    if not isinstance(spec, dict):
        raise ValidationError({"benchmark": ["Name the benchmark, or give its slug."]})
    given = {k: spec[k] for k in BENCHMARK_FIELDS if k in spec and spec[k] not in (None, "")}
    slug, name = _text(given.pop("slug", "")).lower(), _text(given.pop("name", ""))
    ctx.serialise("benchmark", benchmark_key(name) or slug)
    found = ctx.scope(Benchmark.objects.filter(slug=slug)).first() if slug else None
    if found is not None and name and benchmark_key(name) != found.name_key \
            and not found.aliases.filter(key=benchmark_key(name)).exists():
        raise _conflict("benchmark", found, "benchmark",
                        {"name": {"existing": found.name, "given": name}}, ["use_existing"])
    found = found or _benchmark_by_key(benchmark_key(name), ctx)
    if found is not None:
        _reconcile(found, given, BENCHMARK_COMPARED, ctx, kind="benchmark", field="benchmark",
                   reason=_text(spec.get("correction_reason")))
        return found, False
    if not name:
        raise ValidationError({"benchmark": [f"No benchmark with slug {slug!r}; give a name to add it."
                                             if slug else "Name the benchmark."]})
    if not benchmark_key(name):
        raise ValidationError({"benchmark": ["A benchmark name needs at least one letter or digit."]})
    given.setdefault("task", "unspecified")
    return _create_benchmark(name, slug or slugify(name)[:80] or "benchmark", given, ctx), True


def _create_benchmark(name: str, slug: str, values: dict, ctx: _Context) -> Benchmark:
    """A new benchmark under a free slug: 'foo', then 'foo-2', 'foo-3'… (slugs are public URLs)."""
    base = slug[:72]
    for attempt in range(1, 50):
        candidate = base if attempt == 1 else f"{base}-{attempt}"
        if Benchmark.objects.filter(slug=candidate).exists():
            continue
        try:
            return _create(Benchmark, {"name": name, "slug": candidate, **values}, ctx)
        except IntegrityError:
            # Another request took the slug or the name a moment ago: take theirs if we may see it.
            found = _benchmark_by_key(benchmark_key(name), ctx)
            if found is not None:
                return found
    raise ValidationError({"benchmark": ["Could not find a free address for this benchmark; rename it."]})


def benchmark_resolve(spec, *, by=None, entry=None) -> Benchmark:
    """Find or propose a benchmark (see :func:`resolve_benchmark`)."""
    return resolve_benchmark(spec, by=by, entry=entry)[0]


# --------------------------------------------------------------------------- claims


@transaction.atomic
def resolve_claim(spec, *, by=None, entry=None) -> tuple[Claim, bool]:
    """Find or propose a claim by id or by paper, benchmark, metric, model and setting; ``(claim, created)``."""
    ctx = _Context(by, entry)
    if isinstance(spec, Claim):
        return spec, False
    if isinstance(spec, bool):
        raise ValidationError({"claim": ["Give a claim id or describe the claim."]})
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isascii() and spec.strip().isdigit()):
        found = ctx.scope(Claim.objects.filter(pk=int(spec))).first() if int(spec) < 2**62 else None
        if found is None:
            raise ValidationError({"claim": [f"There is no claim with id {spec}."]})
        return found, False
    if not isinstance(spec, dict):
        raise ValidationError({"claim": ["Give a claim id or describe the claim."]})
    paper = paper_resolve(spec.get("paper") or {}, by=by, entry=entry)
    benchmark = benchmark_resolve(spec.get("benchmark") or {}, by=by, entry=entry)
    values = {k: spec[k] for k in CLAIM_FIELDS if k in spec and spec[k] is not None}
    for text_field in ("metric", "model_name", "setting", "location"):
        values[text_field] = _text(values.get(text_field))
    key = {"paper": paper, "benchmark": benchmark, "metric": values.pop("metric"),
           "model_name": values.pop("model_name"), "setting": values.pop("setting")}
    ctx.serialise("claim", paper.pk, benchmark.pk, key["metric"], key["model_name"], key["setting"])
    found = ctx.scope(Claim.objects.filter(**key)).order_by("-review_status", "pk").first()
    if found is not None:
        _reconcile(found, values, CLAIM_COMPARED, ctx, kind="claim", field="claim",
                   reason=_text(spec.get("correction_reason")), location=values.get("location", ""))
        return found, False
    return _create(Claim, {**values, **key}, ctx), True


def claim_resolve(spec, *, by=None, entry=None) -> Claim:
    """Find or propose a claim (see :func:`resolve_claim`)."""
    return resolve_claim(spec, by=by, entry=entry)[0]


# --------------------------------------------------------------------------- moderators' direct changes


@transaction.atomic
def catalogue_update(*, obj: Paper | Benchmark | Claim, by, fields: dict, reason: str = ""):
    """A moderator changes a paper, benchmark or claim; the change is recorded in its history."""
    _require_moderator(by, "change papers, benchmarks and claims")
    allowed = {Paper: PAPER_FIELDS, Benchmark: BENCHMARK_FIELDS, Claim: CLAIM_FIELDS}[type(obj)]
    unknown = set(fields) - set(allowed) - ({"identifiers"} if isinstance(obj, Paper) else set())
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in sorted(unknown)})
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    idents = []
    if isinstance(obj, Paper):
        idents = _spec_identifiers(fields)
        fields = {k: v for k, v in fields.items() if k not in (*PAPER_IDENTIFIER_KEYS, "identifiers")}
    changes = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = {"from": old, "to": value}
            setattr(obj, name, value)
    obj.full_clean(validate_constraints=False)
    obj.save()
    if changes:
        CatalogueChange.objects.create(
            kind=ChangeKind.CHANGED, status=ChangeStatus.ACCEPTED, changes=_jsonable(changes), reason=reason,
            proposed_by=by, decided_by=by, decided_at=timezone.now(), **{type(obj).__name__.lower(): obj},
        )
    if idents:
        _add_identifiers(obj, idents, _Context(by))
    catalogue_changed(obj)
    return obj


def catalogue_changed(obj: Paper | Benchmark | Claim) -> int:
    """Rebuild the search text of every entry that mentions ``obj``."""
    if isinstance(obj, Claim):
        return refresh_search_text_for_claims([obj.pk])
    key = "paper" if isinstance(obj, Paper) else "benchmark"
    return refresh_search_text_for_claims(Claim.objects.filter(**{key: obj}).values_list("pk", flat=True))
