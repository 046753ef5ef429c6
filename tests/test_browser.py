"""Key journeys in a real browser (Debian's Chromium through Playwright), plus screenshots.

Screenshots of the main pages at 1440 and 375 px land in the git-ignored screenshots/ folder.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from claims.models import Claim
from tests.factories import UserFactory
from tests.jobs import job_tables, run_worker  # noqa: F401 (a fixture)
from tests.pages_seed import load_gold_seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def chromium_present():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """Transactional tests empty every table after each test, the roles' groups included."""
    from django.apps import apps

    from claims.roles import sync_roles

    sync_roles(apps)


@pytest.fixture
def seeded(seeds):
    """The seed articles with their gold attributions (until extraction fills them for real)."""
    return load_gold_seeds(seeds)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".site-header")).to_contain_text(f"Log out {username}")


def watch_console(page):
    """Collect console errors: a CSP violation or a script error shows up there."""
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_reviewer_disputes_a_claim_and_sees_the_timeline(page, live_server, seeded):
    UserFactory(username="checker", role="reviewer")
    errors = watch_console(page)
    log_in(page, live_server, "checker")
    claim = Claim.objects.get(
        attributions__source__name="General SVR Telegram channel",
        attributions__via__isnull=False,
        statement__contains="motorcade",
    )

    page.click("nav.site-nav >> text=Claims")
    page.fill("#id_q", "motorcade")
    page.press("#id_q", "Enter")
    # The unfiltered table may list the claim too: click it only once the search has loaded,
    # or the search's navigation can overtake the click (seen on a loaded machine).
    expect(page).to_have_url(re.compile(r"[?&]q=motorcade"))
    page.click(f'a.statement[href="/claims/{claim.pk}/"]')
    expect(page).to_have_url(f"{live_server.url}/claims/{claim.pk}/")
    expect(page.locator(".sentence .hl-source", has_text="Telegram channel")).to_have_count(1)
    expect(page.locator(".sentence .hl-via")).to_contain_text("an insider")
    expect(page.locator(".chain").first).to_contain_text("← citing an insider")

    page.check("input[name=status][value=disputed]")
    page.fill("textarea[name=note]", "No independent confirmation; the insider is unnamed.")
    page.fill("textarea[name=evidence]", "https://factcheck.example/motorcade Our check")
    page.click("text=Save review")

    expect(page.locator(".message.success")).to_contain_text("Marked disputed")
    expect(page.locator(".claim-head .badge")).to_contain_text("Disputed")
    event = page.locator(".timeline .event").first
    expect(event).to_contain_text("checker")
    expect(event).to_contain_text("No independent confirmation")
    expect(event.locator("a", has_text="Our check")).to_have_attribute(
        "href", "https://factcheck.example/motorcade"
    )
    assert errors == []


def test_viewer_finds_no_review_form(page, live_server, seeded):
    UserFactory(username="reader", role="viewer")
    log_in(page, live_server, "reader")
    claim = seeded[0].claim
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    expect(page.locator("h1.statement")).to_be_visible()
    expect(page.locator("form[data-review-form]")).to_have_count(0)
    expect(page.locator("text=Assign to me")).to_have_count(0)
    page.goto(f"{live_server.url}/claims/")
    expect(page.locator("#bulk-review")).to_have_count(0)


# An invented story: three attributions, the mayor's a direct quote.
STORY = """Harbour town votes to close its old ferry pier

By Mara Quint, Staff Writer Coastline Courier

PORT ELLIS — The town council of Port Ellis voted on Tuesday to close the old ferry pier after \
an engineering survey found corroded steel beneath the deck.

“The pier is no longer safe for foot traffic, and we will not wait for an accident,” Mayor \
Helena Brack said at the meeting.

Harbour master Tomas Reyes said the ferry service would move to the north quay within two weeks.

A local fishing association claimed that the survey had exaggerated the damage to speed up a \
sale of the land.
"""


@pytest.mark.usefixtures("job_tables")
def test_reviewer_imports_an_article_waits_for_its_claims_and_disputes_one(page, live_server):
    UserFactory(username="checker", role="reviewer")
    UserFactory(username="reader", role="viewer")
    errors = watch_console(page)
    log_in(page, live_server, "checker")

    page.click("nav.site-nav >> text=Import")
    page.fill("#id_paste-text", STORY)
    page.click("button[name=action][value=paste]")
    expect(page.locator(".message.success")).to_contain_text("Imported")
    expect(page.locator("h1")).to_have_text("Harbour town votes to close its old ferry pier")
    expect(page.locator("#extraction[hx-trigger]")).to_have_count(1)  # polling
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "article_pending_1440.png", full_page=True)

    run_worker()  # the background worker, in a thread of its own, on the real database
    claims = page.locator("#article-body .attribution")
    expect(claims).to_have_count(3, timeout=20_000)  # swapped in by the poll, no reload
    expect(page.locator("#extraction")).to_contain_text("Done")
    expect(page.locator("#extraction[hx-trigger]")).to_have_count(0)  # polling stopped
    expect(claims.filter(has_text="Helena Brack")).to_contain_text("direct quote")
    page.screenshot(path=SCREENSHOTS / "article_extracted_1440.png", full_page=True)

    page.locator('#article-body .attribution a[href^="/claims/"]', has_text="exaggerated").click()
    expect(page.locator("h1.statement")).to_contain_text("exaggerated the damage")
    claim_url = page.url
    page.check("input[name=status][value=disputed]")
    page.fill("textarea[name=note]", "The survey report shows the corrosion in photographs.")
    page.fill("textarea[name=evidence]", "https://factcheck.example/pier-survey Survey report")
    page.click("text=Save review")
    expect(page.locator(".message.success")).to_contain_text("Marked disputed")
    event = page.locator(".timeline .event").first
    expect(event).to_contain_text("checker")
    expect(event).to_contain_text("corrosion in photographs")
    expect(event.locator("a", has_text="Survey report")).to_have_attribute(
        "href", "https://factcheck.example/pier-survey"
    )

    # Extracted again from the article's page: the disputed claim keeps its appearance.
    page.locator(".appearance a", has_text="Harbour town votes").first.click()
    page.click("button:has-text('Extract again')")
    expect(page.locator(".message.success")).to_contain_text("Extraction queued again")
    expect(page.locator("#extraction[hx-trigger]")).to_have_count(1)
    run_worker()
    expect(page.locator("#extraction")).to_contain_text("Done", timeout=20_000)
    expect(claims).to_have_count(3)
    expect(claims.filter(has_text="exaggerated")).to_contain_text("Disputed")
    assert errors == []

    page.click("button:has-text('Log out')")
    log_in(page, live_server, "reader")
    expect(page.locator("nav.site-nav a", has_text="Import")).to_have_count(0)
    page.goto(claim_url)
    expect(page.locator("h1.statement")).to_contain_text("exaggerated the damage")
    expect(page.locator(".timeline .event").first).to_contain_text("corrosion in photographs")
    expect(page.locator("form[data-review-form]")).to_have_count(0)
    expect(page.locator("text=Merge into")).to_have_count(0)
    page.goto(f"{live_server.url}/articles/")
    expect(page.locator("a", has_text="Import")).to_have_count(0)


def test_keyboard_review_from_the_queue(page, live_server, seeded):
    UserFactory(username="checker", role="reviewer")
    errors = watch_console(page)
    log_in(page, live_server, "checker")
    page.goto(f"{live_server.url}/queue/?queue=all")
    first = page.locator(".queue-item a.statement").nth(0).get_attribute("href")
    second = page.locator(".queue-item a.statement").nth(1).get_attribute("href")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("Enter")  # the focused link opens
    expect(page).to_have_url(f"{live_server.url}{first}")
    page.keyboard.press("v")  # verified; the note gets the focus
    expect(page.locator("input[name=status][value=verified]")).to_be_checked()
    page.keyboard.type("Matches the transcript.")
    page.keyboard.press("Control+Enter")
    expect(page).to_have_url(f"{live_server.url}{second}")
    expect(page.locator(".message.success")).to_contain_text("Marked verified")
    page.keyboard.press("n")  # skip to the one after
    expect(page).not_to_have_url(f"{live_server.url}{second}")
    assert Claim.objects.get(pk=int(first.split("/")[2])).status == "verified"
    assert errors == []


def test_bulk_review_from_the_claims_table(page, live_server, seeded):
    UserFactory(username="checker", role="reviewer")
    log_in(page, live_server, "checker")
    page.goto(f"{live_server.url}/claims/?source_kind=government")
    boxes = page.locator('td input[name="claims"]')
    expect(page.locator("#bulk-review button")).to_be_disabled()
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(page.locator("[data-selected-count]")).to_have_text("2")
    page.select_option("#bulk-status", "disputed")
    page.fill("#bulk-note", "Contradicted by satellite images.")
    page.click("#bulk-review button")
    expect(page.locator(".message.success")).to_contain_text("Marked 2 claim(s) disputed")
    assert Claim.objects.filter(status="disputed").count() == 2


def test_filters_update_the_table_in_place_and_the_url(page, live_server, seeded):
    UserFactory(username="reader", role="viewer")
    log_in(page, live_server, "reader")
    page.goto(f"{live_server.url}/claims/")
    page.select_option("#id_source_kind", "government")
    expect(page).to_have_url(f"{live_server.url}/claims/?source_kind=government", timeout=5000)
    expect(page.locator("#claims-results .count")).not_to_contain_text("116")


@pytest.mark.parametrize("width", [1440, 375])
def test_screenshots_of_the_main_pages(page, live_server, seeded, width):
    UserFactory(username="reviewer", role="reviewer")
    errors = watch_console(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "reviewer")
    from claims.services import review_claim

    reviewer = get_user_model().objects.get(username="reviewer")
    disputed = seeded[3].claim
    review_claim(
        claim=disputed,
        status="disputed",
        reviewer=reviewer,
        note="No confirmation.",
        expected_version=disputed.version,
    )
    verified = seeded[1].claim
    verified.refresh_from_db()
    review_claim(
        claim=verified, status="verified", reviewer=reviewer, expected_version=verified.version
    )
    # A merge, so the claim page shows its linking card, a moved appearance and the framing table.
    from claims.services import merge_claims

    merged = next(a.claim for a in seeded[4:] if a.claim_id != disputed.pk)
    merge_claims(survivor=disputed, merged=merged, reviewer=reviewer, note="Same statement.")
    # What the background worker does every minute: the dashboard ranks sources from it.
    from claims import track_records

    track_records.refresh_now()
    article = seeded[0].article
    source = seeded[1].source
    pages = {
        "dashboard": "/",
        "claims": "/claims/",
        "claims_search": "/claims/?q=balanced",
        "claim": disputed.get_absolute_url(),
        "claim_merged": merged.get_absolute_url(),
        "article": article.get_absolute_url(),
        "sources": "/sources/",
        "source": source.get_absolute_url(),
        "articles": "/articles/",
        "queue": "/queue/?queue=all",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=SCREENSHOTS / f"{name}_{width}.png", full_page=True)
        # Nothing may overflow sideways on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (name, width, overflow)
    assert errors == []
