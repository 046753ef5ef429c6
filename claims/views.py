from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from claims.models import Claim, Source


def dashboard(request):
    """What a fact-checker opens every morning."""
    by_status = Claim.objects.values("status").annotate(n=Count("pk")).order_by("status")
    return render(request, "claims/dashboard.html", {"by_status": by_status})


def claim_detail(request, pk):
    """One claim: its status, review history and every appearance."""
    claim = get_object_or_404(Claim, pk=pk)
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "reviews": claim.reviews.select_related("reviewer"),
            "attributions": claim.attributions.select_related("article", "source", "via"),
        },
    )


def source_detail(request, pk):
    """One source and the claims pinned on it."""
    source = get_object_or_404(Source, pk=pk)
    return render(
        request,
        "claims/source_detail.html",
        {"source": source, "attributions": source.attributions.select_related("claim", "article")},
    )
