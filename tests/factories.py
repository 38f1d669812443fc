"""Test data: factory_boy factories for people and the catalogue, workflow helpers for entries.

Entries are never built by setting ``status``: ``make_draft``, ``make_submitted`` and
``make_published`` walk them through the real workflow, so every test starts from a state the
registry itself could have reached (with its events, versions and search text).
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from registry import identifiers, workflow
from registry.models import (
    MODERATORS_GROUP,
    Benchmark,
    Claim,
    Modality,
    Paper,
    PaperIdentifier,
    Profile,
    ResultType,
)
from registry.models.catalogue import PREFERRED_COLUMNS
from registry.workflow.catalogue import sync_preferred_identifiers

DEFAULT_PASSWORD = "pw-123456-secret"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up researcher whose password is ``DEFAULT_PASSWORD`` unless given."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"researcher{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Ada"
    last_name = factory.Sequence(lambda n: f"Researcher {n}")
    password = DEFAULT_PASSWORD

    @classmethod
    def _create(cls, model_class, *args, password=DEFAULT_PASSWORD, **kwargs):
        # Through set_password, so the stored value is a real hash a login form accepts.
        user = model_class(*args, **kwargs)
        user.set_password(password)
        user.save()
        # The fixed cast have confirmed their addresses; tests of the unconfirmed path clear it.
        Profile.objects.create(user=user, email_confirmed_at=timezone.now())
        return user


class ModeratorFactory(UserFactory):
    """A researcher in the moderators group (not staff: the group alone makes a moderator)."""

    username = factory.Sequence(lambda n: f"moderator{n}")

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def moderators_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
            self.groups.add(group)


class BenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benchmark

    name = factory.Sequence(lambda n: f"Benchmark {n}")
    slug = factory.Sequence(lambda n: f"benchmark-{n}")
    task = "image classification"
    modality = Modality.IMAGE
    homepage = "https://example.org/benchmark"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"A strong result, part {n}")
    authors = "Doe, Roe"
    year = 2020
    venue = "NeurIPS 2020"
    # Valid new-style ids: month 01, five-digit number unique per factory call.
    arxiv_id = factory.Sequence(lambda n: f"2001.{n:05d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Identifiers live in PaperIdentifier rows; the columns only mirror the preferred one of each kind.
        given = {kind: kwargs.pop(column, None) for kind, column in PREFERRED_COLUMNS.items()}
        paper = model_class.objects.create(*args, **kwargs)
        for kind, value in given.items():
            if value:
                ident = identifiers.parse_paper_identifier(value if kind != "openreview" else f"openreview:{value}")
                PaperIdentifier.objects.create(paper=paper, kind=ident.kind, value=ident.value,
                                               review_status=paper.review_status)
        sync_preferred_identifiers(paper)
        return paper


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    paper = factory.SubFactory(PaperFactory)
    benchmark = factory.SubFactory(BenchmarkFactory)
    metric = "top-1 accuracy (%)"
    reported_value = 80.0
    higher_is_better = True
    model_name = factory.Sequence(lambda n: f"Model-{n}")
    setting = "validation set"
    location = "Table 2"


# --------------------------------------------------------------------------- entries, via the workflow


def entry_fields(**overrides) -> dict:
    """A valid ``fields`` dict for ``entry_create``."""
    fields = {
        "title": "The reported gain does not replicate",
        "summary": "The paper reports 80% top-1; five seeds of the released code give 74%.",
        "body": "We ran the **released code** with the published hyper-parameters.",
        "result_type": ResultType.FAILED_REPLICATION,
        "keywords": ["replication", "image classification"],
        "models_tested": "ResNet-50",
        "datasets": "ImageNet-1k",
        "runs": 5,
        "compute_gpu_hours": 120.0,
    }
    fields.update(overrides)
    return fields


def author_rows(count: int = 1) -> list[dict]:
    return [{"name": f"Ada Author {i + 1}", "affiliation": "Example University"} for i in range(count)]


def claim_spec(**overrides) -> dict:
    """An inline claim description that ``claim_resolve`` finds or creates."""
    spec = {
        "paper": {"title": "Deep nets that win", "doi": "10.1234/winning.2020", "year": 2020, "venue": "CVPR 2020"},
        "benchmark": {"name": "ImageNet-1k", "slug": "imagenet-1k", "task": "image classification"},
        "metric": "top-1 accuracy (%)",
        "reported_value": 80.0,
        "model_name": "WinNet",
        "setting": "validation set",
    }
    spec.update(overrides)
    return spec


def evidence_rows(claim=None) -> list[dict]:
    """One evidence row countering ``claim`` (a Claim, a claim id or a spec); a new Claim if omitted."""
    if claim is None:
        claim = ClaimFactory()
    return [{"claim": claim, "relation": "contradicts", "observed_value": 74.1, "observed_spread": 0.3,
             "spread_kind": "sd", "runs": 5, "conditions": "released code, 5 seeds"}]


def make_draft(owner, *, authors=None, evidence=None, **overrides):
    """A draft owned by ``owner`` with one author and one claim; keyword arguments override fields."""
    return workflow.entry_create(
        by=owner,
        fields=entry_fields(**overrides),
        authors=author_rows() if authors is None else authors,
        evidence=evidence_rows() if evidence is None else evidence,
    )


def make_submitted(owner, **overrides):
    """A draft by ``owner``, submitted for review."""
    return workflow.entry_submit(entry=make_draft(owner, **overrides), by=owner)


def make_published(owner, moderator, **overrides):
    """An entry by ``owner``, published by ``moderator`` (version 1)."""
    return workflow.entry_publish(entry=make_submitted(owner, **overrides), by=moderator)


def make_withdrawn(owner, moderator, *, reason="The analysis had a bug.", **overrides):
    """An entry by ``owner``, published by ``moderator``, then withdrawn by its owner."""
    return workflow.entry_withdraw(entry=make_published(owner, moderator, **overrides), by=owner, reason=reason)
