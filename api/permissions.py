"""Who may call what. Object-level rules (owner, moderator, state) live in registry.workflow."""

from rest_framework import permissions

from registry.models import is_moderator


class ReadOrSignedIn(permissions.BasePermission):
    """Anyone reads; writing needs a signed-in user (a token, or a session for the browsable API)."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )

    @staticmethod
    def allows_anonymous(method: str) -> bool:
        return method in permissions.SAFE_METHODS


class CatalogueAccess(ReadOrSignedIn):
    """Papers, benchmarks and claims: anyone reads, signed-in users add, moderators change."""

    message = "Only moderators may change papers, benchmarks and claims."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in ("PUT", "PATCH", "DELETE"):
            return is_moderator(request.user)
        return True


class Anyone(permissions.BasePermission):
    """Open to every caller, whatever the method (read-only operations that take a POST body)."""

    def has_permission(self, request, view):
        return True

    @staticmethod
    def allows_anonymous(method: str) -> bool:
        return True
