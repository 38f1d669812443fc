"""Small template helpers for the portal's entry actions."""

from django import template

register = template.Library()


@register.filter
def confirmed_by(entry, user) -> bool:
    """Whether ``user`` has confirmed ``entry`` (reads the prefetched confirmations: no extra query)."""
    if user is None or not user.is_authenticated:
        return False
    return any(c.user_id == user.pk for c in entry.confirmations.all())
