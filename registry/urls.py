from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("entries/<str:accession>/", views.entry_detail, name="entry"),
    path("entries/<str:accession>/v/<int:number>/", views.entry_version, name="entry_version"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("papers/<int:pk>/", views.paper_detail, name="paper"),
    path("benchmarks/<slug:slug>/", views.benchmark_detail, name="benchmark"),
]
