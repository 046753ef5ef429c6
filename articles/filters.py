"""Filters of the articles table; their state lives in the URL's query string."""

import django_filters
from django import forms

from articles.models import Article
from claims.filters import outlet_choices


class ArticleFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title")
    outlet = django_filters.ChoiceFilter(choices=outlet_choices, empty_label="Any")
    extraction_state = django_filters.ChoiceFilter(
        choices=Article.ExtractionState.choices, empty_label="Any", label="Extraction"
    )
    published_after = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        label="Published from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_before = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        label="Published until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields = ["title", "outlet", "extraction_state"]
