from django.urls import path

from claims import linking_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("claims/<int:pk>/merge/", linking_views.merge_claim, name="claim_merge"),
    path("claims/<int:pk>/unmerge/", linking_views.unmerge_claim, name="claim_unmerge"),
    path("attributions/<int:pk>/split/", linking_views.split_attribution, name="attribution_split"),
    path("sources/<int:pk>/merge/", linking_views.merge_source, name="source_merge"),
    path("sources/<int:pk>/rename/", linking_views.rename_source, name="source_rename"),
]
