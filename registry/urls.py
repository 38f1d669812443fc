from django.urls import path

from registry.views import pages

app_name = "registry"

urlpatterns = [
    path("", pages.home, name="home"),
    path("entries/<str:accession>/", pages.entry_detail, name="entry"),
    path("entries/<str:accession>/v/<int:number>/", pages.entry_version, name="entry_version"),
    path("claims/<int:pk>/", pages.claim_detail, name="claim"),
    path("papers/<int:pk>/", pages.paper_detail, name="paper"),
    path("benchmarks/<slug:slug>/", pages.benchmark_detail, name="benchmark"),
]
