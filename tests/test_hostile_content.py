"""Hostile text renders as inert text everywhere: pages, highlights, tables, snippets, exports, admin."""

import json

import pytest

from articles.services import import_text
from claims.models import SourceKind
from claims.services import Evidence, SourceRef, add_attribution, review_claim

pytestmark = pytest.mark.django_db

PAYLOAD = (
    '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">go</a>'
)
ARTICLE = (
    f"Hostile headline {PAYLOAD}\n\n"
    f"The mayor said that {PAYLOAD} the bridge is safe.\n\n"
    + "A very long line " * 3000
    + "\n\nOfficials said the bridge would reopen on Monday."
)


def assert_inert(html: str):
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert 'href="javascript:' not in html


@pytest.fixture
def hostile(reviewer):
    article = import_text(text=ARTICLE, imported_by=reviewer).article
    start = article.body.index("The mayor said that")
    content_start = article.body.index(PAYLOAD, start)
    attribution = add_attribution(
        article=article,
        statement=f"{PAYLOAD} the bridge is safe",
        source=SourceRef(f"Mayor {PAYLOAD}", SourceKind.PERSON, start, start + len("The mayor")),
        cue="said",
        cue_span=(start + 10, start + 14),
        content_span=(content_start, content_start + len(PAYLOAD) + len(" the bridge is safe")),
        sentence_span=(start, content_start + len(PAYLOAD) + len(" the bridge is safe.")),
    )
    review_claim(
        claim=attribution.claim,
        status="disputed",
        reviewer=reviewer,
        note=f"Note {PAYLOAD}",
        evidence=[Evidence(url="https://example.org/x", title=f"Title {PAYLOAD}")],
        expected_version=0,
    )
    return attribution


def test_hostile_text_is_inert_on_every_page(client, admin_user, hostile):
    client.force_login(admin_user)
    claim, article, source = hostile.claim, hostile.article, hostile.source
    pages = [
        "/",
        f"/claims/{claim.pk}/",
        f"/articles/{article.pk}/",
        f"/sources/{source.pk}/",
        "/claims/",
        "/claims/?q=bridge",
        "/claims/?q=script",
        "/sources/",
        "/articles/",
        f"/admin/claims/claim/{claim.pk}/change/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/claims/review/?q=Note",
        "/admin/claims/source/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_inert(response.content.decode())
    # The text is shown, escaped, not dropped.
    for page in (f"/claims/{claim.pk}/", f"/articles/{article.pk}/", "/claims/?q=bridge"):
        assert "&lt;script&gt;alert" in client.get(page).content.decode(), page


def test_exports_neutralise_formulas_and_keep_text_inert(client, viewer, hostile):
    client.force_login(viewer)
    csv_text = b"".join(client.get("/claims/export.csv").streaming_content).decode()
    assert PAYLOAD.replace('"', '""') in csv_text  # plain text, quoted by CSV rules, not HTML
    claim_review = client.get(f"/claims/{hostile.claim.pk}/claimreview.json")
    data = json.loads(claim_review.content)
    assert data["claimReviewed"].startswith("<script>")  # JSON carries the text; browsers get JSON
    assert claim_review["Content-Type"].startswith("application/")


def test_csv_export_neutralises_formula_injection(client, viewer, reviewer):
    article = import_text(text="Formula test.\n\nThe mayor said the bridge is safe.").article
    add_attribution(article=article, statement='=HYPERLINK("http://evil")', source=None)
    client.force_login(viewer)
    csv_text = b"".join(client.get("/claims/export.csv").streaming_content).decode()
    assert "'=HYPERLINK" in csv_text
    assert "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text
