"""The moderation queue: publish a submission, or return it with a reason. Moderators and staff only."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from registry import workflow
from registry.forms import ReasonForm
from registry.models import (
    Benchmark,
    CatalogueChange,
    Claim,
    Entry,
    Paper,
    PaperIdentifier,
    Status,
    is_moderator,
    parse_accession,
)
from registry.views.portal import refused, visible_entry
from registry.workflow import IllegalTransition, NotAllowed


def moderator_required(view):
    """Anonymous visitors are sent to sign in; signed-in non-moderators get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise PermissionDenied("Only moderators may use the moderation queue.")
        return view(request, *args, **kwargs)

    return wrapped


def _queue():
    return (
        Entry.objects.filter(status=Status.SUBMITTED).select_related("owner").with_evidence()
        .order_by("submitted_at", "pk")
    )


def _render_queue(request, return_forms=None, status=200):
    return_forms = return_forms or {}
    queue = list(_queue())
    for entry in queue:
        entry.return_form = return_forms.get(entry.pk) or ReasonForm(
            label="Reason for returning it (the submitter sees this)", prefix=f"return-{entry.pk}")
        # What the submission adds to or changes in the catalogue, accepted when it is published.
        entry.proposals = workflow.entry_proposals(entry)
    recent = Entry.objects.published().order_by("-published_at")[:20]
    return render(request, "registry/moderation_queue.html", {
        "queue": queue, "recent": recent, "standalone": workflow.standalone_proposals(),
    }, status=status)


_PROPOSAL_KINDS = {"paper": Paper, "benchmark": Benchmark, "claim": Claim, "identifier": PaperIdentifier,
                   "change": CatalogueChange}


@moderator_required
@require_POST
def catalogue_decide(request, kind: str, pk: int):
    """Accept, reject or merge one catalogue proposal (or merge any item into another of its kind)."""
    model = _PROPOSAL_KINDS.get(kind)
    item = model.objects.filter(pk=pk).first() if model else None
    if item is None:
        raise Http404("No such proposal.")
    action, reason = request.POST.get("action", ""), request.POST.get("reason", "")
    try:
        if action == "accept":
            workflow.catalogue_accept(item=item, by=request.user)
            messages.success(request, f"Accepted: {item}.")
        elif action == "reject":
            workflow.catalogue_proposal_reject(item=item, by=request.user, reason=reason)
            messages.success(request, f"Rejected: {item}.")
        elif action == "merge" and model in (Paper, Benchmark, Claim):
            into = (request.POST.get("into") or "").strip()
            target = (model.objects.filter(slug=into) if model is Benchmark
                      else model.objects.filter(pk=int(into)) if into.isdigit() else model.objects.none()).first()
            if target is None:
                messages.error(request, f"No {kind} {into!r} to merge into.")
                return redirect("registry:moderation")
            workflow.catalogue_merge(source=item, target=target, by=request.user, reason=reason)
            messages.success(request, f"Merged {kind} {item.pk} into {target}.")
        else:
            messages.error(request, "Choose accept, reject or merge.")
    except NotAllowed as exc:
        return refused(request, exc, 403, None)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("registry:moderation")


@moderator_required
def queue(request):
    wanted = request.GET.get("accession", "").strip()
    if wanted:
        if parse_accession(wanted) is None:
            messages.error(request, f"{wanted!r} is not an accession (they look like NR-000042).")
        else:
            entry = Entry.objects.public().by_accession(wanted).first()
            if entry is None:
                messages.error(request, f"No public entry {wanted}.")
            else:
                return redirect("registry:entry_withdraw", accession=entry.accession)
    return _render_queue(request)


@moderator_required
@require_POST
def publish(request, accession: str):
    entry = visible_entry(request, accession)
    try:
        workflow.entry_publish(entry=entry, by=request.user)
    except NotAllowed as exc:
        return refused(request, exc, 403, entry)
    except IllegalTransition as exc:
        # Also a catalogue clash found on publishing (an identifier now naming another paper): the page says which.
        return refused(request, exc, 409, entry)
    except ValidationError as exc:
        messages.error(request, f"{entry.accession} cannot be published: {' '.join(exc.messages)}")
        return redirect("registry:moderation")
    messages.success(request, f"Published {entry.accession} as version 1.")
    return redirect("registry:moderation")


@moderator_required
@require_POST
def return_to_submitter(request, accession: str):
    entry = visible_entry(request, accession)
    form = ReasonForm(request.POST, label="Reason for returning it (the submitter sees this)",
                      prefix=f"return-{entry.pk}")
    if form.is_valid():
        try:
            workflow.entry_reject(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except NotAllowed as exc:
            return refused(request, exc, 403, entry)
        except IllegalTransition as exc:
            return refused(request, exc, 409, entry)
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
        else:
            messages.success(request, f"Returned {entry.accession} to its submitter.")
            return redirect("registry:moderation")
    return _render_queue(request, {entry.pk: form})
