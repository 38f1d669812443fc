from django.urls import path, re_path

from registry import feeds
from registry.throttling import throttle
from registry.views import accounts, diff, discovery, entry_actions, moderation, pages, portal

app_name = "registry"

urlpatterns = [
    path("", pages.home, name="home"),
    # Discovery (issue 4). Citations first: "entries/<accession>/" must not read "NR-000001.bib" as an accession.
    re_path(r"^entries/(?P<accession>[^/]+)\.(?P<fmt>bib|ris|json)$", discovery.entry_citation,
            name="entry_citation"),
    re_path(r"^entries/(?P<accession>[^/]+)/v/(?P<number>[0-9]{1,9})\.(?P<fmt>bib|ris|json)$",
            discovery.entry_citation, name="entry_version_citation"),
    # Full-text search and the reviewer lookup cost the most: limited per user or client (PORTAL_THROTTLE_RATES).
    path("search/", throttle("search")(discovery.search), name="search"),
    path("lookup/", throttle("lookup")(discovery.lookup), name="lookup"),
    path("lookup/report.md", throttle("lookup")(discovery.lookup_report), name="lookup_report"),
    path("benchmarks/", discovery.benchmark_list, name="benchmarks"),
    path("stats/", discovery.stats, name="stats"),
    path("feeds/entries/", feeds.EntriesFeed(), name="feed_entries"),
    path("feeds/benchmarks/<slug:slug>/", feeds.BenchmarkEntriesFeed(), name="feed_benchmark"),
    path("feeds/claims/<int:pk>/", feeds.ClaimEvidenceFeed(), name="feed_claim"),
    # The portal (issue 3): before "entries/<accession>/" so that "new" is not read as an accession.
    path("entries/new/", portal.entry_new, name="entry_new"),
    path("entries/preview/", portal.entry_preview, name="entry_preview"),
    path("entries/<str:accession>/edit/", portal.entry_edit, name="entry_edit"),
    path("entries/<str:accession>/delete/", entry_actions.entry_delete, name="entry_delete"),
    path("entries/<str:accession>/submit/", entry_actions.entry_submit, name="entry_submit"),
    path("entries/<str:accession>/withdraw/", entry_actions.entry_withdraw, name="entry_withdraw"),
    path("entries/<str:accession>/confirm/", entry_actions.entry_confirm, name="entry_confirm"),
    path("entries/<str:accession>/diff/", diff.entry_diff, name="entry_diff"),
    path("me/", portal.my_entries, name="my_entries"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/catalogue/<slug:kind>/<int:pk>/", moderation.catalogue_decide, name="moderation_catalogue"),
    path("moderation/<str:accession>/publish/", moderation.publish, name="moderation_publish"),
    path("moderation/<str:accession>/return/", moderation.return_to_submitter, name="moderation_return"),
    path("accounts/", accounts.account, name="account"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/done/", accounts.signup_done, name="signup_done"),
    path("accounts/confirm/", accounts.confirm_email_pending, name="confirm_email_pending"),
    path("accounts/confirm/resend/", accounts.resend_confirmation, name="resend_confirmation"),
    path("accounts/confirm/<str:token>/", accounts.confirm_email_link, name="confirm_email"),
    path("entries/<str:accession>/", pages.entry_detail, name="entry"),
    path("entries/<str:accession>/v/<int:number>/", pages.entry_version, name="entry_version"),
    path("claims/<int:pk>/", pages.claim_detail, name="claim"),
    path("papers/<int:pk>/", pages.paper_detail, name="paper"),
    path("benchmarks/<slug:slug>/", pages.benchmark_detail, name="benchmark"),
]
