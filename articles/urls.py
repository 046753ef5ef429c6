from django.urls import path

from articles import views

urlpatterns = [
    path("<int:pk>/", views.article_detail, name="article_detail"),
]
