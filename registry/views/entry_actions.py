"""Actions on one entry: delete a draft, submit, withdraw, confirm. Each POST calls one workflow function."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from registry import workflow
from registry.forms import ConfirmForm, ReasonForm, SubmitForm
from registry.models import Status, is_moderator
from registry.views.portal import contested_evidence, refused, visible_entry
from registry.workflow import IllegalTransition, NotAllowed, StaleRevision


@login_required
def entry_delete(request, accession: str):
    """Ask, then delete a draft that was never submitted."""
    entry = visible_entry(request, accession)
    if entry.owner_id != request.user.pk:
        return refused(request, NotAllowed("Only the entry's owner may delete it."), 403, entry)
    if entry.status != Status.DRAFT or entry.submitted_at is not None:
        return refused(request, IllegalTransition(
            f"{entry.accession} has been submitted; nothing is deleted once submitted (it can be withdrawn "
            "once published)."), 409, entry)
    if request.method == "POST":
        try:
            workflow.entry_delete(entry=entry, by=request.user)
        except NotAllowed as exc:
            return refused(request, exc, 403, entry)
        except IllegalTransition as exc:
            return refused(request, exc, 409, entry)
        messages.success(request, f"Draft {accession} ({entry.title}) was deleted.")
        return redirect("registry:my_entries")
    return render(request, "registry/entry_delete.html", {"entry": entry})


@login_required
def entry_submit(request, accession: str):
    """Send a draft to the moderators; first show any published entries against the same claims."""
    entry = visible_entry(request, accession)
    if entry.owner_id != request.user.pk:
        return refused(request, NotAllowed("Only the entry's owner may submit it."), 403, entry)
    if entry.status != Status.DRAFT:
        return refused(request, IllegalTransition(f"{entry.accession} is not a draft; only drafts are submitted."),
                       409, entry)
    duplicates = contested_evidence(entry.evidence.values_list("claim_id", flat=True), entry)
    form = SubmitForm(request.POST or None, initial={"revision": entry.revision})
    if request.method == "POST" and form.is_valid():
        if duplicates and not form.cleaned_data["not_duplicate"]:
            form.add_error("not_duplicate", "Tick this once you have checked that your entry is not a duplicate.")
        else:
            try:
                workflow.entry_submit(entry=entry, by=request.user, expected_revision=form.cleaned_data["revision"])
            except StaleRevision as exc:
                messages.error(request, str(exc))
                return redirect("registry:entry_submit", accession=accession)
            except ValidationError as exc:
                for text in exc.messages:
                    form.add_error(None, text)
            except NotAllowed as exc:
                return refused(request, exc, 403, entry)
            except IllegalTransition as exc:
                return refused(request, exc, 409, entry)
            else:
                messages.success(request, f"{entry.accession} was submitted for review.")
                return redirect(entry.get_absolute_url())
    return render(request, "registry/entry_submit.html", {"entry": entry, "form": form, "duplicates": duplicates})


@login_required
def entry_withdraw(request, accession: str):
    """The owner or a moderator withdraws a published entry, saying why; its page becomes a tombstone."""
    entry = visible_entry(request, accession)
    if entry.owner_id != request.user.pk and not is_moderator(request.user):
        return refused(request, NotAllowed("Only the entry's owner or a moderator may withdraw it."), 403, entry)
    if entry.status != Status.PUBLISHED:
        return refused(request, IllegalTransition(f"{entry.accession} is not published; only published entries "
                                                  "are withdrawn."), 409, entry)
    form = ReasonForm(request.POST or None, label="Why is it withdrawn? (shown publicly)")
    if request.method == "POST" and form.is_valid():
        try:
            workflow.entry_withdraw(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason" if "reason" in getattr(exc, "message_dict", {}) else None, exc.messages)
        except NotAllowed as exc:
            return refused(request, exc, 403, entry)
        except IllegalTransition as exc:
            return refused(request, exc, 409, entry)
        else:
            messages.success(request, f"{entry.accession} was withdrawn. Its page keeps the reason.")
            return redirect(entry.get_absolute_url())
    return render(request, "registry/entry_withdraw.html", {"entry": entry, "form": form})


@login_required
@require_POST
def entry_confirm(request, accession: str):
    """'I observed this too': once per researcher, never by the owner."""
    entry = visible_entry(request, accession)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The note is too long (2000 characters at most).")
        return redirect(entry.get_absolute_url())
    try:
        workflow.entry_confirm(entry=entry, by=request.user, note=form.cleaned_data["note"])
    except NotAllowed as exc:
        return refused(request, exc, 403, entry)
    except IllegalTransition as exc:
        return refused(request, exc, 409, entry)
    messages.success(request, "Thank you: your confirmation is recorded.")
    return redirect(entry.get_absolute_url())
