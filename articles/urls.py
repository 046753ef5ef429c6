from django.urls import path

from articles import import_views, views

urlpatterns = [
    path("<int:pk>/", views.article_detail, name="article_detail"),
    path("import/", import_views.article_import, name="article_import"),
]
