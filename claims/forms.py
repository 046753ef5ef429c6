"""Forms of the review pages. They validate input; the services in claims/services.py write."""

from urllib.parse import urlparse

from django import forms

from claims import selectors
from claims.models import Claim, ReviewStatus
from claims.services import Evidence

MAX_BULK = 500


class EvidenceField(forms.CharField):
    """Any number of links, one a line: the URL, then optionally a title after a space."""

    widget = forms.Textarea(
        attrs={"rows": 3, "placeholder": "https://example.org/report Title of the source"}
    )

    def clean(self, value) -> list[Evidence]:
        text = super().clean(value) or ""
        links = []
        for line in text.splitlines():
            if not line.strip():
                continue
            url, _, title = line.strip().partition(" ")
            parsed = urlparse(url)
            # Only http(s): a javascript: link would run in every reader's browser.
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise forms.ValidationError(f"Not an http(s) link: {url}")
            links.append(Evidence(url=url, title=title.strip()))
        return links


class ReviewForm(forms.Form):
    status = forms.ChoiceField(choices=ReviewStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when disputing: say what is wrong and how you know.",
    )
    evidence = EvidenceField(
        required=False, label="Evidence links", help_text="One link a line; a title may follow it."
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        data = super().clean()
        if data.get("status") == ReviewStatus.DISPUTED and not (data.get("note") or "").strip():
            self.add_error("note", "A note is required when disputing a claim.")
        return data


class BulkReviewForm(ReviewForm):
    claims = forms.ModelMultipleChoiceField(queryset=Claim.objects.all())
    expected_version = None  # each claim is reviewed at the version it has when locked

    def clean_claims(self):
        chosen = self.cleaned_data["claims"]
        if len(chosen) > MAX_BULK:
            raise forms.ValidationError(f"Select at most {MAX_BULK} claims at once.")
        return chosen


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Nobody", label="Assign to"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.reviewers()
