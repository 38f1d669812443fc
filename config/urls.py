"""URL routes: the portal (registry) and, under /api/, the REST API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("admin/", admin.site.urls),
    # The REST API, its OpenAPI schema and the interactive docs (served from our own static files).
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script from a URL, so the docs work under a strict CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # API tokens on the account area (before django.contrib.auth.urls, which also lives under accounts/).
    path("accounts/tokens/", include("api.token_urls")),
    # Sign in and out, password change and reset: Django's own views and forms (templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("registry.urls")),
]
