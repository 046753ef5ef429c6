"""Filters of the claims and sources tables; their state lives in the URL's query string."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q

from claims import selectors
from claims.models import Attribution, Claim, ReviewStatus, Source, SourceAlias, SourceKind

YES_NO = [("", "Any"), ("yes", "Yes"), ("no", "No")]


# The distinct outlets by a loose index scan: one index probe per outlet (a few dozen) instead
# of reading all the articles' outlets (every claims page builds this list, some twice).
OUTLETS_SQL = """
WITH RECURSIVE outlets AS (
    SELECT min(outlet) AS outlet FROM articles_article WHERE outlet > ''
    UNION ALL
    SELECT (SELECT min(a.outlet) FROM articles_article a WHERE a.outlet > outlets.outlet)
    FROM outlets WHERE outlets.outlet IS NOT NULL
)
SELECT outlet FROM outlets WHERE outlet IS NOT NULL
"""


def outlet_choices():
    with connection.cursor() as cursor:
        cursor.execute(OUTLETS_SQL)
        return [(outlet, outlet) for (outlet,) in cursor.fetchall()]


class ClaimFilter(django_filters.FilterSet):
    """Claim-level filters apply directly; appearance-level ones are gathered into one EXISTS.

    So "source X in outlet Y" means one article where X said it, not X anywhere and Y anywhere.
    """

    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in the claim"}),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ReviewStatus.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    source_name = django_filters.CharFilter(method="filter_appearance", label="Source")
    source = django_filters.NumberFilter(
        method="filter_appearance", label="Source id", widget=forms.HiddenInput
    )
    source_kind = django_filters.ChoiceFilter(
        method="filter_appearance",
        choices=SourceKind.choices,
        label="Source kind",
        empty_label="Any",
    )
    outlet = django_filters.ChoiceFilter(
        method="filter_appearance", choices=outlet_choices, label="Outlet", empty_label="Any"
    )
    article = django_filters.NumberFilter(
        method="filter_appearance", label="Article id", widget=forms.HiddenInput
    )
    hedged = django_filters.ChoiceFilter(
        method="filter_appearance", choices=YES_NO[1:], empty_label="Any", label="Hedged"
    )
    direct = django_filters.ChoiceFilter(
        method="filter_appearance",
        choices=YES_NO[1:],
        empty_label="Any",
        label="Direct quote",
    )
    seen_after = django_filters.DateFilter(
        method="filter_appearance",
        label="Seen from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    seen_before = django_filters.DateFilter(
        method="filter_appearance",
        label="Seen until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    assigned = django_filters.ChoiceFilter(
        method="filter_assigned",
        choices=[("me", "To me"), ("anyone", "To anyone"), ("nobody", "To nobody")],
        empty_label="Any",
        label="Assigned",
    )

    class Meta:
        model = Claim
        fields = ["q", "status"]

    search_mode = ""

    def filter_search(self, queryset, name, value):
        queryset, self.search_mode = selectors.search_claims(queryset, value.strip())
        return queryset

    def filter_assigned(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assigned_to=self.request.user)
        return queryset.filter(assigned_to__isnull=value == "nobody")

    def filter_appearance(self, queryset, name, value):
        self.appearance &= appearance_condition(name, value)
        return queryset

    def filter_queryset(self, queryset):
        self.appearance = Q()
        queryset = super().filter_queryset(queryset)
        if self.appearance:
            matching = Attribution.objects.filter(self.appearance, claim=OuterRef("pk"))
            queryset = queryset.filter(Exists(matching))
        return queryset


def appearance_condition(name: str, value) -> Q:
    """The condition one filter puts on an appearance (attribution) of the claim."""
    match name:
        case "source_name":
            value = value.strip()
            return Q(source__name__icontains=value) | Q(source__aliases__alias__icontains=value)
        case "source":
            return Q(source_id=value) | Q(via_id=value)
        case "source_kind":
            return Q(source__kind=value) if value != "unattributed" else Q(source__isnull=True)
        case "outlet":
            return Q(article__outlet=value)
        case "article":
            return Q(article_id=value)
        case "hedged":
            return ~Q(hedges=[]) if value == "yes" else Q(hedges=[])
        case "direct":
            return Q(direct=value == "yes")
        case "seen_after":
            return selectors.seen_condition("gte", value, prefix="article__")
        case "seen_before":
            return selectors.seen_condition("lte", value, prefix="article__")
    raise ValueError(f"no appearance filter {name!r}")


class SourceFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_name", label="Name or alias")
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices, empty_label="Any")

    class Meta:
        model = Source
        fields = ["name", "kind"]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value)
            | Exists(SourceAlias.objects.filter(source=OuterRef("pk"), alias__icontains=value))
        )
