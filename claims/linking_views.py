"""Merge and split claims, merge and rename sources: the reviewer's linking corrections.

Thin views over the services in claims/services.py; every one needs `claims.link_claims`.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims import services
from claims.linking import similar_claims
from claims.models import Attribution, Claim, Source, SourceKind

link_required = permission_required("claims.link_claims", raise_exception=True)


class MergeClaimForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=Claim.objects.filter(merged_into__isnull=True),
        widget=forms.NumberInput,
        label="Merge into claim number",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MergeSourceForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=Source.objects.exclude(kind=SourceKind.ANONYMOUS),
        widget=forms.NumberInput,
        label="Merge into source number",
    )


class RenameSourceForm(forms.Form):
    name = forms.CharField(max_length=300)


def _fail(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))


@link_required
def merge_claim(request, pk):
    """Merge this claim into another; suggests the most similar live claims."""
    claim = get_object_or_404(Claim, pk=pk)
    form = MergeClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survivor = form.cleaned_data["survivor"]
        try:
            services.merge_claims(
                survivor=survivor,
                merged=claim,
                reviewer=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, f"Claim #{claim.pk} merged into this one.")
            return redirect(survivor)
    return render(
        request,
        "claims/linking/merge_claim.html",
        {"claim": claim, "form": form, "suggestions": similar_claims(claim)},
    )


@require_POST
@link_required
def unmerge_claim(request, pk):
    """Undo the merge of this claim into its survivor."""
    claim = get_object_or_404(Claim, pk=pk)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.unmerge(
            merged=claim, reviewer=request.user, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, f"Claim #{claim.pk} stands on its own again.")
    return redirect(claim)


@link_required
def split_attribution(request, pk):
    """Give one attribution a claim of its own."""
    attribution = get_object_or_404(Attribution.objects.select_related("claim", "article"), pk=pk)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_claim = services.split_attribution(
                attribution=attribution, reviewer=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _fail(request, error)
            return redirect(attribution.claim)
        messages.success(request, f"Split off from claim #{attribution.claim_id}.")
        return redirect(new_claim)
    return render(
        request, "claims/linking/split_attribution.html", {"attribution": attribution, "form": form}
    )


@link_required
def merge_source(request, pk):
    """Merge this source into another: aliases, attributions and citations move over."""
    source = get_object_or_404(Source, pk=pk)
    form = MergeSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survivor = form.cleaned_data["survivor"]
        try:
            services.merge_sources(survivor=survivor, merged=source, user=request.user)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, f"{source.name} merged into {survivor.name}.")
            return redirect(survivor)
    return render(request, "claims/linking/merge_source.html", {"source": source, "form": form})


@link_required
def rename_source(request, pk):
    """Give a source a new canonical name; the old one stays an alias."""
    source = get_object_or_404(Source, pk=pk)
    form = RenameSourceForm(request.POST or None, initial={"name": source.name})
    if request.method == "POST" and form.is_valid():
        services.rename_source(source=source, name=form.cleaned_data["name"], user=request.user)
        messages.success(request, "Source renamed.")
        return redirect(source)
    return render(request, "claims/linking/rename_source.html", {"source": source, "form": form})
