"""The moderation queue: publish a submission, or return it with a reason. Moderators and staff only."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from registry import workflow
from registry.forms import ReasonForm
from registry.models import Entry, Status, is_moderator, parse_accession
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
    recent = Entry.objects.published().order_by("-published_at")[:20]
    return render(request, "registry/moderation_queue.html", {"queue": queue, "recent": recent}, status=status)


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
