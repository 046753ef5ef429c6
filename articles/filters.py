"""Filters of the articles table; their state lives in the URL's query string."""

import django_filters
from django import forms

from articles.models import Article
from claims import selectors
from claims.filters import outlet_choices


class ArticleFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title")
    outlet = django_filters.ChoiceFilter(choices=outlet_choices, empty_label="Any")
    extraction_state = django_filters.ChoiceFilter(
        choices=Article.ExtractionState.choices, empty_label="Any", label="Extraction"
    )
    # The table's date: the publication date, else (unknown) the import date, as for claims.
    seen_after = django_filters.DateFilter(
        method="filter_date",
        label="Date from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    seen_before = django_filters.DateFilter(
        method="filter_date",
        label="Date until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields = ["title", "outlet", "extraction_state"]

    def filter_date(self, queryset, name, value):
        lookup = "gte" if name == "seen_after" else "lte"
        return queryset.filter(selectors.seen_condition(lookup, value))
