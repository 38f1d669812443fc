"""What negative results are about: benchmarks, papers and the claims papers make."""

import math
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse

from registry import identifiers


def validate_finite(value) -> None:
    """A reported or observed number is a real number: not NaN, not infinite (JSON cannot hold those)."""
    if value is not None and not math.isfinite(value):
        raise ValidationError("Enter a finite number.", code="not_finite")


class ReviewStatus(models.TextChoices):
    """Where a paper, benchmark, claim or identifier stands in the moderated catalogue."""

    PROPOSED = "proposed", "Proposed (awaiting a moderator)"
    ACCEPTED = "accepted", "Accepted"
    MERGED = "merged", "Merged into another"


class CatalogueQuerySet(models.QuerySet):
    """Domain words shared by papers, benchmarks and claims."""

    def accepted(self):
        """What the public sees: accepted items only (never proposals, never merged duplicates)."""
        return self.filter(review_status=ReviewStatus.ACCEPTED)

    def visible_to(self, user):
        """Accepted items, the user's own proposals, and every proposal if the user moderates."""
        from registry.models.entries import is_moderator

        if user is None or not user.is_authenticated:
            return self.accepted()
        if is_moderator(user):
            return self.exclude(review_status=ReviewStatus.MERGED)
        return self.filter(Q(review_status=ReviewStatus.ACCEPTED)
                           | Q(review_status=ReviewStatus.PROPOSED, proposed_by=user))


    def usable_by(self, user):
        """What ``user`` may name in an entry: accepted items and their own proposals."""
        if user is None or not user.is_authenticated:
            return self.accepted()
        return self.filter(Q(review_status=ReviewStatus.ACCEPTED)
                           | Q(review_status=ReviewStatus.PROPOSED, proposed_by=user))


class CatalogueItem(models.Model):
    """What papers, benchmarks and claims share: a proposal until a moderator accepts it."""

    review_status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.ACCEPTED, editable=False,
        help_text="Proposed items are seen only by their proposer and moderators.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )
    proposed_in = models.ForeignKey(
        "registry.Entry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        help_text="The draft that brought this proposal; empty for proposals made on their own.",
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
    )
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_accepted(self) -> bool:
        return self.review_status == ReviewStatus.ACCEPTED

    @property
    def is_proposed(self) -> bool:
        return self.review_status == ReviewStatus.PROPOSED

    def visible_to(self, user) -> bool:
        """Whether ``user`` may see this item (the same rule as the queryset's)."""
        from registry.models.entries import is_moderator

        if self.review_status == ReviewStatus.ACCEPTED:
            return True
        if user is None or not user.is_authenticated:
            return False
        if self.review_status == ReviewStatus.MERGED:
            return False
        return self.proposed_by_id == user.pk or is_moderator(user)

    def survivor(self):
        """The item this one was merged into (following chains), or itself."""
        item, seen = self, set()
        while item.merged_into_id and item.pk not in seen:
            seen.add(item.pk)
            item = type(self).objects.get(pk=item.merged_into_id)
        return item


def benchmark_key(name: str) -> str:
    """The key benchmark names and aliases are compared by: 'CIFAR-10', 'cifar 10', 'CIFAR10' -> 'cifar10'."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    return "".join(ch for ch in text.casefold() if ch.isalnum() and not unicodedata.combining(ch))[:200]


class Modality(models.TextChoices):
    IMAGE = "image", "Images"
    TEXT = "text", "Text"
    AUDIO = "audio", "Audio / speech"
    VIDEO = "video", "Video"
    TABULAR = "tabular", "Tabular"
    GRAPH = "graph", "Graphs"
    INTERACTIVE = "interactive", "Interactive / reinforcement learning"
    MULTIMODAL = "multimodal", "Multimodal"
    OTHER = "other", "Other"


class Benchmark(CatalogueItem):
    """A dataset plus protocol that results are reported on, e.g. ImageNet-1k."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True, default="",
                                help_text="The name compared without case, spaces or punctuation.")
    task = models.CharField(max_length=200, help_text="e.g. image classification, reading comprehension")
    modality = models.CharField(max_length=20, choices=Modality.choices, default=Modality.OTHER)
    homepage = models.URLField(blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"], condition=Q(review_status="accepted"),
                name="benchmark_accepted_name_unique",
                violation_error_message="A benchmark with this name is already in the catalogue.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived, so that a key can never disagree with its name, whoever saves the row.
        self.name_key = benchmark_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registry:benchmark", kwargs={"slug": self.slug})

    def clean_fields(self, exclude=None):
        self.name_key = benchmark_key(self.name)
        super().clean_fields(exclude=exclude)


class BenchmarkAlias(models.Model):
    """Another name a benchmark goes by ('MultiNLI' for MNLI); search and the entry form read both."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False, default="")

    class Meta:
        ordering = ["benchmark_id", "name"]
        verbose_name_plural = "benchmark aliases"

    def __str__(self):
        return f"{self.name} → {self.benchmark.name}"

    def save(self, *args, **kwargs):
        self.key = benchmark_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registry:benchmark", kwargs={"slug": self.slug})


class PaperQuerySet(CatalogueQuerySet):
    def by_identifier(self, ident: identifiers.PaperIdentifier, *, user=None):
        """Papers holding a parsed identifier or one equivalent to it (an ACL DOI and its ACL id).

        Accepted identifiers count for everyone; proposed ones for their proposer, and for moderators.
        """
        from registry.models.entries import is_moderator

        names = [ident, *identifiers.equivalents(ident)]
        match = Q()
        for name in names:
            match |= Q(kind=name.kind, value=name.value)
        rows = PaperIdentifier.objects.filter(match)
        if not is_moderator(user):
            visible = Q(review_status=ReviewStatus.ACCEPTED)
            if user is not None and user.is_authenticated:
                visible |= Q(review_status=ReviewStatus.PROPOSED, proposed_by=user)
            rows = rows.filter(visible)
        return self.filter(pk__in=rows.values("paper_id"))

    def by_title(self, title: str):
        """Papers whose normalised title equals that of ``title``."""
        key = identifiers.normalize_title(title)
        return self.filter(title_key=key) if key else self.none()


class Paper(CatalogueItem):
    """A publication that makes claims. Its identifiers live in PaperIdentifier, any number of each kind.

    ``doi``, ``arxiv_id`` and ``openreview_id`` are the paper's preferred identifier of each kind, kept by
    the workflow from its PaperIdentifier rows so that a page can show and link it without another query.
    Matching never reads them: lookup, search and the resolver read PaperIdentifier.
    """

    title = models.CharField(max_length=500)
    title_key = models.CharField(max_length=500, editable=False, db_index=True, default="",
                                 help_text="The title normalised for matching (case, accents, LaTeX, punctuation).")
    authors = models.CharField(max_length=1000, blank=True, help_text="As cited, e.g. 'He, Zhang, Ren, Sun'")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True, help_text="e.g. CVPR 2016, NeurIPS 2018")
    doi = models.CharField(
        "DOI", max_length=200, null=True, blank=True, editable=False, validators=[identifiers.validate_doi]
    )
    arxiv_id = models.CharField(
        "arXiv id", max_length=50, null=True, blank=True, editable=False,
        validators=[identifiers.validate_arxiv_id],
    )
    openreview_id = models.CharField(
        "OpenReview id", max_length=50, null=True, blank=True, editable=False,
        validators=[identifiers.validate_openreview_id],
    )
    url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        # Papers without a year last on every engine (PostgreSQL would put NULLs first when descending).
        ordering = [models.F("year").desc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(doi__isnull=True) | Q(doi=Lower("doi")),
                name="paper_doi_lowercase",
                violation_error_message="A DOI is stored in lower case.",
            ),
            models.CheckConstraint(
                condition=~Q(doi="") & ~Q(arxiv_id="") & ~Q(openreview_id=""),
                name="paper_identifiers_null_not_blank",
                violation_error_message="A missing identifier is stored as empty (NULL), not blank.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs):
        self.title_key = identifiers.normalize_title(self.title)[:500]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registry:paper", kwargs={"pk": self.pk})

    def clean_fields(self, exclude=None):
        self.title_key = identifiers.normalize_title(self.title)[:500]
        # Store identifiers normalised so that uniqueness means the same paper. This runs before the
        # field checks (not in clean(), which comes after them) so that a pasted link is judged, and
        # length-checked, in the form it will be stored in.
        for field, normalise in (
            ("doi", identifiers.normalize_doi),
            ("arxiv_id", identifiers.normalize_arxiv_id),
            ("openreview_id", identifiers.normalize_openreview_id),
        ):
            value = getattr(self, field)
            if value is not None and not str(value).strip():
                setattr(self, field, None)
            elif value:
                try:
                    setattr(self, field, normalise(value))
                except identifiers.IdentifierError:
                    pass  # the field validator reports it
        super().clean_fields(exclude=exclude)

    @property
    def link(self) -> str:
        """The best public link to the paper."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        if self.openreview_id:
            return f"https://openreview.net/forum?id={self.openreview_id}"
        return self.url

    @property
    def identifier_label(self) -> str:
        if self.arxiv_id:
            return f"arXiv:{self.arxiv_id}"
        if self.doi:
            return f"doi:{self.doi}"
        if self.openreview_id:
            return f"OpenReview {self.openreview_id}"
        return ""


PREFERRED_COLUMNS = {"doi": "doi", "arxiv": "arxiv_id", "openreview": "openreview_id"}


class PaperIdentifier(models.Model):
    """One identifier of a paper, stored normalised; an accepted identifier names one paper only."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=20, choices=[(k, v) for k, v in identifiers.KINDS.items()])
    value = models.CharField(max_length=300)
    review_status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.ACCEPTED,
                                     editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    proposed_in = models.ForeignKey("registry.Entry", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paper_id", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"], condition=Q(review_status="accepted"),
                name="paper_identifier_accepted_unique",
                violation_error_message="This identifier already names another paper in the catalogue.",
            ),
            models.UniqueConstraint(
                fields=["paper", "kind", "value", "proposed_by"], condition=Q(review_status="proposed"),
                name="paper_identifier_proposed_once_per_proposer",
                violation_error_message="You have already proposed this identifier for this paper.",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def parsed(self) -> identifiers.PaperIdentifier:
        return identifiers.PaperIdentifier(self.kind, self.value)

    @property
    def label(self) -> str:
        return self.parsed.label

    @property
    def url(self) -> str:
        return self.parsed.url


class ClaimQuerySet(CatalogueQuerySet):
    def with_counter_counts(self):
        """Annotate ``counter_entries``: published entries countering each claim."""
        return self.annotate(
            counter_entries=Count(
                "evidence__entry",
                filter=Q(evidence__entry__status="published"),
                distinct=True,
            )
        )

    def contested(self):
        """Claims with at least one published entry against them."""
        return self.filter(evidence__entry__status="published").distinct()


class Claim(CatalogueItem):
    """One reported number: a paper's result on a benchmark for a metric."""

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="claims")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="claims")
    metric = models.CharField(max_length=100, help_text="e.g. top-1 accuracy (%), F1")
    reported_value = models.FloatField(
        null=True, blank=True, validators=[validate_finite], help_text="Leave empty if the paper gives none."
    )
    higher_is_better = models.BooleanField(default=True)
    model_name = models.CharField("model or method", max_length=200, blank=True)
    setting = models.CharField(max_length=300, blank=True, help_text="split, conditions, e.g. 'dev set'")
    location = models.CharField("where in the paper", max_length=100, blank=True, help_text="e.g. Table 2")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["paper__title", "benchmark__name", "metric", "model_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "benchmark", "metric", "model_name", "setting"],
                condition=Q(review_status="accepted"),
                name="claim_unique_per_paper_benchmark_metric_model_setting",
                violation_error_message="This paper already has this claim (same benchmark, metric, "
                "model and setting).",
            ),
            models.CheckConstraint(
                condition=~Q(metric=""),
                name="claim_metric_not_blank",
                violation_error_message="A claim names its metric.",
            ),
        ]

    def __str__(self):
        value = "" if self.reported_value is None else f" = {self.reported_value:g}"
        model = f" [{self.model_name}]" if self.model_name else ""
        return f"{self.paper.title}{model}: {self.benchmark.name} {self.metric}{value}"

    def get_absolute_url(self):
        return reverse("registry:claim", kwargs={"pk": self.pk})


class ChangeKind(models.TextChoices):
    CREATED = "created", "Added to the catalogue"
    CHANGED = "changed", "Changed"
    IDENTIFIER = "identifier", "Identifier added"
    MERGED = "merged", "Merged"


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class CatalogueChange(models.Model):
    """A change to a paper, benchmark or claim: proposed by a draft or a researcher, or made and recorded.

    Accepted changes are the item's public history (who, when, what changed, why). Proposed ones are
    listed to moderators with the submission that brought them and applied when it is published.
    ``changes`` maps each field to ``{"from": old, "to": new}``.
    """

    kind = models.CharField(max_length=12, choices=ChangeKind.choices)
    status = models.CharField(max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED)
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, null=True, blank=True, related_name="changes")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="changes")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="changes")
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True, max_length=2000)
    location = models.CharField("where in the paper", max_length=100, blank=True)
    entry = models.ForeignKey("registry.Entry", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="catalogue_changes")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(paper__isnull=False, benchmark__isnull=True, claim__isnull=True)
                           | Q(paper__isnull=True, benchmark__isnull=False, claim__isnull=True)
                           | Q(paper__isnull=True, benchmark__isnull=True, claim__isnull=False)),
                name="catalogue_change_one_target",
                violation_error_message="A change is about exactly one paper, benchmark or claim.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target}"

    @property
    def target(self):
        return self.paper or self.benchmark or self.claim

    def describe(self) -> str:
        """The change in one line: 'reported value 76.1 → 75.3', 'DOI 10.1109/cvpr.2016.90 added'."""
        parts = []
        for field, change in (self.changes or {}).items():
            old, new = change.get("from"), change.get("to")
            name = field.replace("_", " ")
            if field == "identifier":
                parts.append(f"{new} added")
            elif old in (None, ""):
                parts.append(f"{name} set to {new}")
            else:
                parts.append(f"{name} {old} → {new}")
        return "; ".join(parts) or self.get_kind_display()
