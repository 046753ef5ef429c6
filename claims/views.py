from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from claims import exports, selectors, services
from claims.filters import ClaimFilter, SourceFilter
from claims.forms import AssignForm, BulkReviewForm, ReviewForm
from claims.framing import claim_framings, latest_stated_as_fact_while_doubtful
from claims.models import Claim, ReviewStatus, Source
from claims.tables import ClaimTable, SourceTable

REVIEW_PERMISSION = "claims.review_claim"
LINK_PERMISSION = "claims.link_claims"


@require_GET
def dashboard(request):
    """What a fact-checker opens every morning."""
    queue = selectors.review_queue()[:8]
    return render(
        request,
        "claims/dashboard.html",
        {
            "by_status": selectors.status_counts(),
            "queue": queue,
            "my_queue_size": (
                selectors.claims().filter(assigned_to=request.user, status="unverified").count()
            ),
            "recent_reviews": selectors.recent_reviews(),
            "doubtful_sources": selectors.sources_most_doubtful(),
            "doubtful_counted_at": selectors.track_records_counted_at(),
            "stated_as_fact": latest_stated_as_fact_while_doubtful(10),
            "recent_imports": selectors.recent_imports(),
            "failed_extractions": selectors.failed_extractions(),
        },
    )


class ClaimListView(SingleTableMixin, FilterView):
    """The claims table: filter, search, sort, select for a bulk review, export."""

    model = Claim
    table_class = ClaimTable
    filterset_class = ClaimFilter
    template_name = "claims/claim_list.html"

    def get_queryset(self):
        return selectors.claims()

    def get_table_kwargs(self):
        can_review = self.request.user.has_perm(REVIEW_PERMISSION)
        return {
            "search": self.request.GET.get("q", "").strip(),
            "exclude": () if can_review else ("claims",),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bulk_form"] = BulkReviewForm()
        context["search_mode"] = getattr(self.filterset, "search_mode", "")
        return context


@require_GET
def claim_export(request, fmt):
    """Every claim matching the filters (not just one page), streamed as CSV or JSON."""
    filterset = ClaimFilter(request.GET, queryset=selectors.claims(), request=request)
    return exports.filtered_export(
        request, fmt, filterset, exports.claim_rows, exports.CLAIM_FIELDS, "claims"
    )


def _claim_page(request, claim, *, review_form=None, stale=None, status=200):
    queue = request.GET.get("queue") or request.POST.get("queue") or ""
    # A merged claim's attributions live on its survivor: it is reviewed there, not here.
    can_review = request.user.has_perm(REVIEW_PERMISSION) and claim.merged_into_id is None
    merged = selectors.merged_claims(claim)
    claim_ids = [claim.pk, *(m.pk for m in merged)]
    reviews = list(selectors.review_history(claim, claim_ids))
    context = {
        "claim": claim,
        "reviews": reviews,
        "appearances": selectors.appearances(claim, claim_ids),
        "merge_origins": selectors.merge_origins(reviews, claim_ids[1:]),
        "framings": list(claim_framings(claim)),
        "merged_claims": merged,
        "merged_into": claim.merged_into,
        "can_review": can_review,
        "can_link": request.user.has_perm(LINK_PERMISSION),
        "queue": queue if queue in selectors.QUEUES else "",
        "stale": stale,
    }
    if can_review:
        context["review_form"] = review_form or ReviewForm(
            initial={"expected_version": claim.version, "status": claim.status}
        )
        context["assign_form"] = AssignForm(initial={"assignee": claim.assigned_to_id})
        if context["queue"]:
            context["next_claim"] = selectors.next_in_queue(
                claim, queue=context["queue"], user=request.user
            )
    return render(request, "claims/claim_detail.html", context, status=status)


@require_GET
def claim_detail(request, pk):
    """One claim: its status, review timeline, review form and every appearance."""
    claim = get_object_or_404(Claim.objects.select_related("assigned_to", "merged_into"), pk=pk)
    return _claim_page(request, claim)


@require_POST
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def claim_review(request, pk):
    """Record a verdict; a form read at an older version is refused with the newer review."""
    claim = get_object_or_404(Claim.objects.select_related("assigned_to", "merged_into"), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, review_form=form, status=400)
    data = form.cleaned_data
    try:
        services.review_claim(
            claim=claim,
            status=data["status"],
            reviewer=request.user,
            note=data["note"],
            evidence=data["evidence"],
            expected_version=data["expected_version"],
        )
    except services.StaleReview as refused:
        claim.refresh_from_db()
        # A fresh form at the new version: the reviewer decides again, seeing what changed.
        fresh = ReviewForm(
            initial={
                "expected_version": claim.version,
                "status": data["status"],
                "note": data["note"],
                "evidence": request.POST.get("evidence", ""),
            }
        )
        return _claim_page(request, claim, review_form=fresh, stale=refused.latest, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _claim_page(request, claim, review_form=form, status=400)
    messages.success(request, f"Marked {claim.get_status_display().lower()}.")
    queue = request.POST.get("queue", "")
    if queue in selectors.QUEUES:
        following = selectors.next_in_queue(claim, queue=queue, user=request.user)
        if following is not None:
            return redirect(f"{following.get_absolute_url()}?{urlencode({'queue': queue})}")
        messages.info(request, "The queue is empty.")
        return redirect(f"{reverse('review_queue')}?{urlencode({'queue': queue})}")
    return redirect(claim)


@require_POST
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def claim_assign(request, pk):
    """Put the claim in a reviewer's queue, or take it out."""
    claim = get_object_or_404(Claim, pk=pk)
    form = AssignForm(request.POST)
    if request.POST.get("assignee") == "me":
        form = AssignForm({"assignee": request.user.pk})
    if not form.is_valid():
        messages.error(request, "Choose a reviewer.")
        return redirect(claim)
    services.assign_claim(
        claim=claim, assignee=form.cleaned_data["assignee"], assigned_by=request.user
    )
    assignee = form.cleaned_data["assignee"]
    messages.success(request, f"Assigned to {assignee}." if assignee else "Unassigned.")
    return redirect(claim)


@require_POST
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def bulk_review(request):
    """One status and one note for the claims selected in the table; a review row each."""
    form = BulkReviewForm(request.POST)
    back = request.POST.get("next") or reverse("claim_list")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("claim_list")  # never redirect off the site
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    try:
        reviews = services.bulk_review(
            claims=list(data["claims"]),
            status=data["status"],
            reviewer=request.user,
            note=data["note"],
            evidence=data["evidence"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    label = ReviewStatus(data["status"]).label.lower()
    messages.success(request, f"Marked {len(reviews)} claim(s) {label}.")
    return redirect(back)


@require_GET
def review_queue(request):
    """Claims waiting for a verdict: all unreviewed ones, or those assigned to me."""
    queue = request.GET.get("queue", "mine")
    queue = queue if queue in selectors.QUEUES else "mine"
    claims = list(selectors.review_queue(queue=queue, user=request.user)[:100])
    selectors.attach_claim_figures(claims)
    return render(request, "claims/review_queue.html", {"claims": claims, "queue": queue})


@require_GET
def claimreview_json(request, pk):
    """schema.org ClaimReview JSON-LD of one reviewed claim."""
    claim = get_object_or_404(selectors.claims(), pk=pk)
    latest = selectors.latest_review(claim)
    if latest is None:
        raise Http404("This claim has not been reviewed.")
    document = next(exports.claim_reviews([claim], exports.base_url(request)), None)
    if document is None:  # reviewed only under a claim merged into it
        attributions = list(claim.attributions.select_related("article", "source"))
        document = exports.claim_review(claim, attributions, latest, exports.base_url(request))
    return JsonResponse(
        document, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def claimreview_feed(request):
    """ClaimReview JSON-LD of every reviewed claim, streamed."""
    return exports.claim_review_feed(exports.base_url(request))


class SourceListView(SingleTableMixin, FilterView):
    """Every source with its claims by status, outlets and last appearance."""

    model = Source
    table_class = SourceTable
    filterset_class = SourceFilter
    template_name = "claims/source_list.html"

    def get_queryset(self):
        # "id", not "pk": django-tables2 would read "pk" as the figure columns (accessor "pk")
        # and sort every page by counts over all attributions.
        return Source.objects.order_by("name", "id")


@require_GET
def source_export(request, fmt):
    """Every source matching the filters, streamed as CSV or JSON."""
    filterset = SourceFilter(request.GET, queryset=Source.objects.order_by("name", "pk"))
    return exports.filtered_export(
        request, fmt, filterset, exports.source_rows, exports.SOURCE_FIELDS, "sources"
    )


@require_GET
def source_detail(request, pk):
    """A source's track record: its claims by status, what it was cited for, where, when."""
    source = get_object_or_404(Source, pk=pk)
    profile = selectors.source_profile(source)
    selectors.attach_claim_figures(profile.claims_made + profile.claims_cited)
    context = {
        "profile": profile,
        "source": source,
        "can_link": request.user.has_perm(LINK_PERMISSION),
    }
    return render(request, "claims/source_detail.html", context)
