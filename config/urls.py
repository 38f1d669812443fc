"""URL routes: the portal (registry) and, under /api/, the REST API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
]
