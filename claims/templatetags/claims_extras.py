"""Small template filters for the claim pages."""

from django import template

from claims.models import ReviewStatus

register = template.Library()

STATUS_ICONS = {
    ReviewStatus.VERIFIED: "✓",
    ReviewStatus.DISPUTED: "✗",
    ReviewStatus.UNVERIFIED: "?",
}


@register.filter
def thousands(value):
    """1234567 → 1,234,567 (no humanize app needed for one filter)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.filter
def status_icon(status):
    """A shape per status, so the badge does not rely on colour alone."""
    return STATUS_ICONS.get(status, "·")


@register.filter
def status_label(status):
    try:
        return ReviewStatus(status).label
    except ValueError:
        return status


@register.filter
def is_web_link(url):
    """True for http(s) links only: anything else is shown as text, never as a live link."""
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


@register.filter
def lookup(mapping, key):
    """`mapping[key]`, or None: for dicts keyed by a row's id."""
    return mapping.get(key) if mapping else None
