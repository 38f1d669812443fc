"""The answer for any path under /api/v1/ that names no operation."""

from django.http import JsonResponse


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "No such API resource.", "code": "not_found"}, status=404)
