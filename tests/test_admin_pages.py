"""Every page of the Django admin answers a superuser: for each registered model its list (with search and
each filter), the change page of an existing object and, where adding is allowed, the add page."""

import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from registry import workflow
from registry.demo import load_demo
from registry.models import Benchmark, CatalogueChange, ChangeKind, ChangeStatus, Entry, Profile, Status
from tests.factories import (
    DEFAULT_PASSWORD,
    ModeratorFactory,
    UserFactory,
    claim_spec,
    evidence_rows,
    make_draft,
    make_published,
    make_submitted,
)

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _ids(item):
    return item[0]._meta.label


@pytest.fixture(scope="module")
def admin_world(django_db_setup, django_db_blocker):
    """The demo data and at least one object of every model the admin shows, once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(create_accounts=False)
        owner, other = UserFactory(username="admin-pages-owner"), UserFactory(username="admin-pages-other")
        moderator = ModeratorFactory(username="admin-pages-moderator")
        superuser = UserFactory(username="admin-pages-root", is_staff=True, is_superuser=True)
        published = make_published(owner, moderator, title="An entry the admin lists",
                                   evidence=evidence_rows(claim_spec()))
        make_submitted(owner, title="A submission waiting in the admin")
        make_draft(owner, title="A draft in the admin")
        workflow.entry_confirm(entry=published, by=other, note="Seen it too.")
        # A researcher's new paper, benchmark and claim (proposed items), and a correction (a proposed change).
        make_draft(other, title="A draft proposing a claim", evidence=evidence_rows(claim_spec(
            paper={"title": "A paper only the admin has seen", "doi": "10.5555/admin.pages"},
            benchmark={"name": "Admin Bench", "slug": "admin-bench", "task": "image classification"},
        )))
        make_draft(other, title="A draft correcting a claim", evidence=evidence_rows(claim_spec(
            reported_value=78.2, correction_reason="Table 2 gives 78.2, not 80.")))
        Profile.objects.get_or_create(user=owner, defaults={"display_name": "Owner", "affiliation": "Somewhere"})
        # Sign-ins through the real form leave axes' records: a failure (kept) and a success.
        client = Client()
        client.post(reverse("login"), {"username": owner.username, "password": "wrong password"})
        client.post(reverse("login"), {"username": other.username, "password": DEFAULT_PASSWORD})
        # The failure log is off in these settings (AXES_ENABLE_ACCESS_FAILURE_LOG), so its row is made here.
        AccessFailureLog.objects.create(username=owner.username, ip_address="192.0.2.1", user_agent="pytest",
                                        path_info="/accounts/login/", locked_out=False)
        yield superuser
        transaction.set_rollback(True)


@pytest.fixture
def root(admin_world, db, client):
    """A client signed in as the superuser, each test in a savepoint inside the module's transaction."""
    client.force_login(admin_world)
    return client


def _request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_model_of_the_registry_and_its_apps_is_registered():
    labels = {model._meta.label for model in admin.site._registry}

    assert {"auth.User", "auth.Group", "axes.AccessAttempt", "axes.AccessLog", "registry.Entry",
            "registry.Paper", "registry.Benchmark", "registry.Claim", "registry.CatalogueChange"} <= labels


@pytest.mark.parametrize("registered", REGISTERED, ids=_ids)
def test_the_list_its_search_and_every_filter_answer(root, admin_world, registered):
    model, model_admin = registered
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = root.get(url)

    assert response.status_code == 200, url
    changelist = response.context["cl"]
    assert changelist.result_count > 0, f"no {model._meta.label} to list"
    if model_admin.get_search_fields(_request_as(admin_world)):
        assert root.get(url, {"q": "x"}).status_code == 200
        assert root.get(url, {"q": "%_'\"\\"}).status_code == 200
    choices = [choice["query_string"] for spec in changelist.filter_specs for choice in spec.choices(changelist)]
    if model_admin.date_hierarchy:
        choices += [f"?{model_admin.date_hierarchy}__year={Entry.objects.first().created_at.year}"]
    for query in choices:
        assert root.get(url + query).status_code == 200, query


@pytest.mark.parametrize("registered", REGISTERED, ids=_ids)
def test_the_change_page_of_an_existing_object_answers(root, admin_world, registered):
    model, model_admin = registered
    objects = model_admin.get_queryset(_request_as(admin_world)).order_by("pk")
    assert objects.exists(), f"no {model._meta.label} to open"

    for obj in {objects.first(), objects.last()}:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        response = root.get(url)
        assert response.status_code == 200, url
        assert root.get(url.replace("/change/", "/history/")).status_code == 200


@pytest.mark.parametrize("registered", REGISTERED, ids=_ids)
def test_the_add_page_answers_where_adding_is_allowed(root, admin_world, registered):
    model, model_admin = registered
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")

    response = root.get(url)

    if model_admin.has_add_permission(_request_as(admin_world)):
        assert response.status_code == 200, url
    else:
        assert response.status_code == 403, url


def test_an_entry_in_every_state_opens_with_its_versions_and_events(root):
    for status in (Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED):
        entry = Entry.objects.filter(status=status).order_by("pk").first()
        response = root.get(reverse("admin:registry_entry_change", args=[entry.pk]))
        assert response.status_code == 200, status
        assert entry.accession.encode() in response.content


def test_the_catalogue_history_lists_open_and_decided_changes(root):
    url = reverse("admin:registry_cataloguechange_changelist")

    for status in (ChangeStatus.PROPOSED, ChangeStatus.ACCEPTED):
        assert CatalogueChange.objects.filter(status=status).exists(), status
        response = root.get(url, {"status__exact": status})
        assert response.status_code == 200
        assert response.context["cl"].result_count > 0, status


def test_a_benchmark_changed_in_the_admin_goes_through_the_workflow(root):
    benchmark = Benchmark.objects.get(slug="admin-bench")
    url = reverse("admin:registry_benchmark_change", args=[benchmark.pk])
    form = root.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}

    aliases = {"aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
               "aliases-MAX_NUM_FORMS": "1000"}  # the alias inline, left empty

    response = root.post(url, {**data, **aliases, "name": "Admin Bench, renamed", "homepage": "example.org/bench"})

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    benchmark.refresh_from_db()
    assert (benchmark.name, benchmark.slug, benchmark.homepage) == (
        "Admin Bench, renamed", "admin-bench", "https://example.org/bench")
    change = CatalogueChange.objects.filter(benchmark=benchmark, kind=ChangeKind.CHANGED).latest("pk")
    assert change.changes["name"]["to"] == "Admin Bench, renamed"
