"""The submission portal: the entry form (new, edit draft, revise published) and "my entries".

Views gather input and show results: every change goes through registry.workflow, and its
refusals come back as messages on the form (ValidationError), a 403 (NotAllowed), a 409
(IllegalTransition) or the form again with the user's text and a warning (StaleRevision).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from registry import workflow
from registry.accounts_policy import filing_requires_confirmed_email
from registry.forms import EntryEditor
from registry.markdown import markdown_problems, render_markdown
from registry.models import Entry, Evidence, Status
from registry.workflow import IllegalTransition, NotAllowed, StaleRevision


def visible_entry(request, accession: str) -> Entry:
    """The entry the user may see under this accession (404 otherwise: nobody learns a draft exists)."""
    entry = Entry.objects.visible_to(request.user).by_accession(accession).select_related("owner").first()
    if entry is None:
        raise Http404("No entry with that accession is visible to you.")
    return entry


def refused(request, exc: Exception, status: int, entry: Entry | None = None):
    """A page saying why an action was refused, with the matching HTTP status."""
    return render(request, "registry/refused.html", {"reason": str(exc), "entry": entry}, status=status)


def contested_evidence(claim_ids, exclude_entry: Entry | None = None):
    """Evidence of published entries against these claims: what a new entry might duplicate."""
    rows = (
        Evidence.objects.filter(claim_id__in=list(claim_ids), entry__status=Status.PUBLISHED)
        .select_related("entry", "claim__paper", "claim__benchmark").order_by("claim_id", "-entry__published_at")
    )
    if exclude_entry is not None and exclude_entry.pk:
        rows = rows.exclude(entry=exclude_entry)
    return list(rows)


# --------------------------------------------------------------------------- the entry form


@filing_requires_confirmed_email
def entry_new(request):
    return _entry_form(request, None)


@login_required
def entry_edit(request, accession: str):
    entry = visible_entry(request, accession)
    if entry.owner_id != request.user.pk:
        return refused(request, NotAllowed("Only the entry's owner may edit it."), 403, entry)
    if entry.status not in (Status.DRAFT, Status.PUBLISHED):
        reason = ("It is with the moderators; you can edit it again if they return it."
                  if entry.status == Status.SUBMITTED else "It was withdrawn.")
        return refused(request, IllegalTransition(f"{entry.accession} cannot be edited now. {reason}"), 409, entry)
    return _entry_form(request, entry)


def _entry_form(request, entry: Entry | None):
    revising = entry is not None and entry.status == Status.PUBLISHED
    options = {"entry": entry, "user": request.user, "revising": revising}
    if request.method != "POST":
        return _render_form(request, EntryEditor(**options))
    action = request.POST.get("action", "save")
    if action in ("add-evidence", "add-author"):
        which = "evidence" if action == "add-evidence" else "authors"
        return _render_form(request, EntryEditor.with_extra_row(request.POST, which, **options), focus=which)
    editor = EntryEditor(request.POST, **options)
    if action in ("find", "preview"):
        # Nothing is saved: show the claims found, or the body as it will look.
        return _render_form(request, editor, preview=action == "preview", focus="evidence" if action == "find" else "")
    if not editor.is_valid():
        return _render_form(request, editor, notice="Nothing was saved: please correct the marked fields.")
    fields, authors, evidence = editor.workflow_input()
    form = editor.form
    wants_submit = action == "submit" and not revising
    needs_duplicate_check = False
    try:
        with transaction.atomic():
            if entry is None:
                saved = workflow.entry_create(by=request.user, fields=fields, authors=authors, evidence=evidence)
            else:
                saved = workflow.entry_edit(
                    entry=entry, by=request.user, expected_revision=form.cleaned_data["revision"],
                    change_note=form.cleaned_data.get("change_note") or "", fields=fields, authors=authors,
                    evidence=evidence,
                )
            if wants_submit:
                claim_ids = saved.evidence.values_list("claim_id", flat=True)
                needs_duplicate_check = bool(contested_evidence(claim_ids, saved)) and not form.cleaned_data.get(
                    "not_duplicate")
                if not needs_duplicate_check:
                    workflow.entry_submit(entry=saved, by=request.user, expected_revision=saved.revision)
    except StaleRevision as exc:
        return _render_form(request, editor, stale=str(exc), status=409)
    except ValidationError as exc:
        editor.add_workflow_errors(exc)
        return _render_form(request, editor, notice="Nothing was saved: please correct the marked fields.")
    except NotAllowed as exc:
        return refused(request, exc, 403, entry)
    except IllegalTransition as exc:
        return refused(request, exc, 409, entry)
    if needs_duplicate_check:
        messages.warning(request, "Saved as a draft, not yet submitted: some claims it counters already have "
                                  "published entries. Check them, then submit.")
        return redirect("registry:entry_submit", accession=saved.accession)
    if revising:
        messages.success(request, f"Published version {saved.version} of {saved.accession}.")
    elif wants_submit:
        messages.success(request, f"{saved.accession} was submitted for review. A moderator will publish it "
                                  "or return it to you with a reason.")
    else:
        messages.success(request, f"Draft {saved.accession} saved. Only you can see it until you submit it.")
        return redirect("registry:entry_edit", accession=saved.accession)
    return redirect(saved.get_absolute_url())


def _render_form(request, editor: EntryEditor, *, preview=False, notice="", stale="", focus="", status=200):
    entry = editor.entry
    context = {
        "editor": editor, "form": editor.form, "evidence_formset": editor.evidence,
        "authors_formset": editor.authors, "entry": entry, "revising": editor.form.revising,
        "preview": preview,
        "duplicates": contested_evidence(editor.chosen_claim_ids(), entry),
        "notice": notice, "stale": stale, "focus": focus,
        "action_url": reverse("registry:entry_edit", args=[entry.accession]) if entry else reverse(
            "registry:entry_new"),
    }
    return render(request, "registry/entry_form.html", context, status=status)


@login_required
@require_POST
def entry_preview(request):
    """The Markdown body rendered and sanitised, for the form's script (the button works without it).

    The same budget as saving: text over it is answered with the reason, never rendered.
    """
    body = request.POST.get("body", "")
    problems = markdown_problems(body)
    if problems:
        return HttpResponse(f'<p class="error">{escape(" ".join(problems))}</p>', content_type="text/html")
    try:
        return HttpResponse(render_markdown(body), content_type="text/html")
    except ValidationError as exc:
        return HttpResponse(f'<p class="error">{escape(" ".join(exc.messages))}</p>', content_type="text/html")


# --------------------------------------------------------------------------- my entries


@login_required
def my_entries(request):
    entries = list(
        Entry.objects.filter(owner=request.user).with_evidence()
        .annotate(confirmation_count=Count("confirmations", distinct=True))
        .order_by("-updated_at")
    )
    groups = [
        ("returned", "Returned to you", [e for e in entries if e.status == Status.DRAFT and e.returned_reason]),
        ("drafts", "Drafts", [e for e in entries if e.status == Status.DRAFT and not e.returned_reason]),
        ("submitted", "Submitted, awaiting review", [e for e in entries if e.status == Status.SUBMITTED]),
        ("published", "Published", [e for e in entries if e.status == Status.PUBLISHED]),
        ("withdrawn", "Withdrawn", [e for e in entries if e.status == Status.WITHDRAWN]),
    ]
    return render(request, "registry/my_entries.html", {"groups": groups, "total": len(entries)})
