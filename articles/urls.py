from django.urls import path, re_path

from articles import import_views, views

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    re_path(r"^export\.(?P<fmt>csv|json)$", views.article_export, name="article_export"),
    path("<int:pk>/", views.article_detail, name="article_detail"),
    path("<int:pk>/extraction/", views.article_extraction, name="article_extraction"),
    path("<int:pk>/reextract/", views.article_reextract, name="article_reextract"),
    path("import/", import_views.article_import, name="article_import"),
]
