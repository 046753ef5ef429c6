"""Render article text with attribution spans marked up, escaping every piece of text.

Pure functions over text and offsets (no queries): the article page and the claim page's
sentences both use them. Spans from several attributions may overlap (two claims pinned on one
source in one sentence), so the text is cut at every span boundary and each piece gets the
classes of every span covering it: flat, never-nested markup that is always well formed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Span roles, in the order their classes are written.
ROLES = ("source", "via", "cue", "content")
ROLE_LABELS = {"source": "Source", "via": "Cited by the source", "cue": "Cue", "content": "Claim"}


@dataclass(frozen=True)
class Span:
    """One marked stretch of text: a role of one attribution, between two offsets."""

    start: int
    end: int
    role: str  # one of ROLES
    ref: int  # the attribution's number on the page, for the margin marker and the list
    status: str = ""  # the claim's review status, shown on the content span
    title: str = ""  # hover text


@dataclass
class _Piece:
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)


def spans_of(attribution, ref: int, status_label: str = "") -> list[Span]:
    """The spans of one attribution (an object with *_start/*_end offsets)."""
    status = getattr(getattr(attribution, "claim", None), "status", "")
    spans = []
    for role in ROLES:
        start = getattr(attribution, f"{role}_start", None)
        end = getattr(attribution, f"{role}_end", None)
        if start is None or end is None or start >= end:
            continue
        if role == "content":
            title = f"Claim {ref}: {status_label}" if status_label else "Claim"
        else:
            title = ROLE_LABELS[role]
        spans.append(Span(start, end, role, ref, status if role == "content" else "", title))
    return spans


def _cut(text: str, start: int, end: int, spans: Iterable[Span]) -> list[_Piece]:
    """Cut text[start:end] at every span boundary inside it."""
    clipped = [s for s in spans if s.start < end and s.end > start]
    bounds = {start, end}
    for span in clipped:
        bounds.add(max(span.start, start))
        bounds.add(min(span.end, end))
    edges = sorted(bounds)
    pieces = []
    for left, right in zip(edges, edges[1:], strict=False):
        covering = [s for s in clipped if s.start <= left and s.end >= right]
        pieces.append(_Piece(left, right, covering))
    return pieces


def _render_piece(text: str, piece: _Piece, closing_refs: dict[int, Span]) -> str:
    body = escape(text[piece.start : piece.end]).replace("\n", "<br>")
    if piece.spans:
        roles = sorted({s.role for s in piece.spans}, key=ROLES.index)
        classes = " ".join(f"hl-{role}" for role in roles)
        statuses = sorted({s.status for s in piece.spans if s.status})
        classes += "".join(f" status-{status}" for status in statuses)
        title = "; ".join(dict.fromkeys(s.title for s in piece.spans if s.title))
        safe_body = mark_safe(body)  # noqa: S308 - escaped above
        body = str(format_html('<span class="{}" title="{}">{}</span>', classes, title, safe_body))
    # A margin marker after the last piece of each claim's content.
    for span in piece.spans:
        if span.role == "content" and span.end == piece.end and span.ref in closing_refs:
            body += str(
                format_html(
                    '<a class="ref status-{}" href="#attribution-{}" title="{}">{}</a>',
                    span.status or "none",
                    span.ref,
                    span.title,
                    span.ref,
                )
            )
            del closing_refs[span.ref]
    return body


def highlight(
    text: str, spans: Sequence[Span], start: int = 0, end: int | None = None, markers: bool = True
) -> SafeString:
    """text[start:end] as safe HTML with the spans marked; offsets are into the whole text."""
    end = len(text) if end is None else end
    closing = {s.ref: s for s in spans if s.role == "content"} if markers else {}
    return mark_safe(  # noqa: S308 - every text piece is escaped in _render_piece
        "".join(_render_piece(text, piece, closing) for piece in _cut(text, start, end, spans))
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of a text: runs of lines separated by blank lines."""
    result = []
    position = 0
    for block in text.split("\n\n"):
        stripped = block.strip("\n")
        if stripped.strip():
            lead = len(block) - len(block.lstrip("\n"))
            result.append((position + lead, position + lead + len(stripped)))
        position += len(block) + 2
    return result


def highlight_paragraphs(text: str, spans: Sequence[Span]) -> SafeString:
    """The whole text as <p> paragraphs with the spans marked."""
    closing = {s.ref: s for s in spans if s.role == "content"}
    html = []
    for start, end in paragraphs(text):
        inner = "".join(
            _render_piece(text, piece, closing) for piece in _cut(text, start, end, spans)
        )
        html.append(f"<p>{inner}</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every text piece is escaped in _render_piece


def mark_snippet(snippet: str, start_sel: str, stop_sel: str) -> SafeString:
    """A search headline with its match markers turned into <mark>, everything else escaped."""
    escaped = escape(snippet)
    if escaped.count(start_sel) != escaped.count(stop_sel):
        # The stored text itself held a marker character: show it plain rather than unbalanced.
        return escape(snippet.replace(start_sel, "").replace(stop_sel, ""))
    # The markers are private-use characters that escape() leaves alone.
    return mark_safe(escaped.replace(start_sel, "<mark>").replace(stop_sel, "</mark>"))  # noqa: S308
