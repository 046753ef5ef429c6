"""The claims and sources tables. Every column sorts; per-row figures are fetched per page."""

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from claims import selectors
from claims.models import Claim, ReviewStatus, Source
from claims.templatetags.claims_extras import STATUS_ICONS

TABLE_TEMPLATE = "tables/table.html"


def _figure_order(figure, annotate):
    """An order_<column> method: annotate the figure over the whole queryset, then sort."""

    def order(self, queryset, is_descending):
        field = F(figure).desc(nulls_last=True) if is_descending else F(figure).asc(nulls_last=True)
        return annotate(queryset).order_by(field, "-pk" if is_descending else "pk"), True

    return order


def status_badge(status):
    return format_html(
        '<span class="badge status-{}"><span aria-hidden="true">{}</span> {}</span>',
        status,
        STATUS_ICONS.get(status, "·"),
        ReviewStatus(status).label,
    )


def _outlets(count: int):
    # Outlets the articles name: none named is unknown, not "0 outlets" beside "1 article".
    return count or format_html('<span title="{}">—</span>', "No article names its outlet")


def _day(value):
    return f"{value:%Y-%m-%d}" if value else "—"


class PageFiguresMixin:
    """Fetch a page as ids first, then its rows, then the per-row figures of this page only.

    Ids first (a "deferred join"): the OFFSET walks an index, not the table, so page 5,000
    costs about what page 1 costs.
    """

    page_select_related = ()

    def attach(self, records):
        raise NotImplementedError

    def paginate(self, *args, **kwargs):
        # Handle a bad page number here, as RequestConfig would, so the rows are still fetched
        # and their figures attached below.
        try:
            super().paginate(*args, **kwargs)
        except PageNotAnInteger:
            self.page = self.paginator.page(1)
        except EmptyPage:
            self.page = self.paginator.page(self.paginator.num_pages)
        rows = self.page.object_list
        if isinstance(rows.data, QuerySet):
            ids = list(rows.data.values_list("pk", flat=True))
            model = rows.data.model
            rows_qs = model._default_manager.all()
            if self.page_select_related:
                rows_qs = rows_qs.select_related(*self.page_select_related)
            found = rows_qs.in_bulk(ids)
            rows.data = [found[pk] for pk in ids if pk in found]
        self.attach(list(rows.data))
        return self


class ClaimTable(PageFiguresMixin, tables.Table):
    claims = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": "Select all claims on this page", "data-select-all": ""},
            "td__input": {"form": "bulk-review", "aria-label": "Select claim"},
        },
        orderable=False,
    )
    statement = tables.Column(verbose_name="Claim", attrs={"td": {"class": "claim-cell"}})
    status = tables.Column(verbose_name="Status")
    sources = tables.Column(verbose_name="Source", accessor="pk", empty_values=())
    n_articles = tables.Column(verbose_name="Articles", accessor="pk", empty_values=())
    n_outlets = tables.Column(verbose_name="Outlets", accessor="pk", empty_values=())
    first_seen = tables.Column(
        verbose_name="First seen", accessor="pk", empty_values=(), attrs={"td": {"class": "nowrap"}}
    )
    last_seen = tables.Column(
        verbose_name="Last seen", accessor="pk", empty_values=(), attrs={"td": {"class": "nowrap"}}
    )
    status_changed_at = tables.Column(
        verbose_name="Last review", empty_values=(), attrs={"td": {"class": "nowrap"}}
    )

    class Meta:
        model = Claim
        fields = ()
        sequence = (
            "claims",
            "statement",
            "status",
            "sources",
            "n_articles",
            "n_outlets",
            "first_seen",
            "last_seen",
            "status_changed_at",
        )
        template_name = TABLE_TEMPLATE
        attrs = {"class": "data claims-table"}
        per_page = 25
        empty_text = "No claim matches."

    def __init__(self, *args, search="", queue="", **kwargs):
        super().__init__(*args, **kwargs)
        self.search = search
        self.queue = queue

    page_select_related = ("status_changed_by",)

    def attach(self, records):
        selectors.attach_claim_figures(records, search=self.search)

    def render_statement(self, record):
        # format_html rather than a template per cell: this runs 25 times a page.
        text = record.snippet or Truncator(record.statement).chars(240)
        return format_html('<a class="statement" href="{}">{}</a>', record.get_absolute_url(), text)

    def render_status(self, record):
        return status_badge(record.status)

    def render_sources(self, record):
        if not record.sources:
            return mark_safe('<span class="muted">unattributed</span>')  # noqa: S308 - constant markup
        shown = format_html_join(
            ", ",
            '<a href="{}">{}</a> <span class="kind">{}</span>',
            (
                (reverse("source_detail", args=[s.pk]), s.name, s.kind_label)
                for s in record.sources[:3]
            ),
        )
        more = len(record.sources) - 3
        return format_html("{} +{}", shown, more) if more > 0 else shown

    def render_n_articles(self, record):
        return record.n_articles

    def render_n_outlets(self, record):
        return _outlets(record.n_outlets)

    def render_first_seen(self, record):
        return _day(record.first_seen)

    def render_last_seen(self, record):
        return _day(record.last_seen)

    def render_status_changed_at(self, record):
        if not record.status_changed_at:
            return mark_safe('<span class="muted">never</span>')  # noqa: S308 - constant markup
        return format_html(
            '<time datetime="{}">{}</time> <span class="muted">{}</span>',
            record.status_changed_at.isoformat(),
            f"{record.status_changed_at:%Y-%m-%d}",
            record.status_changed_by or "",
        )

    order_sources = _figure_order("first_source", selectors.with_claim_figures)
    order_n_articles = _figure_order("n_articles", selectors.with_claim_figures)
    order_n_outlets = _figure_order("n_outlets", selectors.with_claim_figures)
    order_first_seen = _figure_order("first_seen", selectors.with_claim_figures)
    order_last_seen = _figure_order("last_seen", selectors.with_claim_figures)

    def order_status_changed_at(self, queryset, is_descending):
        field = F("status_changed_at")
        field = field.desc(nulls_last=True) if is_descending else field.asc(nulls_last=True)
        return queryset.order_by(field, "-pk" if is_descending else "pk"), True


class SourceTable(PageFiguresMixin, tables.Table):
    name = tables.Column(linkify=True, verbose_name="Source")
    kind = tables.Column()
    n_claims = tables.Column(verbose_name="Claims", accessor="pk", empty_values=())
    n_unverified = tables.Column(verbose_name="Unverified", accessor="pk", empty_values=())
    n_disputed = tables.Column(verbose_name="Disputed", accessor="pk", empty_values=())
    n_verified = tables.Column(verbose_name="Verified", accessor="pk", empty_values=())
    n_outlets = tables.Column(verbose_name="Outlets", accessor="pk", empty_values=())
    last_seen = tables.Column(
        verbose_name="Last seen", accessor="pk", empty_values=(), attrs={"td": {"class": "nowrap"}}
    )

    class Meta:
        model = Source
        fields = ()
        sequence = (
            "name",
            "kind",
            "n_claims",
            "n_unverified",
            "n_disputed",
            "n_verified",
            "n_outlets",
            "last_seen",
        )
        template_name = TABLE_TEMPLATE
        attrs = {"class": "data sources-table"}
        per_page = 25
        empty_text = "No source matches."

    def attach(self, records):
        selectors.attach_source_figures(records)

    def render_n_claims(self, record):
        return record.n_claims

    def render_n_unverified(self, record):
        return record.n_unverified

    def render_n_disputed(self, record):
        return record.n_disputed

    def render_n_verified(self, record):
        return record.n_verified

    def render_n_outlets(self, record):
        return _outlets(record.n_outlets)

    def render_last_seen(self, record):
        return _day(record.last_seen)

    order_n_claims = _figure_order("n_claims", selectors.with_source_figures)
    order_n_unverified = _figure_order("n_unverified", selectors.with_source_figures)
    order_n_disputed = _figure_order("n_disputed", selectors.with_source_figures)
    order_n_verified = _figure_order("n_verified", selectors.with_source_figures)
    order_n_outlets = _figure_order("n_outlets", selectors.with_source_figures)
    order_last_seen = _figure_order("last_seen", selectors.with_source_figures)
