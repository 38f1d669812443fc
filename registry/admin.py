"""Django admin for staff.

Papers, benchmarks and claims are edited here (the entries that mention them get
their search text rebuilt). Entries are read-only here: their content changes
through the owner's revisions and their state through registry.workflow, which the
admin actions call.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models

from registry import workflow
from registry.models import (
    Author,
    Benchmark,
    BenchmarkAlias,
    CatalogueChange,
    ChangeKind,
    ChangeStatus,
    Claim,
    Confirmation,
    Entry,
    Event,
    Evidence,
    Paper,
    PaperIdentifier,
    Profile,
    Version,
)


class CatalogueAdmin(admin.ModelAdmin):
    """Papers, benchmarks and claims change through the workflow here too, so each change is recorded."""

    list_filter = ["review_status"]
    readonly_fields = ["review_status", "proposed_by", "proposed_in", "merged_into", "accepted_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fixed_on_change: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, *(self.fixed_on_change if obj is not None else ())]

    def save_model(self, request, obj, form, change):
        if change:
            original = type(obj).objects.get(pk=obj.pk)
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            workflow.catalogue_update(obj=original, by=request.user, fields=fields, reason="Changed in the admin.")
            return
        super().save_model(request, obj, form, change)
        CatalogueChange.objects.create(
            kind=ChangeKind.CREATED, status=ChangeStatus.ACCEPTED, proposed_by=request.user,
            decided_by=request.user, decided_at=obj.created_at, **{type(obj).__name__.lower(): obj},
        )


class PaperIdentifierInline(admin.TabularInline):
    """A paper's identifiers, shown; they are added through the workflow (the API or a publication)."""

    model = PaperIdentifier
    fields = ["kind", "value", "review_status", "created_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BenchmarkAliasInline(admin.TabularInline):
    """Other names of a benchmark ('MultiNLI' for MNLI): search and the entry form read them."""

    model = BenchmarkAlias
    fields = ["name"]
    extra = 1


@admin.register(Benchmark)
class BenchmarkAdmin(CatalogueAdmin):
    inlines = [BenchmarkAliasInline]
    list_display = ["name", "slug", "task", "modality", "review_status"]
    list_filter = ["review_status", "modality"]
    fixed_on_change = ("slug",)
    search_fields = ["name", "slug", "task"]
    prepopulated_fields = {"slug": ["name"]}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        workflow.catalogue_changed(form.instance)  # entries on it are found by a new alias at once

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is read-only once the benchmark exists; prepopulating a field the form lacks is an error.
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)


@admin.register(Paper)
class PaperAdmin(CatalogueAdmin):
    list_display = ["title", "year", "venue", "doi", "arxiv_id", "openreview_id", "review_status"]
    list_filter = ["review_status", "year"]
    search_fields = ["title", "doi", "arxiv_id", "openreview_id", "authors", "identifiers__value"]
    inlines = [PaperIdentifierInline]


@admin.register(Claim)
class ClaimAdmin(CatalogueAdmin):
    list_display = ["paper", "benchmark", "metric", "model_name", "reported_value"]
    list_filter = ["benchmark"]
    list_select_related = ["paper", "benchmark"]
    search_fields = ["paper__title", "benchmark__name", "metric", "model_name"]
    autocomplete_fields = ["paper", "benchmark"]
    fixed_on_change = ("paper", "benchmark")


@admin.register(CatalogueChange)
class CatalogueChangeAdmin(admin.ModelAdmin):
    """The catalogue's history and open proposals; decided in the moderation view, so read-only here."""

    list_display = ["created_at", "kind", "status", "paper", "benchmark", "claim", "proposed_by"]
    list_filter = ["kind", "status"]
    list_select_related = ["paper", "benchmark", "claim__paper", "claim__benchmark", "proposed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows shown with their entry, never edited here; every field is read-only, the non-editable ones too
    (a model form cannot even be built with ``created_at`` in it)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuthorInline(ReadOnlyInline):
    model = Author
    fields = ["position", "name", "orcid", "affiliation"]


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["claim", "relation", "observed_value", "observed_spread", "spread_kind", "runs", "conditions"]


class VersionInline(ReadOnlyInline):
    model = Version
    fields = ["number", "created_at", "created_by", "change_note", "sha256"]


class EventInline(ReadOnlyInline):
    model = Event
    fields = ["created_at", "kind", "actor", "from_status", "to_status", "version", "reason"]


@admin.action(description="Publish selected submissions")
def publish_selected(modeladmin, request, queryset):
    done = 0
    for entry in queryset:
        try:
            workflow.entry_publish(entry=entry, by=request.user)
            done += 1
        except (workflow.WorkflowError, ValidationError) as exc:
            modeladmin.message_user(request, f"{entry.accession}: {exc}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"Published {done} entr{'y' if done == 1 else 'ies'}.", messages.SUCCESS)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["accession", "title", "status", "result_type", "owner", "version", "published_at"]
    list_filter = ["status", "result_type"]
    list_select_related = ["owner"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    actions = [publish_selected]
    inlines = [AuthorInline, EvidenceInline, VersionInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Entry._meta.fields] + ["accession"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Confirmation)
class ConfirmationAdmin(admin.ModelAdmin):
    list_display = ["entry", "user", "created_at"]
    list_select_related = ["entry", "user"]
    readonly_fields = ["entry", "user", "note", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "affiliation", "orcid"]
    search_fields = ["user__username", "display_name", "affiliation"]
