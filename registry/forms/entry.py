"""The entry form: the entry's own fields, its evidence rows and its ordered authors.

``EntryEditor`` bundles the three and turns them into the plain ``fields``, ``authors`` and
``evidence`` the workflow takes; it also puts the workflow's refusals back onto the right field of
the right row. Nothing here writes to the database.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from registry import identifiers
from registry.forms.fields import OrcidField
from registry.models import (
    RESULT_TYPE_HELP,
    Claim,
    Entry,
    Paper,
    Profile,
    Relation,
    ResultType,
    SpreadKind,
    benchmark_key,
)
from registry.search import clean_query

MAX_ROWS = 30


def readable_identifier(value: str) -> str:
    """A pasted paper identifier, stripped; a form error if it is not one the registry can read."""
    value = value.strip()
    if value:
        try:
            identifiers.parse_paper_identifier(value)
        except identifiers.IdentifierError as exc:
            raise ValidationError(str(exc)) from None
    return value


class EntryForm(forms.ModelForm):
    """What failed, the setup, availability and contact with the original authors."""

    keywords = forms.CharField(required=False, max_length=1000, help_text="Comma-separated.")
    code_url = forms.URLField(label="Code URL", required=False, max_length=500, assume_scheme="https")
    data_url = forms.URLField(label="Data URL", required=False, max_length=500, assume_scheme="https")
    preregistration_url = forms.URLField(label="Preregistration URL", required=False, max_length=500,
                                         assume_scheme="https")
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    change_note = forms.CharField(
        required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2}),
        label="What changed in this version",
        help_text="Required when revising a published entry; shown with the version.",
    )
    source_paper_id = forms.CharField(
        required=False, max_length=300, label="Its paper's identifier (if the result is published)",
        help_text="DOI, arXiv id, OpenReview, ACL Anthology or PMLR id or link of the paper that reports this "
        "negative result. Reviewers who look that paper up will find this entry.",
    )
    source_paper_title = forms.CharField(required=False, max_length=500, label="Its paper's title",
                                         help_text="Needed when the paper is not in the registry yet.")
    not_duplicate = forms.BooleanField(
        required=False, label="I have read the entries listed above; mine reports something they do not.",
    )

    class Meta:
        model = Entry
        fields = (
            "title", "summary", "result_type", "body", "keywords",
            "models_tested", "datasets", "runs", "compute_gpu_hours", "hardware", "framework",
            "code_url", "data_url", "preregistration_url", "license",
            "authors_contacted", "authors_reply", "anonymous",
        )
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "result_type": forms.RadioSelect,
            "models_tested": forms.Textarea(attrs={"rows": 2}),
            "datasets": forms.Textarea(attrs={"rows": 2}),
            "authors_reply": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "summary": "One-paragraph summary",
            "body": "What was tried, what happened (Markdown)",
            "anonymous": 'Appear publicly as "anonymous"',
        }

    def __init__(self, *args, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.revising = revising
        self.fields["result_type"].choices = ResultType.choices
        # The model keeps keywords as a list; the form shows them as one comma-separated line.
        self.initial["keywords"] = ", ".join(self.instance.keywords or [])
        if self.instance.pk:
            self.initial["revision"] = self.instance.revision
            # An edit must say which revision it started from, or it could overwrite a newer one.
            self.fields["revision"].required = True
        if revising:
            self.fields["change_note"].required = True
        source = self.instance.source_paper if self.instance.source_paper_id else None
        if source is not None:
            self.initial.setdefault("source_paper_id", source.identifier_label)
            self.initial.setdefault("source_paper_title", source.title)

    def clean_source_paper_id(self):
        return readable_identifier(self.cleaned_data["source_paper_id"])

    def result_type_options(self):
        """(value, label, one-line explanation, checked) for each result type, for the radio list."""
        current = self["result_type"].value()
        return [(value, label, RESULT_TYPE_HELP.get(value, ""), value == current)
                for value, label in ResultType.choices]

    def workflow_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        ident, title = self.cleaned_data.get("source_paper_id"), self.cleaned_data.get("source_paper_title")
        fields["source_paper"] = ({"identifiers": [ident] if ident else [], "title": title or ""}
                                  if ident or title else None)
        return fields


DIRECTIONS = [("higher", "Higher is better"), ("lower", "Lower is better")]
_ROW_CONTENT = ("find", "claim", "paper_id", "paper_title", "benchmark", "metric", "reported_value",
                "model_name", "setting", "location", "correction_reason", "observed_value", "observed_spread", "runs",
                "conditions", "notes")
_INLINE = ("paper_id", "paper_title", "benchmark", "metric", "reported_value", "model_name", "setting",
           "location", "correction_reason")


class EvidenceForm(forms.Form):
    """One claim the entry counters: an existing claim picked from matches, or a new one described inline."""

    find = forms.CharField(
        required=False, max_length=300, label="Find an existing claim",
        help_text="A DOI, arXiv id, OpenReview link, paper title or benchmark; then press “Find claims”.",
    )
    claim = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # A new claim, described inline: the registry finds or adds its paper and benchmark.
    paper_id = forms.CharField(required=False, max_length=300, label="Paper DOI, arXiv id or OpenReview URL")
    paper_title = forms.CharField(required=False, max_length=500, label="Paper title",
                                  help_text="Needed when the paper is not in the registry yet.")
    benchmark = forms.CharField(required=False, max_length=200, help_text="e.g. ImageNet-1k, SQuAD v1.1")
    metric = forms.CharField(required=False, max_length=100, help_text="e.g. top-1 accuracy (%), F1")
    direction = forms.ChoiceField(choices=DIRECTIONS, initial="higher", required=False, label="Direction")
    reported_value = forms.FloatField(required=False, label="Reported value")
    model_name = forms.CharField(required=False, max_length=200, label="Model or method")
    setting = forms.CharField(required=False, max_length=300, help_text="split or conditions, e.g. dev set")
    location = forms.CharField(required=False, max_length=100, label="Where in the paper",
                               help_text="e.g. Table 2")
    correction_reason = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        label="Propose a correction (only if the registry records this claim differently)",
        help_text="Why the recorded value, direction or location is wrong, e.g. 'Table 2 reports 75.3, not 76.1'. "
        "A moderator decides when your entry is published.",
    )
    # What this entry observed.
    relation = forms.ChoiceField(choices=Relation.choices, initial=Relation.CONTRADICTS, required=False)
    observed_value = forms.FloatField(required=False, label="Observed value")
    observed_spread = forms.FloatField(required=False, min_value=0, label="Spread (±)")
    spread_kind = forms.ChoiceField(choices=[("", "—"), *SpreadKind.choices], required=False,
                                    label="Spread is a")
    runs = forms.IntegerField(required=False, min_value=1, label="Runs or seeds")
    conditions = forms.CharField(required=False, max_length=500, help_text="How the observation was made.")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_paper_id(self):
        return readable_identifier(self.cleaned_data["paper_id"])

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "") for name in _ROW_CONTENT)

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        inline = any(data.get(name) not in (None, "") for name in _INLINE)
        claim_id = data.get("claim")
        if claim_id and inline:
            self.add_error(None, "Either pick an existing claim or describe a new one, not both: clear the "
                                 "new-claim fields, or pick “describe a new claim”.")
        elif claim_id:
            if not Claim.objects.usable_by(self.user).filter(pk=claim_id).exists():
                self.add_error("claim", "That claim no longer exists; find it again.")
        elif inline:
            if not data.get("paper_id") and not data.get("paper_title") and "paper_id" not in self.errors:
                self.add_error("paper_title", "Name the paper by identifier or title.")
            if not data.get("benchmark"):
                self.add_error("benchmark", "Name the benchmark.")
            if not data.get("metric"):
                self.add_error("metric", "Name the metric.")
        elif data.get("find"):
            self.add_error("claim", "Press “Find claims” and pick one of the matches, or describe a new claim.")
        else:
            self.add_error("claim", "Pick an existing claim or describe a new claim.")
        if data.get("observed_spread") is not None and not data.get("spread_kind"):
            self.add_error("spread_kind", "Say what kind of spread this is.")
        return data

    # ----------------------------------------------------------------- for the template

    def chosen_claim(self) -> Claim | None:
        value = self["claim"].value()
        try:
            pk = int(value)
        except (TypeError, ValueError):
            return None
        return _claims_with_counts(self.user).filter(pk=pk).first()

    def claim_matches(self) -> list[Claim]:
        query = (self["find"].value() or "").strip()
        return find_claims(query) if query else []

    # ----------------------------------------------------------------- for the workflow

    def workflow_row(self) -> dict:
        data = self.cleaned_data
        row = {name: data.get(name) for name in ("relation", "observed_value", "observed_spread",
                                                 "spread_kind", "runs", "conditions", "notes")}
        row["relation"] = row["relation"] or Relation.CONTRADICTS
        if data.get("claim"):
            row["claim"] = data["claim"]
            return row
        paper = {"title": data.get("paper_title") or ""}
        if data.get("paper_id"):
            paper["identifiers"] = [data["paper_id"]]
        row["claim"] = {
            "correction_reason": data.get("correction_reason") or "",
            "paper": paper, "benchmark": data.get("benchmark") or "", "metric": data.get("metric") or "",
            "reported_value": data.get("reported_value"), "higher_is_better": data.get("direction") != "lower",
            "model_name": data.get("model_name") or "", "setting": data.get("setting") or "",
            "location": data.get("location") or "",
        }
        return row


class AuthorForm(forms.Form):
    """One author: name, optional ORCID iD, affiliation."""

    name = forms.CharField(max_length=200)
    orcid = OrcidField()
    affiliation = forms.CharField(required=False, max_length=300)



class _EvidenceRows(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Remove this claim from the entry"


class _AuthorRows(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = "Position"
        form.fields["ORDER"].help_text = "Authors are listed by this number; change it to reorder."
        form.fields["DELETE"].label = "Remove this author"


EvidenceFormSet = forms.formset_factory(
    EvidenceForm, formset=_EvidenceRows, extra=1, can_delete=True, max_num=MAX_ROWS, validate_max=True,
    absolute_max=MAX_ROWS,
)
AuthorFormSet = forms.formset_factory(
    AuthorForm, formset=_AuthorRows, extra=1, can_order=True, can_delete=True, max_num=MAX_ROWS,
    validate_max=True, absolute_max=MAX_ROWS,
)


def _claims_with_counts(user=None):
    """Claims the user may name: the public catalogue and their own proposals."""
    return Claim.objects.usable_by(user).with_counter_counts().select_related("paper", "benchmark")


def find_claims(query: str, limit: int = 10) -> list[Claim]:
    """Claims matching a paper identifier (exactly), or a paper title, benchmark, model or metric fragment."""
    # Typed text, anything at all: without NUL (PostgreSQL refuses it in text), control characters or lone
    # surrogates, and short.
    query = clean_query(query)[:300].strip()
    if not query:
        return []
    try:
        ident = identifiers.parse_paper_identifier(query)
    except identifiers.IdentifierError:
        ident = None
    if ident is not None:
        papers = Paper.objects.accepted().by_identifier(ident).values("pk")
        found = list(_claims_with_counts().filter(paper__in=papers)[:limit])
        if found:
            return found
    # The catalogue of claims is small next to the entries; a contains-match over it is enough here.
    key = benchmark_key(query)
    match = (Q(paper__title__icontains=query) | Q(benchmark__name__icontains=query)
             | Q(benchmark__slug__iexact=query) | Q(model_name__icontains=query)
             | (Q(benchmark__name_key=key) | Q(benchmark__aliases__key=key) if key else Q(pk__in=[])))
    return list(_claims_with_counts().filter(match).order_by("paper__title", "benchmark__name")[:limit])


def _initial_evidence(entry: Entry | None) -> list[dict]:
    if entry is None or not entry.pk:
        return []
    return [{
        "claim": ev.claim_id, "relation": ev.relation, "observed_value": ev.observed_value,
        "observed_spread": ev.observed_spread, "spread_kind": ev.spread_kind, "runs": ev.runs,
        "conditions": ev.conditions, "notes": ev.notes,
    } for ev in entry.evidence.order_by("position", "pk")]


def _initial_authors(entry: Entry | None, user) -> list[dict]:
    if entry is not None and entry.pk:
        return [{"name": a.name, "orcid": a.orcid, "affiliation": a.affiliation, "ORDER": i + 1}
                for i, a in enumerate(entry.authors.order_by("position"))]
    profile = Profile.objects.filter(user=user).first() if user is not None and user.is_authenticated else None
    name = (profile.display_name if profile else "") or (user.get_full_name() if user else "")
    if not name:
        return []
    return [{"name": name, "orcid": profile.orcid if profile else "",
             "affiliation": profile.affiliation if profile else "", "ORDER": 1}]


class EntryEditor:
    """The entry form with its evidence and author formsets, as one thing to validate and show."""

    def __init__(self, data=None, *, entry: Entry | None = None, user=None, revising: bool = False):
        self.entry = entry
        self.form = EntryForm(data, instance=entry if entry is not None else Entry(), revising=revising)
        self.evidence = EvidenceFormSet(data, prefix="evidence", initial=None if data else _initial_evidence(entry),
                                        form_kwargs={"user": user})
        self.authors = AuthorFormSet(data, prefix="authors", initial=None if data else _initial_authors(entry, user))
        self._evidence_rows: list[int] = []
        self._author_rows: list[int] = []

    @classmethod
    def with_extra_row(cls, data, which: str, **kwargs) -> EntryEditor:
        """The same bound editor with one more empty evidence or author row (the no-JS 'add another')."""
        data = data.copy()
        key = f"{which}-TOTAL_FORMS"
        try:
            total = int(data.get(key, 0))
        except ValueError:
            total = 0
        data[key] = str(min(total + 1, MAX_ROWS))
        return cls(data, **kwargs)

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.evidence.is_valid(), self.authors.is_valid()]
        return all(results)

    def workflow_input(self) -> tuple[dict, list[dict], list[dict]]:
        """(fields, authors, evidence) for the workflow; blank and deleted rows are left out."""
        evidence, self._evidence_rows = [], []
        for index, form in enumerate(self.evidence.forms):
            if self.evidence.can_delete and self.evidence._should_delete_form(form):
                continue
            if not form.cleaned_data or form.is_blank():
                continue
            evidence.append(form.workflow_row())
            self._evidence_rows.append(index)
        kept = []
        for index, form in enumerate(self.authors.forms):
            if not form.cleaned_data or self.authors._should_delete_form(form) or not form.cleaned_data.get("name"):
                continue
            order = form.cleaned_data.get("ORDER")
            kept.append((order is None, order or 0, index, form))
        kept.sort(key=lambda item: item[:3])
        self._author_rows = [index for _, _, index, _ in kept]
        authors = [{k: form.cleaned_data.get(k, "") for k in ("name", "orcid", "affiliation")}
                   for *_, form in kept]
        return self.form.workflow_fields(), authors, evidence

    def chosen_claim_ids(self) -> list[int]:
        ids = []
        for form in self.evidence.forms:
            claim = form.chosen_claim()
            if claim is not None:
                ids.append(claim.pk)
        return ids

    # ----------------------------------------------------------------- refusals from the workflow

    _ROW_ERROR = re.compile(r"^(Author|Claim) (\d+)(?: ([a-z_]+))?: (.*)$", re.DOTALL)
    # Claim-level fields the workflow may name, and the inline field of the evidence form they belong to.
    _EVIDENCE_FIELD = {
        "paper": "paper_id", "doi": "paper_id", "arxiv_id": "paper_id", "openreview_id": "paper_id",
        "title": "paper_title", "benchmark": "benchmark", "name": "benchmark", "slug": "benchmark",
        "task": "benchmark", "claim": "claim", "identifiers": "paper_id",
    }

    def add_workflow_errors(self, exc: ValidationError) -> None:
        """Put a workflow ValidationError's messages on the fields and rows they are about."""
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        for key, texts in messages.items():
            for text in texts:
                if key == "authors":
                    self._add_row_error(self.authors, self._author_rows, text, {})
                elif key == "evidence":
                    self._add_row_error(self.evidence, self._evidence_rows, text, self._EVIDENCE_FIELD)
                elif key == "source_paper":
                    self.form.add_error("source_paper_id", text)
                elif key in self.form.fields and key not in ("revision",):
                    self.form.add_error(key, text)
                else:
                    self.form.add_error(None, text)

    def _add_row_error(self, formset, rows: list[int], text: str, field_map: dict) -> None:
        match = self._ROW_ERROR.match(text)
        if match:
            position = int(match.group(2)) - 1
            field, message = match.group(3), match.group(4)
            if 0 <= position < len(rows):
                form = formset.forms[rows[position]]
                target = field_map.get(field, field) if field else None
                if target not in form.fields or (target == "claim" and not form.cleaned_data.get("claim")):
                    target = None
                    if field:
                        message = f"{field.replace('_', ' ')}: {message}"
                form.add_error(target, message)
                return
        formset.non_form_errors().append(text)
