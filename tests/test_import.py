"""Import services: cleaning on the way in, de-duplication, near-duplicates, bad input."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.errors import (
    BinaryInput,
    EmptyInput,
    FetchRefused,
    FetchTimeout,
    HTTPStatusError,
    IngestError,
    RedirectError,
    TooLarge,
    UndecodableInput,
    UnsupportedInput,
)
from articles.models import Article
from articles.services import import_file, import_text, import_url

pytestmark = pytest.mark.django_db

SEED_000 = "000_edb84ec3c036e4e7.txt"
STORY = (
    "Minister denies bridge report\n\n"
    "By Jane Doe, Transport Reporter Example News\n\n"
    "PORT ELLIS (Example News) – The transport minister said on Monday that the bridge was safe.\n\n"
    "“There is no crack,” she told reporters, adding that engineers had inspected it twice.\n"
)


def test_seed_file_imports_clean_with_its_metadata(seeds):
    data = (seeds / SEED_000).read_bytes()
    result = import_file(name=SEED_000, data=data)
    article = Article.objects.get()
    assert result.created and result.article == article
    assert article.title == "China-Russia Leaders Meet Amid Battlefield Losses In Ukraine"
    assert (article.byline, article.outlet) == ("Stefan J. Bos", "Worthy News")
    assert article.dateline == "MOSCOW/BUDAPEST (Worthy News) –"
    assert article.body.startswith("MOSCOW/BUDAPEST (Worthy News) – A day after")
    assert "SHARE!!!" not in article.body and "Copyright" not in article.body
    assert article.raw == data.decode()
    assert article.extraction_state == Article.ExtractionState.PENDING


def test_every_seed_imports_once_and_reimport_reports_the_existing_article(seeds):
    files = sorted(seeds.glob("*.txt"))
    first = [import_file(name=f.name, data=f.read_bytes()) for f in files]
    again = [import_file(name=f.name, data=f.read_bytes()) for f in files]
    assert all(r.created for r in first)
    assert not any(r.created for r in again)
    assert [r.article.pk for r in again] == [r.article.pk for r in first]
    assert Article.objects.count() == len(files)


def test_same_text_with_other_whitespace_and_case_is_a_duplicate():
    first = import_text(text=STORY)
    again = import_text(text=STORY.replace(" ", "  ").replace("\n\n", "\n\n\n").upper())
    assert not again.created
    assert again.article == first.article
    assert Article.objects.count() == 1


def test_same_url_is_never_stored_twice():
    first = import_text(text=STORY, url="https://news.example/bridge")
    other_text = STORY.replace("twice", "three times")
    again = import_text(text=other_text, url="https://news.example/bridge#comments")
    assert not again.created and again.article == first.article
    assert Article.objects.count() == 1


def test_outlet_given_overrides_the_detected_one():
    article = import_text(text=STORY, outlet="Wire Service").article
    assert article.outlet == "Wire Service"
    assert article.byline == "Jane Doe"


def test_wire_copy_is_kept_and_marked_as_near_duplicate(seeds):
    original = import_file(name=SEED_000, data=(seeds / SEED_000).read_bytes()).article
    paragraphs = original.body.split("\n\n")
    copy = "\n\n".join(
        ["Putin meets Xi as losses mount", "BUDAPEST (Other Outlet) – Putin met Xi on Thursday."]
        + paragraphs[1:-2]
        + ["Other Outlet contributed to this report."]
    )
    result = import_text(text=copy, source="copy.txt")
    assert result.created
    assert result.near_duplicates == [original]
    assert list(original.near_duplicates.all()) == [result.article]  # marked both ways
    assert Article.objects.count() == 2


def test_different_stories_are_not_near_duplicates(seeds):
    results = [import_file(name=f.name, data=f.read_bytes()) for f in sorted(seeds.glob("*.txt"))]
    assert all(r.near_duplicates == [] for r in results)
    assert not Article.near_duplicates.through.objects.exists()


def test_html_file_imports_its_main_text_as_plain_text():
    html = (
        "<html><head><title>Bridge safe, minister says</title><script>alert(1)</script></head>"
        "<body><article><h1>Bridge safe, minister says</h1>"
        "<p>The transport minister said on Monday that the bridge was safe.</p>"
        '<p onclick="alert(2)">“There is no crack,” she told reporters after the inspection.</p>'
        "</article></body></html>"
    )
    article = import_file(name="bridge.HTML", data=html.encode()).article
    assert article.title == "Bridge safe, minister says"
    assert "<" not in article.body and "alert" not in article.body
    assert "“There is no crack,” she told reporters" in article.body
    assert article.raw == html


def test_cp1252_file_is_read_right():
    data = STORY.encode("cp1252")
    article = import_file(name="legacy.txt", data=data).article
    assert "“There is no crack,” she told reporters" in article.body


@pytest.mark.parametrize(
    ("name", "data", "error", "reason"),
    [
        ("empty.txt", b"", EmptyInput, "empty file"),
        ("blank.txt", b"  \n\n\t \n", EmptyInput, "only whitespace"),
        (
            "junk.txt",
            b"Leave a Reply\n\nMost Popular\n\nBack to top\n",
            EmptyInput,
            "no article text",
        ),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput, "PNG"),
        ("report.txt", b"%PDF-1.7\n1 0 obj", BinaryInput, "PDF"),
        ("nul.txt", b"The minister\x00\x00 said", BinaryInput, "NUL"),
        ("noise.txt", bytes(range(128, 256)) * 3, UndecodableInput, "undecodable"),
        ("story.docx", b"PK\x03\x04", UnsupportedInput, "unknown extension .docx"),
        ("story", STORY.encode(), UnsupportedInput, "unknown extension"),
        ("empty.html", b"<html><body><nav>Home</nav></body></html>", EmptyInput, "no article text"),
    ],
)
def test_bad_file_is_refused_by_name_and_leaves_no_row(name, data, error, reason):
    with pytest.raises(error, match=reason) as excinfo:
        import_file(name=name, data=data)
    assert str(excinfo.value).startswith(f"{name}: ")
    assert not Article.objects.exists()


def test_file_over_the_size_cap_is_refused(settings):
    settings.ARTICLES_MAX_BYTES = 100
    with pytest.raises(TooLarge, match=r"big.txt: .* over the 100 bytes limit"):
        import_file(name="big.txt", data=STORY.encode())
    with pytest.raises(TooLarge, match="pasted text"):
        import_text(text=STORY)
    assert not Article.objects.exists()


def test_file_name_is_never_used_as_a_path():
    with pytest.raises(UnsupportedInput, match=r"^passwd: "):
        import_file(name="../../etc/passwd", data=STORY.encode())
    article = import_file(name="../../tmp/story.txt", data=STORY.encode()).article
    assert article.title == "Minister denies bridge report"


# --------------------------------------------------------------------------- URLs

PAGE = (
    "<html><head><title>Bridge safe, minister says</title>"
    '<meta property="og:site_name" content="Example News"></head><body><article>'
    "<h1>Bridge safe, minister says</h1>"
    "<p>PORT ELLIS (Example News) – The transport minister said on Monday that the bridge was safe.</p>"
    "<p>“There is no crack,” she told reporters after engineers inspected it twice.</p>"
    "</article></body></html>"
).encode("cp1252")


class _Site(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):
        pass

    def _send(
        self, status, body=b"", content_type="text/html; charset=windows-1252", location=None
    ):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.hits.append(self.path)
        match self.path:
            case "/bridge":
                self._send(200, PAGE)
            case "/old-bridge":
                self._send(301, location="/bridge")
            case "/loop":
                self._send(302, location="/loop")
            case "/image":
                self._send(200, b"\x89PNG\r\n\x1a\n", content_type="image/png")
            case "/slow":
                time.sleep(1.5)
                self._send(200, PAGE)
            case _:
                self._send(404, b"not found")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that give up (timeouts, size caps) break the pipe on purpose


@pytest.fixture(scope="module")
def site():
    httpd = _QuietServer(("127.0.0.1", 0), _Site)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local_fetching(settings):
    """The test site is on 127.0.0.1, which production refuses to fetch."""
    settings.ARTICLES_FETCH_ALLOW_PRIVATE = True
    settings.ARTICLES_FETCH_TIMEOUT = 0.5


@pytest.mark.usefixtures("local_fetching")
def test_url_imports_the_page_with_its_metadata(site):
    result = import_url(url=f"{site}/bridge")
    article = result.article
    assert result.created
    assert article.url == f"{site}/bridge"
    assert article.title == "Bridge safe, minister says"
    assert article.outlet == "Example News"
    assert article.dateline == "PORT ELLIS (Example News) –"
    assert "“There is no crack,” she told reporters" in article.body  # charset from the header


@pytest.mark.usefixtures("local_fetching")
def test_url_already_imported_is_reported_without_fetching_again(site):
    first = import_url(url=f"{site}/bridge")
    _Site.hits.clear()
    again = import_url(url=f"{site}/bridge")
    assert not again.created and again.article == first.article
    assert _Site.hits == []


@pytest.mark.usefixtures("local_fetching")
def test_redirected_url_is_stored_under_its_final_address_once(site):
    first = import_url(url=f"{site}/old-bridge")
    assert first.article.url == f"{site}/bridge"
    again = import_url(url=f"{site}/bridge")
    assert not again.created
    assert Article.objects.count() == 1


@pytest.mark.usefixtures("local_fetching")
@pytest.mark.parametrize(
    ("path", "error", "reason"),
    [
        ("/missing", HTTPStatusError, "404"),
        ("/loop", RedirectError, "redirect loop"),
        ("/image", UnsupportedInput, "not an HTML page"),
        ("/slow", FetchTimeout, "timed out"),
    ],
)
def test_bad_url_is_refused_naming_it_and_leaves_no_row(site, path, error, reason):
    with pytest.raises(error, match=reason) as excinfo:
        import_url(url=f"{site}{path}")
    assert str(excinfo.value).startswith(f"{site}{path}: ")
    assert not Article.objects.exists()


def test_url_on_a_private_address_is_refused_by_default(site, settings):
    settings.ARTICLES_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchRefused, match="non-public address"):
        import_url(url=f"{site}/bridge")
    assert not Article.objects.exists()


def test_every_refusal_is_an_ingest_error():
    for error in (EmptyInput, BinaryInput, TooLarge, UnsupportedInput, FetchRefused, FetchTimeout):
        assert issubclass(error, IngestError)
