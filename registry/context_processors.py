"""Template context shared by every page."""

from django.conf import settings

from registry.models import is_moderator


def registry(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "user_is_moderator": is_moderator(getattr(request, "user", None)),
    }
