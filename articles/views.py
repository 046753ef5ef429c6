from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from articles import services
from articles.filters import ArticleFilter
from articles.models import Article
from articles.tables import ArticleTable
from claims import exports, selectors
from claims.extraction import EXTRACTOR_VERSION


class ArticleListView(SingleTableMixin, FilterView):
    """Every imported article with its outlet, date, claims found and extraction state."""

    model = Article
    table_class = ArticleTable
    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return Article.objects.order_by("-imported_at", "-pk")


@require_GET
def article_export(request, fmt):
    """Every article matching the filters, streamed as CSV or JSON."""
    filterset = ArticleFilter(request.GET, queryset=Article.objects.order_by("-imported_at", "-pk"))
    return exports.filtered_export(
        request, fmt, filterset, exports.article_rows, exports.ARTICLE_FIELDS, "articles"
    )


@require_GET
def article_detail(request, pk):
    """One article: metadata, extraction state, its text with every attribution marked."""
    article = get_object_or_404(Article, pk=pk)
    text = selectors.article_text(article)
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "text": text, "extractor_version": EXTRACTOR_VERSION},
    )


@require_GET
def article_extraction(request, pk):
    """The extraction state fragment the article page polls; once finished, the text and claims
    come along out of band."""
    article = get_object_or_404(Article, pk=pk)
    context = {"article": article, "extractor_version": EXTRACTOR_VERSION}
    if article.extraction_state in (Article.ExtractionState.DONE, Article.ExtractionState.FAILED):
        context |= {"text": selectors.article_text(article), "oob": True}
    return render(request, "articles/_extraction_poll.html", context)


@require_POST
@permission_required("articles.add_article", raise_exception=True)
def article_reextract(request, pk):
    """Queue the article's extraction again (after a failure, or an extractor upgrade); its
    automatic attributions are replaced, reviews and hand-entered ones kept."""
    article = get_object_or_404(Article, pk=pk)
    if services.request_extraction(article=article):
        messages.success(request, "Extraction queued again; the page shows when it is done.")
    else:
        messages.info(request, "An extraction of this article is already waiting.")
    return redirect(article)
