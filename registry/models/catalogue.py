"""What negative results are about: benchmarks, papers and the claims papers make."""

import math

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


class Benchmark(models.Model):
    """A dataset plus protocol that results are reported on, e.g. ImageNet-1k."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    task = models.CharField(max_length=200, help_text="e.g. image classification, reading comprehension")
    modality = models.CharField(max_length=20, choices=Modality.choices, default=Modality.OTHER)
    homepage = models.URLField(blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:benchmark", kwargs={"slug": self.slug})


class PaperQuerySet(models.QuerySet):
    def by_identifier(self, ident: identifiers.PaperIdentifier):
        """Papers matching a parsed identifier (DOI, arXiv id or OpenReview id)."""
        field = {"doi": "doi", "arxiv": "arxiv_id", "openreview": "openreview_id"}[ident.kind]
        return self.filter(**{field: ident.value})


class Paper(models.Model):
    """A publication that makes claims; unique by normalised DOI and by arXiv id."""

    title = models.CharField(max_length=500)
    authors = models.CharField(max_length=1000, blank=True, help_text="As cited, e.g. 'He, Zhang, Ren, Sun'")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True, help_text="e.g. CVPR 2016, NeurIPS 2018")
    doi = models.CharField(
        "DOI", max_length=200, null=True, blank=True, unique=True, validators=[identifiers.validate_doi]
    )
    arxiv_id = models.CharField(
        "arXiv id", max_length=50, null=True, blank=True, unique=True,
        validators=[identifiers.validate_arxiv_id],
    )
    openreview_id = models.CharField(
        "OpenReview id", max_length=50, null=True, blank=True, unique=True,
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

    def get_absolute_url(self):
        return reverse("registry:paper", kwargs={"pk": self.pk})

    def clean_fields(self, exclude=None):
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


class ClaimQuerySet(models.QuerySet):
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


class Claim(models.Model):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["paper__title", "benchmark__name", "metric", "model_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "benchmark", "metric", "model_name", "setting"],
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
