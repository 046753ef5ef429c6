from django.urls import path, re_path

from claims import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("queue/", views.review_queue, name="review_queue"),
    path("claims/", views.ClaimListView.as_view(), name="claim_list"),
    re_path(r"^claims/export\.(?P<fmt>csv|json)$", views.claim_export, name="claim_export"),
    path("claims/bulk-review/", views.bulk_review, name="bulk_review"),
    path("claims/claimreview.json", views.claimreview_feed, name="claimreview_feed"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/claimreview.json", views.claimreview_json, name="claimreview_json"),
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    re_path(r"^sources/export\.(?P<fmt>csv|json)$", views.source_export, name="source_export"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
]
