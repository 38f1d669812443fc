"""What every API view shares: error bodies are JSON, whatever format the successful answer would have had."""

from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response


class JSONErrorsMixin:
    """An error from an operation that answers in BibTeX, RIS or JSON Lines is still a JSON error body."""

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if (
            isinstance(response, Response) and response.status_code >= 400 and renderer is not None
            and type(renderer) not in (JSONRenderer, BrowsableAPIRenderer)
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
