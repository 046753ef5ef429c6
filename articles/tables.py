"""The articles table."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html

from articles.models import Article
from claims import selectors
from claims.tables import TABLE_TEMPLATE, PageFiguresMixin, _figure_order


class ArticleTable(PageFiguresMixin, tables.Table):
    title = tables.Column(linkify=True)
    outlet = tables.Column()
    published_on = tables.Column(verbose_name="Date", empty_values=())
    n_claims = tables.Column(verbose_name="Claims found", accessor="pk", empty_values=())
    extraction_state = tables.Column(verbose_name="Extraction")

    class Meta:
        model = Article
        fields = ()
        sequence = ("title", "outlet", "published_on", "n_claims", "extraction_state")
        template_name = TABLE_TEMPLATE
        attrs = {"class": "data articles-table"}
        per_page = 25
        empty_text = "No article matches."

    def attach(self, records):
        selectors.attach_article_figures(records)

    def render_n_claims(self, record):
        return record.n_claims

    order_n_claims = _figure_order("n_claims", selectors.articles_with_counts)

    def order_published_on(self, queryset, is_descending):
        order = "-seen" if is_descending else "seen"
        return queryset.alias(seen=selectors.seen_on()).order_by(order, "pk"), True

    def render_published_on(self, record):
        if record.published_on:
            return f"{record.published_on:%Y-%m-%d}"
        # No publication date found: the import date stands in, marked as such.
        return format_html(
            '{} <span class="meta">imported</span>', f"{record.imported_at:%Y-%m-%d}"
        )

    def render_extraction_state(self, record):
        return render_to_string("articles/_extraction_state.html", {"article": record})
