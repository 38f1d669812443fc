"""Routes of /api/v1/."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from api.views.catalogue import BenchmarkViewSet, ClaimViewSet, PaperViewSet
from api.views.entries import EntryViewSet
from api.views.export import ExportView
from api.views.lookup import LookupView
from api.views.not_found import not_found

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.include_format_suffixes = False
router.register("entries", EntryViewSet, basename="entry")
router.register("claims", ClaimViewSet, basename="claim")
router.register("papers", PaperViewSet, basename="paper")
router.register("benchmarks", BenchmarkViewSet, basename="benchmark")

urlpatterns = [
    path("lookup/", LookupView.as_view(), name="lookup"),
    path("export/", ExportView.as_view(), name="export"),
    *router.urls,
    # Anything else under /api/v1/ is a JSON 404, not the portal's HTML page.
    re_path(r"^.*$", not_found, name="not-found"),
]
