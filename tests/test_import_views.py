"""The import page: who may use it, each kind of input, and a clear answer for every refusal."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from tests.jobs import extraction_jobs

pytestmark = pytest.mark.django_db

URL = reverse("article_import")
STORY = (
    "Minister denies bridge report\n\n"
    "PORT ELLIS (Example News) – The transport minister said on Monday that the bridge was "
    "safe.\n\n"
    "“There is no crack,” she told reporters, adding that engineers had inspected it twice.\n"
)
PAGE = (
    "<html><head><title>Tunnel safe, engineer says</title>"
    '<meta property="og:site_name" content="Example News"></head><body>'
    "<nav>Home | World</nav><article><h1>Tunnel safe, engineer says</h1>"
    "<p>PORT ELLIS (Example News) – The chief engineer said on Tuesday that the tunnel was "
    "safe and that the cracks reported last week were only in the paint.</p>"
    "<p>“We inspected every metre of it twice,” she told reporters at the entrance.</p>"
    "<script>alert(1)</script></article></body></html>"
).encode()


class _Site(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        status, body = (200, PAGE) if self.path == "/tunnel" else (404, b"not found")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def paste(client, **fields):
    data = {"action": "paste", **{f"paste-{k}": v for k, v in fields.items()}}
    return client.post(URL, data)


def upload(client, *files, outlet=""):
    return client.post(
        URL, {"action": "upload", "upload-files": list(files), "upload-outlet": outlet}
    )


def text_of(response):
    """The page's text, tags and surplus whitespace removed, to read messages as a user would."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- who may import ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_viewers_may_not_import(client, viewer):
    client.force_login(viewer)
    assert client.get(URL).status_code == 403
    assert paste(client, text=STORY).status_code == 403
    assert not Article.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "admin_user"])
def test_reviewers_and_admins_see_the_three_ways_to_import(client, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    for button in ("Import text", "Import files", "Fetch and import"):
        assert button in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_the_page_has_no_inline_script_or_style(as_reviewer):
    html = as_reviewer.get(URL).text
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert "<style" not in html and " style=" not in html and " on" + "click=" not in html


# --- pasted text ---------------------------------------------------------------------------


def test_pasted_text_becomes_an_article_and_its_page_opens(as_reviewer, reviewer):
    response = paste(
        as_reviewer,
        text=STORY,
        title="Bridge is safe",
        outlet="Example News",
        url="https://example.org/bridge",
    )

    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert (article.title, article.outlet, article.url) == (
        "Bridge is safe",
        "Example News",
        "https://example.org/bridge",
    )
    assert article.imported_by == reviewer
    assert article.extraction_state == Article.ExtractionState.PENDING
    assert extraction_jobs(article.pk).count() == 1
    page = as_reviewer.get(response["Location"])
    assert "Extraction runs in the background" in page.text


def test_pasted_text_without_a_title_takes_its_first_line(as_reviewer):
    paste(as_reviewer, text=STORY)
    assert Article.objects.get().title == "Minister denies bridge report"


def test_pasting_an_article_again_opens_the_one_already_stored(as_reviewer):
    first = paste(as_reviewer, text=STORY)
    again = paste(as_reviewer, text=STORY.upper())

    assert again["Location"] == first["Location"]
    assert Article.objects.count() == 1
    assert "already imported" in as_reviewer.get(again["Location"]).text


def test_pasted_junk_is_refused_with_the_reason_and_the_text_kept(as_reviewer):
    junk = "Leave a Reply\n\nYour email address will not be published.\n"
    response = paste(as_reviewer, text=junk)

    assert response.status_code == 200
    assert "Refused: pasted text —" in text_of(response)
    assert "Your email address will not be published." in response.text  # still in the box
    assert not Article.objects.exists()
    assert not extraction_jobs().exists()


def test_an_empty_paste_is_a_form_error(as_reviewer):
    response = paste(as_reviewer, text="")
    assert response.status_code == 200
    assert "This field is required." in response.text


# --- files ---------------------------------------------------------------------------------


def test_many_files_import_at_once_and_each_refusal_names_the_file_and_the_reason(
    as_reviewer, settings
):
    settings.ARTICLES_MAX_BYTES = 2000
    files = [
        SimpleUploadedFile("bridge.txt", STORY.encode()),
        SimpleUploadedFile("tunnel.html", PAGE),
        SimpleUploadedFile("quay.txt", STORY.replace("bridge", "quay").encode("cp1252")),
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        SimpleUploadedFile("report.pdf", b"%PDF-1.7 ..."),
        SimpleUploadedFile("huge.txt", b"word " * 1000),
        SimpleUploadedFile("nul.txt", b"text\x00with\x00nul bytes"),
    ]

    response = upload(as_reviewer, *files)

    assert response.status_code == 200
    page = text_of(response)
    for name in ("bridge.txt", "tunnel.html", "quay.txt"):
        assert f"Imported: {name} →" in page
    for name, reason in [
        ("empty.txt", "empty"),
        ("photo.txt", "PNG"),
        ("report.pdf", "unknown extension .pdf"),
        ("huge.txt", "over"),
        ("nul.txt", "binary"),
    ]:
        assert re.search(rf"Refused: {re.escape(name)} — [^—]*{reason}", page), name
    assert "5 of 8 refused" in page
    # Only the three good files were stored, each with its job; the article pages are linked.
    assert Article.objects.count() == 3
    assert extraction_jobs().count() == 3
    for article in Article.objects.all():
        assert f'href="{article.get_absolute_url()}"' in response.text
    quay = Article.objects.get(title="Minister denies quay report")
    assert "“There is no crack,”" in quay.body  # cp1252 curly quotes read right


def test_one_uploaded_file_opens_its_article(as_reviewer):
    response = upload(as_reviewer, SimpleUploadedFile("bridge.txt", STORY.encode()), outlet="X")

    article = Article.objects.get()
    assert response["Location"] == article.get_absolute_url()
    assert article.outlet == "X"


def test_uploading_the_same_file_twice_reports_the_stored_article(as_reviewer):
    upload(as_reviewer, SimpleUploadedFile("a.txt", STORY.encode()))
    response = upload(
        as_reviewer,
        SimpleUploadedFile("a.txt", STORY.encode()),
        SimpleUploadedFile("b.txt", STORY.encode()),
    )
    assert "Already imported: a.txt →" in text_of(response)
    assert "Already imported: b.txt →" in text_of(response)
    assert Article.objects.count() == 1


def test_file_names_are_shown_as_text_not_markup(as_reviewer):
    response = upload(
        as_reviewer,
        SimpleUploadedFile("<img src=x onerror=alert(1)>.exe", b"x"),
        SimpleUploadedFile("ok.txt", STORY.encode()),
    )
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


def test_no_file_chosen_is_a_form_error(as_reviewer):
    response = as_reviewer.post(URL, {"action": "upload"})
    assert response.status_code == 200 and "This field is required." in response.text


# --- URLs ----------------------------------------------------------------------------------


@pytest.fixture
def local_fetching(settings):
    settings.ARTICLES_FETCH_ALLOW_PRIVATE = True
    settings.ARTICLES_FETCH_TIMEOUT = 2


@pytest.mark.usefixtures("local_fetching")
def test_a_url_is_fetched_and_opens_its_article(as_reviewer, site):
    response = as_reviewer.post(URL, {"action": "fetch", "fetch-url": f"{site}/tunnel"})

    article = Article.objects.get()
    assert response["Location"] == article.get_absolute_url()
    assert article.url == f"{site}/tunnel"
    assert article.title == "Tunnel safe, engineer says"
    assert "alert(1)" not in article.body


@pytest.mark.usefixtures("local_fetching")
def test_a_url_that_answers_404_is_refused_naming_it(as_reviewer, site):
    response = as_reviewer.post(URL, {"action": "fetch", "fetch-url": f"{site}/gone"})

    assert response.status_code == 200
    assert re.search(rf"Refused: {re.escape(site)}/gone — [^—]*404", text_of(response))
    assert not Article.objects.exists()


def test_private_addresses_are_not_fetched_in_production(as_reviewer, settings):
    settings.ARTICLES_FETCH_ALLOW_PRIVATE = False
    response = as_reviewer.post(URL, {"action": "fetch", "fetch-url": "http://127.0.0.1:9/"})
    assert "Refused: http://127.0.0.1:9/ —" in text_of(response)
    assert not Article.objects.exists()
