"""CSV and JSON exports of filtered tables, and schema.org ClaimReview JSON-LD."""

import csv
import io
import json
from datetime import date

import pytest

from claims.exports import neutralise
from claims.models import SourceKind
from claims.services import Evidence, review_claim
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

# schema.org properties each type may carry (from schema.org/ClaimReview, /Claim, /Rating,
# /Organization, /Person, /CreativeWork); "@…" keys are JSON-LD's own.
ALLOWED = {
    "ClaimReview": {
        "url",
        "claimReviewed",
        "itemReviewed",
        "author",
        "datePublished",
        "reviewRating",
        "reviewBody",
        "name",
    },
    "Claim": {"author", "appearance", "firstAppearance", "datePublished", "name"},
    "Rating": {"ratingValue", "bestRating", "worstRating", "alternateName", "ratingExplanation"},
    "Organization": {"name", "url", "sameAs"},
    "Person": {"name", "url", "sameAs"},
    "CreativeWork": {"url", "headline", "datePublished", "publisher", "author", "name"},
}
REQUIRED = {"ClaimReview": {"claimReviewed", "reviewRating", "url"}, "Rating": {"alternateName"}}


def check_shape(node):
    """Every object has a known @type, only that type's properties, and its required ones."""
    if isinstance(node, list):
        for item in node:
            check_shape(item)
        return
    if not isinstance(node, dict):
        return
    kind = node["@type"]
    assert kind in ALLOWED, kind
    keys = {k for k in node if not k.startswith("@")}
    assert keys <= ALLOWED[kind], (kind, keys - ALLOWED[kind])
    assert REQUIRED.get(kind, set()) <= keys, (kind, REQUIRED[kind] - keys)
    for value in node.values():
        check_shape(value)


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def streamed(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_csv_export_has_every_filtered_row_not_just_a_page(reviewer_client, reviewer):
    kept = [AttributionFactory(hedges=["reportedly"]).claim for _ in range(30)]
    AttributionFactory(hedges=[])
    text = streamed(reviewer_client.get("/claims/export.csv", {"hedged": "yes"}))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 30
    assert {int(r["id"]) for r in rows} == {c.pk for c in kept}
    assert rows[0]["articles"] == "1" and rows[0]["url"].startswith("http://testserver/claims/")


def test_csv_export_neutralises_formulas(reviewer_client):
    ClaimFactory(statement='=HYPERLINK("http://evil.example","click")')
    AttributionFactory(
        claim=ClaimFactory(statement="+1 and more"), source=SourceFactory(name="@bot")
    )
    text = streamed(reviewer_client.get("/claims/export.csv"))
    rows = list(csv.DictReader(io.StringIO(text)))
    statements = {r["statement"] for r in rows}
    assert '\'=HYPERLINK("http://evil.example","click")' in statements
    assert "'+1 and more" in statements
    assert all(not r["statement"].startswith(("=", "+", "-", "@")) for r in rows)
    assert any(r["sources"] == "'@bot (person)" for r in rows)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise_prefixes_formula_starts(value):
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_plain_values(tmp_path):
    assert neutralise("Putin said") == "Putin said" and neutralise(-3) == -3


def test_json_export_streams_a_valid_array(reviewer_client):
    claims = [AttributionFactory().claim for _ in range(3)]
    rows = json.loads(streamed(reviewer_client.get("/claims/export.json")))
    assert {r["id"] for r in rows} == {c.pk for c in claims}
    assert rows[0]["sources"].endswith("(person)")


def test_search_and_sort_apply_to_the_export(reviewer_client):
    ClaimFactory(statement="The bridge is closed")
    ClaimFactory(statement="Bread prices rose")
    rows = json.loads(streamed(reviewer_client.get("/claims/export.json", {"q": "bridge"})))
    assert [r["statement"] for r in rows] == ["The bridge is closed"]


def test_sources_and_articles_export(reviewer_client):
    AttributionFactory(
        source=SourceFactory(name="Kremlin", kind=SourceKind.GOVERNMENT),
        article__title="-dash title",
    )
    sources = list(
        csv.DictReader(io.StringIO(streamed(reviewer_client.get("/sources/export.csv"))))
    )
    assert sources[0]["name"] == "Kremlin" and sources[0]["unverified"] == "1"
    articles = list(
        csv.DictReader(io.StringIO(streamed(reviewer_client.get("/articles/export.csv"))))
    )
    assert articles[0]["title"] == "'-dash title" and articles[0]["claims"] == "1"
    rows = json.loads(streamed(reviewer_client.get("/articles/export.json")))
    assert rows[0]["title"] == "-dash title"  # JSON is data, not a spreadsheet


def test_exports_need_login(client):
    assert client.get("/claims/export.csv").status_code == 302


def reviewed_claim(reviewer, status="disputed", n=0):
    claim = ClaimFactory(statement="Putin escaped an assassination attempt")
    channel = SourceFactory(name="General SVR Telegram channel", kind=SourceKind.SOCIAL_MEDIA)
    AttributionFactory(
        claim=claim,
        source=channel,
        article=ArticleFactory(
            title="Later copy",
            url=f"https://b.example/{n}",
            published_on=date(2024, 5, 20),
            outlet="Beta",
        ),
    )
    AttributionFactory(
        claim=claim,
        source=channel,
        article=ArticleFactory(
            title="First report",
            url=f"https://a.example/{n}",
            published_on=date(2024, 5, 18),
            outlet="Alpha",
        ),
    )
    review_claim(
        claim=claim,
        status=status,
        reviewer=reviewer,
        note="No confirmation.",
        evidence=[Evidence("https://factcheck.example/x")],
        expected_version=0,
    )
    return claim


def test_claimreview_has_the_schema_org_shape(reviewer_client, reviewer, settings):
    settings.FACT_CHECKER_NAME = "Example Checks"
    settings.FACT_CHECKER_URL = "https://checks.example/"
    claim = reviewed_claim(reviewer)
    response = reviewer_client.get(f"/claims/{claim.pk}/claimreview.json")
    assert response["Content-Type"].startswith("application/ld+json")
    document = response.json()
    check_shape(document)
    assert document["@context"] == "https://schema.org" and document["@type"] == "ClaimReview"
    assert document["claimReviewed"] == claim.statement
    assert document["url"] == f"http://testserver/claims/{claim.pk}/"
    assert document["author"] == {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example/",
    }
    rating = document["reviewRating"]
    assert rating["alternateName"] == "Disputed"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["ratingValue"] == rating["worstRating"]
    item = document["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "General SVR Telegram channel"}
    assert [a["headline"] for a in item["appearance"]] == ["First report", "Later copy"]
    assert item["firstAppearance"]["url"] == "https://a.example/0"
    assert item["datePublished"] == "2024-05-18"
    assert document["datePublished"] == date.today().isoformat()


def test_verified_claim_rates_best(reviewer_client, reviewer):
    claim = reviewed_claim(reviewer, status="verified")
    rating = reviewer_client.get(f"/claims/{claim.pk}/claimreview.json").json()["reviewRating"]
    assert rating["ratingValue"] == rating["bestRating"] and rating["alternateName"] == "Verified"


def test_unreviewed_claim_has_no_claimreview(reviewer_client):
    claim = AttributionFactory().claim
    assert reviewer_client.get(f"/claims/{claim.pk}/claimreview.json").status_code == 404


def test_feed_lists_every_reviewed_claim_and_only_those(reviewer_client, reviewer):
    claims = [reviewed_claim(reviewer, n=n) for n in range(3)]
    AttributionFactory()  # not reviewed
    response = reviewer_client.get("/claims/claimreview.json")
    feed = json.loads(streamed(response))
    assert len(feed) == 3
    assert {d["url"] for d in feed} == {f"http://testserver/claims/{c.pk}/" for c in claims}
    for document in feed:
        check_shape(document)


def test_hostile_text_stays_data_in_json_ld(reviewer_client, reviewer):
    claim = ClaimFactory(statement="</script><script>alert(1)</script>")
    AttributionFactory(claim=claim)
    review_claim(claim=claim, status="verified", reviewer=reviewer, expected_version=0)
    response = reviewer_client.get(f"/claims/{claim.pk}/claimreview.json")
    assert response.json()["claimReviewed"] == claim.statement
    assert response["Content-Type"].startswith("application/ld+json")
