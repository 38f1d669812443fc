"""The negative result itself and everything hanging off it."""

import re

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from registry import identifiers
from registry.markdown import MAX_MARKDOWN_LENGTH, validate_markdown
from registry.models.catalogue import validate_finite

ACCESSION_PREFIX = "NR-"
_ACCESSION_RE = re.compile(r"^NR-?(\d{1,12})$", re.IGNORECASE)


def format_accession(pk: int) -> str:
    """The stable public accession of an entry key: 42 -> 'NR-000042'."""
    return f"{ACCESSION_PREFIX}{pk:06d}"


def parse_accession(value: str) -> int | None:
    """The entry key an accession names, or None if it is not one."""
    match = _ACCESSION_RE.match((value or "").strip())
    return int(match.group(1)) if match else None


class ResultType(models.TextChoices):
    FAILED_REPLICATION = "failed_replication", "Failed replication"
    NULL_RESULT = "null_result", "Null result"
    ROBUSTNESS_FAILURE = "robustness_failure", "Robustness failure"
    DISTRIBUTION_SHIFT = "distribution_shift", "Distribution shift"
    CONTAMINATION = "contamination", "Test-set contamination"
    FAIRNESS_FAILURE = "fairness_failure", "Fairness failure"
    EVALUATION_FLAW = "evaluation_flaw", "Evaluation flaw"
    OTHER = "other", "Other"


RESULT_TYPE_HELP = {
    ResultType.FAILED_REPLICATION: "Following the paper's method, the reported number could not be reproduced.",
    ResultType.NULL_RESULT: "A claimed improvement or effect was not observed: no significant difference.",
    ResultType.ROBUSTNESS_FAILURE: "Performance collapses under small perturbations, adversarial input or "
    "stress tests.",
    ResultType.DISTRIBUTION_SHIFT: "Performance drops on fresh data drawn the same way, or on a shifted "
    "distribution.",
    ResultType.CONTAMINATION: "Test data leaked into training data, inflating the reported number.",
    ResultType.FAIRNESS_FAILURE: "The result does not hold, or harms, for some groups of people.",
    ResultType.EVALUATION_FLAW: "The evaluation protocol was flawed: weak baselines, untuned comparisons, "
    "leaky splits.",
    ResultType.OTHER: "Anything else that did not work as claimed.",
}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AuthorsContacted(models.TextChoices):
    NOT_CONTACTED = "not_contacted", "Not contacted"
    NO_REPLY = "contacted_no_reply", "Contacted, no reply"
    REPLIED = "contacted_replied", "Contacted and replied"


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def public(self):
        """Entries with a public page: published, or withdrawn (shown as a tombstone)."""
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])

    def visible_to(self, user):
        """What ``user`` may read: public entries, their own, and submissions if they moderate."""
        if user is None or not user.is_authenticated:
            return self.public()
        visible = Q(status__in=[Status.PUBLISHED, Status.WITHDRAWN]) | Q(owner=user)
        if is_moderator(user):
            visible |= Q(status=Status.SUBMITTED)
        return self.filter(visible)

    def with_evidence(self):
        """Prefetch authors and the claims countered (with paper and benchmark), in order: a fixed query count."""
        evidence = Evidence.objects.select_related("claim__paper", "claim__benchmark").order_by("position", "pk")
        return self.select_related("source_paper").prefetch_related(
            "authors", models.Prefetch("evidence", queryset=evidence))

    def by_accession(self, accession: str):
        pk = parse_accession(accession)
        return self.filter(pk=pk) if pk is not None else self.none()


def is_moderator(user) -> bool:
    """Moderators are staff and members of the 'moderators' group."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._is_moderator = cached
    return cached


MODERATORS_GROUP = "moderators"


class Entry(models.Model):
    """A registered negative result: what was tried, what happened, which claims it counters."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="entries")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    title = models.CharField(max_length=300)
    summary = models.TextField(max_length=3000, help_text="One paragraph: what was claimed, what you found.")
    body = models.TextField(
        blank=True, max_length=MAX_MARKDOWN_LENGTH, validators=[validate_markdown],
        help_text="Markdown: what was tried, what happened.",
    )
    body_html = models.TextField(blank=True, editable=False,
                                 help_text="The body rendered and sanitised once, when it was written.")
    result_type = models.CharField(max_length=30, choices=ResultType.choices)
    keywords = models.JSONField(default=list, blank=True)
    anonymous = models.BooleanField(
        default=False, help_text="Show the submitter publicly as 'anonymous' (moderators still see who filed it)."
    )

    # Setup
    models_tested = models.TextField(blank=True, help_text="Models or methods run, one per line.")
    datasets = models.TextField(blank=True, help_text="Datasets used, one per line.")
    runs = models.PositiveIntegerField("runs or seeds", null=True, blank=True)
    compute_gpu_hours = models.FloatField(
        "compute (GPU-hours)", null=True, blank=True, validators=[MinValueValidator(0), validate_finite]
    )
    hardware = models.CharField(max_length=200, blank=True)
    framework = models.CharField(max_length=200, blank=True)

    # Availability
    code_url = models.URLField("code URL", max_length=500, blank=True)
    data_url = models.URLField("data URL", max_length=500, blank=True)
    preregistration_url = models.URLField("preregistration URL", max_length=500, blank=True)
    license = models.CharField(max_length=100, blank=True, help_text="e.g. CC-BY-4.0, MIT")

    source_paper = models.ForeignKey(
        "registry.Paper", on_delete=models.PROTECT, null=True, blank=True, related_name="source_of",
        help_text="The paper that reports this negative result, if it is published as one.",
    )

    # Contact with the countered paper's authors
    authors_contacted = models.CharField(
        "original authors contacted", max_length=30, choices=AuthorsContacted.choices,
        default=AuthorsContacted.NOT_CONTACTED,
    )
    authors_reply = models.TextField("what the original authors said", blank=True)

    # Bookkeeping, set by the workflow only
    revision = models.PositiveIntegerField(default=1, editable=False, help_text="Bumped on every change.")
    version = models.PositiveIntegerField(default=0, editable=False, help_text="Latest published version.")
    returned_reason = models.TextField(blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False, help_text="Denormalised text for search.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    claims = models.ManyToManyField("registry.Claim", through="registry.Evidence", related_name="entries")

    objects = EntryQuerySet.as_manager()

    class Meta:
        # Unpublished entries last on every engine (PostgreSQL would put NULLs first when descending).
        ordering = [models.F("published_at").desc(nulls_last=True), "-created_at"]
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["status", "-published_at"], name="entry_status_published")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="entry_status_valid",
                violation_error_message="Unknown status.",
            ),
            models.CheckConstraint(
                condition=Q(result_type__in=ResultType.values),
                name="entry_result_type_valid",
                violation_error_message="Unknown result type.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
                | (Q(published_at__isnull=False) & Q(version__gte=1)),
                name="entry_published_has_version",
                violation_error_message="A published entry has a publication date and a version.",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.WITHDRAWN) | ~Q(withdrawn_reason=""),
                name="entry_withdrawn_has_reason",
                violation_error_message="A withdrawn entry says why.",
            ),
            models.CheckConstraint(
                condition=Q(compute_gpu_hours__isnull=True) | Q(compute_gpu_hours__gte=0),
                name="entry_compute_not_negative",
                violation_error_message="Compute cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.accession}: {self.title}" if self.pk else self.title

    def get_absolute_url(self):
        return reverse("registry:entry", kwargs={"accession": self.accession})

    @property
    def accession(self) -> str:
        return format_accession(self.pk) if self.pk else ""

    @property
    def result_type_help(self) -> str:
        return RESULT_TYPE_HELP.get(self.result_type, "")

    @property
    def is_public(self) -> bool:
        return self.status in (Status.PUBLISHED, Status.WITHDRAWN)

    @property
    def year(self):
        when = self.published_at or self.created_at
        return when.year if when else None

    def can_see_private(self, user) -> bool:
        """Whether ``user`` sees the private side: real names of an anonymous entry, who did what, returns."""
        return bool(user is not None and user.is_authenticated and (self.owner_id == user.pk or is_moderator(user)))

    def public_author_names(self) -> list[str]:
        """Author names as shown publicly: 'Anonymous' if the submitter chose so."""
        if self.anonymous:
            return ["Anonymous"]
        return [a.name for a in self.authors.all()]


class Author(models.Model):
    """One author of an entry, in order."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, validators=[identifiers.validate_orcid])
    affiliation = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["entry_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "position"],
                name="author_unique_position",
                violation_error_message="Two authors cannot share a position.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="author_name_not_blank",
                violation_error_message="An author has a name.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        _normalise_orcid(self)
        super().clean_fields(exclude=exclude)


def _normalise_orcid(obj) -> None:
    """Store an ORCID iD as the bare hyphenated id, whatever form was pasted (e.g. the orcid.org link).

    Called before the field checks, so the 19-character limit applies to the stored form, not the link.
    """
    if obj.orcid:
        try:
            obj.orcid = identifiers.normalize_orcid(obj.orcid)
        except identifiers.IdentifierError:
            pass  # the field validator reports it


class Relation(models.TextChoices):
    CONTRADICTS = "contradicts", "Contradicts"
    WEAKENS = "weakens", "Weakens"
    QUALIFIES = "qualifies", "Qualifies"


class SpreadKind(models.TextChoices):
    SD = "sd", "standard deviation"
    CI95 = "ci95", "95% CI half-width"
    SE = "se", "standard error"


class Evidence(models.Model):
    """The link from an entry to a claim it counters, with what the entry observed."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="evidence")
    claim = models.ForeignKey("registry.Claim", on_delete=models.PROTECT, related_name="evidence")
    position = models.PositiveSmallIntegerField(default=0)
    relation = models.CharField(max_length=20, choices=Relation.choices, default=Relation.CONTRADICTS)
    observed_value = models.FloatField(
        null=True, blank=True, validators=[validate_finite], help_text="Leave empty if not measured."
    )
    observed_spread = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0), validate_finite])
    spread_kind = models.CharField(max_length=10, choices=SpreadKind.choices, blank=True)
    runs = models.PositiveIntegerField("runs or seeds", null=True, blank=True)
    conditions = models.CharField(max_length=500, blank=True, help_text="How the observation was made.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["entry_id", "position", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "claim"],
                name="evidence_unique_claim_per_entry",
                violation_error_message="This entry already counters that claim.",
            ),
            models.CheckConstraint(
                condition=Q(observed_spread__isnull=True) | ~Q(spread_kind=""),
                name="evidence_spread_says_which",
                violation_error_message="Say whether the spread is a standard deviation, standard error "
                "or a confidence-interval half-width.",
            ),
            models.CheckConstraint(
                condition=Q(observed_spread__isnull=True) | Q(observed_spread__gte=0),
                name="evidence_spread_not_negative",
                violation_error_message="A spread cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values),
                name="evidence_relation_valid",
                violation_error_message="Unknown relation.",
            ),
        ]

    def __str__(self):
        return f"{self.entry_id} {self.relation} claim {self.claim_id}"

    @property
    def delta(self):
        """Observed minus reported, when both are known."""
        if self.observed_value is None or self.claim.reported_value is None:
            return None
        return self.observed_value - self.claim.reported_value


class Version(models.Model):
    """An immutable snapshot of a published entry; citations name a version."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    body_html = models.TextField(blank=True, editable=False,
                                 help_text="The snapshot's body rendered and sanitised when the version was written.")
    change_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "number"],
                name="version_unique_number",
                violation_error_message="This version number already exists.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="version_number_positive",
                violation_error_message="Versions are numbered from 1.",
            ),
        ]

    def __str__(self):
        return f"{format_accession(self.entry_id)} v{self.number}"

    def save(self, *args, **kwargs):
        # A version is a citation target: once written it never changes.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Versions are immutable.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "registry:entry_version",
            kwargs={"accession": format_accession(self.entry_id), "number": self.number},
        )


class Confirmation(models.Model):
    """Another researcher saying 'I observed this failure too'."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="confirmations")
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "user"],
                name="confirmation_once_per_user",
                violation_error_message="You have already confirmed this entry.",
            ),
        ]

    def __str__(self):
        return f"{self.user} confirms {format_accession(self.entry_id)}"


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    SUBMITTED = "submitted", "Submitted for review"
    PUBLISHED = "published", "Published"
    RETURNED = "returned", "Returned to draft"
    REVISED = "revised", "Revised"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CONFIRMED = "confirmed", "Confirmed"


class Event(models.Model):
    """One step in an entry's timeline: who did what, when, and why."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry_id", "created_at", "pk"]

    def __str__(self):
        return f"{format_accession(self.entry_id)} {self.kind} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_public(self) -> bool:
        """Events a reader of the public page may see (not the draft-stage back-and-forth)."""
        return self.kind in (EventKind.PUBLISHED, EventKind.REVISED, EventKind.WITHDRAWN, EventKind.CONFIRMED)


class Profile(models.Model):
    """A researcher's public face: display name, affiliation, ORCID."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=200, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, validators=[identifiers.validate_orcid])
    email_confirmed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the user proved they read their e-mail address.",
    )

    def __str__(self):
        return self.display_name or self.user.get_username()

    def clean_fields(self, exclude=None):
        _normalise_orcid(self)
        super().clean_fields(exclude=exclude)
