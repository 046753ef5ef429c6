from django.shortcuts import get_object_or_404, render

from articles.models import Article


def article_detail(request, pk):
    """One article: metadata, extraction state and its attributions."""
    article = get_object_or_404(Article, pk=pk)
    attributions = article.attributions.select_related("claim", "source", "via")
    return render(
        request, "articles/article_detail.html", {"article": article, "attributions": attributions}
    )
