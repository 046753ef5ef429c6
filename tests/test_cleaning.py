"""Cleaning: decoding, site-junk removal, metadata, hostile input, de-duplication keys."""

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.cleaning import (
    clean_html,
    clean_text,
    content_hash,
    decode,
    is_near_duplicate,
    resemblance,
    shingles,
)
from articles.errors import BinaryInput, EmptyInput, IngestError, TooLarge, UndecodableInput

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed(prefix: str):
    """Clean one seed article, found by its number; skip when ../shared/seeds is absent."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("../shared/seeds is not present")
    path = matches[0]
    return path, clean_text(decode(path.read_bytes(), filename=path.name), source=path.name)


# For each seed: the junk lines that must go, and a sample of article sentences that must stay.
SEED_CASES = {
    "000": {
        "junk": [
            "russia china worthy ministries",
            "We're being CENSORED ... HELP get the WORD OUT! SHARE!!!",
            "Copyright 1999-2024 Worthy News. All rights reserved.",
            "If you are interested in articles produced by Worthy News, please check out our FREE "
            "sydication service available to churches or online Christian ministries.",
            "Worthy Christian News",
            "By Stefan J. Bos, Chief International Correspondent Worthy News",
        ],
        "kept": [
            "MOSCOW/BUDAPEST (Worthy News) – A day after allegations that he survived an "
            "assassination attempt, Russian President Vladimir Putin met his Chinese counterpart",
            "Worthy News couldn’t verify the widely quoted reports independently, and some "
            "security analysts and commentators urged caution.",
            "“Subsequently, the body of a man was found driving the ambulance, which blocked the "
            "first car from the motorcade,” said SVR General.",
            "That has contributed to caution in Beijing as it ponders its next geopolitical move.",
            "over which it is willing to go to war, observers said.",
            "ALLIES KILLED",  # a section heading between sentences is part of the article
        ],
    },
    "001": {
        "junk": [
            "Be the first to comment",
            "Leave a Reply",
            "Your email address will not be published.",
        ],
        "kept": [
            "Russian President Vladimir Putin on Thursday praised China’s “balanced position”",
            "“We highly appreciate the balanced position of our Chinese friends regarding the "
            "Ukrainian crisis.",
            "He also met with the presidents of Kyrgyzstan, Tajikistan and Turkmenistan on Thursday.",
            "at its first stage, Xi visits Kazakhstanwhere he unveiled",  # lower-case start kept
        ],
    },
    "002": {
        "junk": [
            "• All",
            "• Subscribed",
            "• Moderated",
            "ukraine@sopuli.xyz",
            "DreamBathrooms",
            "All magazines",
        ],
        "kept": [
            "Russian President Vladimir Putin arrived in Beijing Wednesday for two days of meetings",
            "Both Russian and Chinese state media covered the arrival.",
            "Both leaders recently changed their respective nations’ constitutions to maintain "
            "power for life and are accused of using their nations’ military heft to intimidate "
            "their neighbors.",
            "‘No limits’ relationship",
        ],
    },
    "003": {
        "junk": [
            "World",
            "Click to comment",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Most Popular",
            "To Top",
        ],
        "kept": [
            "On Friday, Russian President Vladimir Putin and Chinese President Xi Jinping pledged",
            "Putin, whose invasion of a neighbouring nation has been thwarted by furious Ukrainian "
            "opposition",
            "In response, Russia has steadfastly backed China during the disputes with the United "
            "States over Taiwan.",
            "3,392 Ukrainian personnel are currently held captive by Russia",
        ],
    },
    "004": {
        "junk": [
            "Jannah Theme License is not validated, Go to the theme options page to validate the "
            "license, You need a single license for each domain name.",
            "Back to top button",
            # headlines of other stories, each standing alone between blank lines
            "Taking stock of the latest developments in Ukraine’s war against Russia",
            "Ukraine’s Zelensky warns of risks to US if Putin doesn’t stop",
            "How the US Navy is preparing for possible Chinese aggression against Taiwan",
        ],
        "kept": [
            "Beijing — Russian President Vladimir Putin thanked Chinese leader Xi Jinping",
            "There is talk of peace in Ukraine, but no proposals",
            "Moscow has diverted most of its energy exports to China and relies on Chinese "
            "companies to import high-tech components for its military industries – to circumvent "
            "Western sanctions.",
            "a system involving ground radar and satellites that only Russia and the United States had.",
        ],
    },
}

SEED_TITLES = {
    "000": "China-Russia Leaders Meet Amid Battlefield Losses In Ukraine",
    "001": "Putin admits China has ‘questions and concerns’ over Russia’s faltering invasion of Ukraine",
    "002": "Putin in China seeking support for Ukraine war effort",
    "003": "Putin and Xi promise deeper ties as Russia continues to bomb Ukraine",
    "004": "Putin visits Beijing as Russia and China emphasize ‘no limits’ relationship amid "
    "tensions with US",
}


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
def test_seed_article_loses_its_site_junk(prefix):
    _, article = seed(prefix)
    paragraphs = article.body.split("\n\n")
    for junk in SEED_CASES[prefix]["junk"]:
        assert junk not in paragraphs
        if len(junk.split()) > 2:  # short labels such as "World" are also ordinary words
            assert junk not in article.body


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
def test_seed_article_keeps_its_sentences(prefix):
    _, article = seed(prefix)
    for sentence in SEED_CASES[prefix]["kept"]:
        assert sentence in article.body


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
def test_seed_article_keeps_every_sentence_line_that_is_not_junk(prefix):
    """A broader net than the sample: any source line that reads as a sentence survives."""
    path, article = seed(prefix)
    junk = SEED_CASES[prefix]["junk"]
    for line in path.read_text(encoding="utf-8").splitlines():
        line = " ".join(line.split())
        is_sentence = len(line.split()) >= 6 and re.search(r"[.!?][”’\"]?$", line)
        if is_sentence and not any(line.startswith(j) or j.startswith(line) for j in junk):
            assert unicodedata.normalize("NFC", line) in article.body


@pytest.mark.parametrize("prefix", sorted(SEED_TITLES))
def test_seed_article_title_is_its_first_line_past_section_labels(prefix):
    _, article = seed(prefix)
    assert article.title == SEED_TITLES[prefix]
    assert not article.body.startswith(article.title)  # nor repeated at the top of the body


def test_seed_byline_outlet_and_dateline_are_read():
    _, article = seed("000")
    assert article.byline == "Stefan J. Bos"
    assert article.outlet == "Worthy News"
    assert article.dateline == "MOSCOW/BUDAPEST (Worthy News) –"
    assert article.body.startswith("MOSCOW/BUDAPEST (Worthy News) – A day after")


def test_seed_with_a_place_dateline_keeps_it_in_the_body():
    _, article = seed("004")
    assert article.dateline == "Beijing —"
    assert article.body.startswith(article.dateline)


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_seed_without_a_byline_has_none(prefix):
    _, article = seed(prefix)
    assert article.byline == ""
    assert article.outlet == ""


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
def test_seed_body_is_clean_paragraphs(prefix):
    _, article = seed(prefix)
    assert "\n\n\n" not in article.body
    for paragraph in article.body.split("\n\n"):
        assert paragraph == " ".join(paragraph.split())


# --------------------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("line", "byline", "outlet"),
    [
        ("By Jane Doe, Reuters", "Jane Doe", "Reuters"),
        ("By Jane Doe | CNN", "Jane Doe", "CNN"),
        ("By Jane Doe, Moscow Correspondent for The Guardian", "Jane Doe", "The Guardian"),
        ("By Jane Doe and John Roe, Staff Writers", "Jane Doe and John Roe", ""),
        ("BY JANE DOE", "JANE DOE", ""),
        ("By Ursula von der Leyen, Associated Press", "Ursula von der Leyen", "Associated Press"),
    ],
)
def test_byline_line_gives_byline_and_outlet(line, byline, outlet):
    article = clean_text(
        f"Putin meets Xi in Beijing\n\n{line}\n\nPutin met Xi on Thursday, officials said."
    )
    assert (article.byline, article.outlet) == (byline, outlet)
    assert line not in article.body


def test_sentence_starting_with_by_is_not_a_byline():
    text = "Army retreats from the east\n\nBy Thursday, the army had retreated from the region, officials said."
    article = clean_text(text)
    assert article.byline == ""
    assert article.body.startswith("By Thursday, the army had retreated")


def test_outlet_comes_from_the_dateline_when_the_byline_has_none():
    article = clean_text(
        "Kremlin denies report\n\nKYIV (Reuters) - The Kremlin denied the report on Monday."
    )
    assert article.dateline == "KYIV (Reuters) -"
    assert article.outlet == "Reuters"


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("September 15, 2022", date(2022, 9, 15)),
        ("Published: 15 September 2022", date(2022, 9, 15)),
        ("Updated on Thursday, Sept. 15, 2022 10:04 am EDT", date(2022, 9, 15)),
        ("2024-05-16", date(2024, 5, 16)),
    ],
)
def test_date_line_gives_the_published_date(line, published):
    article = clean_text(
        f"Putin meets Xi in Beijing\n\nBy Jane Doe\n\n{line}\n\nPutin met Xi, officials said."
    )
    assert article.published == published
    assert line not in article.body


def test_text_without_a_title_line_gets_one_from_its_first_sentence():
    text = " ".join(["Putin met Xi on Thursday and the two leaders talked about trade."] * 6)
    article = clean_text(text)
    assert article.body == text
    assert article.title.startswith("Putin met Xi on Thursday")
    assert len(article.title) <= 121


def test_first_sentence_without_a_headline_stays_in_the_body():
    text = "The minister said on Tuesday that the bridge was safe.\n\nShe added that engineers had inspected it."
    article = clean_text(text)
    assert article.title == "The minister said on Tuesday that the bridge was safe."
    assert article.body == text


def test_a_single_sentence_is_an_article():
    article = clean_text("Putin said the war would end soon.")
    assert article.body == "Putin said the war would end soon."


def test_hard_wrapped_paragraph_is_joined_not_dropped():
    text = (
        "Minister denies report\n\n"
        "The minister said on Tuesday that the report, which was published by a\n"
        "newspaper in the capital last week, was false and that the government\n"
        "would respond in due course to the allegations made against it\n"
        "by opposition lawmakers.\n"
    )
    article = clean_text(text)
    assert article.body == (
        "The minister said on Tuesday that the report, which was published by a newspaper in the "
        "capital last week, was false and that the government would respond in due course to the "
        "allegations made against it by opposition lawmakers."
    )


# --------------------------------------------------------------------------- decoding


def test_cp1252_file_reads_curly_quotes_and_dashes_right():
    text = "Putin said the “special operation” was — in his words — ‘going to plan’. Café."
    assert decode(text.encode("cp1252"), filename="a.txt") == text


def test_latin1_file_reads_accents_right():
    text = "Der Minister sagte, die Grüße aus München seien übermäßig. Crème brûlée."
    assert decode(text.encode("latin-1"), filename="a.txt") == text


def test_utf8_bom_is_stripped():
    assert decode("\ufeffPutin said “no”.".encode(), filename="a.txt") == "Putin said “no”."


def test_utf16_file_with_bom_is_read():
    assert decode("Putin said “no”.".encode("utf-16"), filename="a.txt") == "Putin said “no”."


def test_decoding_normalises_to_nfc_but_keeps_curly_quotes():
    decomposed = "Cafe\u0301 owner said: “It’s closed.”\r\nSecond line."
    text = decode(decomposed.encode(), filename="a.txt")
    assert text == "Café owner said: “It’s closed.”\nSecond line."
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"Putin said\x00\x00\x00 something", "NUL"),
    ],
)
def test_binary_file_is_refused_naming_the_file(data, kind):
    with pytest.raises(BinaryInput, match=kind) as excinfo:
        decode(data, filename="photo.txt")
    assert str(excinfo.value).startswith("photo.txt: binary")


def test_empty_file_is_refused():
    with pytest.raises(EmptyInput, match="empty.txt: empty file"):
        decode(b"", filename="empty.txt")


def test_whitespace_only_file_is_refused():
    with pytest.raises(EmptyInput, match="blank.txt: only whitespace"):
        decode(b" \n\t\r\n  \n", filename="blank.txt")


def test_file_over_the_size_cap_is_refused():
    with pytest.raises(TooLarge, match="big.txt: .*over the 1000 bytes limit"):
        decode(b"a" * 1001, filename="big.txt", max_bytes=1000)


def test_undecodable_bytes_are_refused():
    with pytest.raises(UndecodableInput, match="noise.txt: undecodable"):
        decode(bytes(range(128, 256)) * 3, filename="noise.txt")


def test_junk_only_text_is_refused():
    junk = "World\n\nLeave a Reply\n\nYour email address will not be published.\n\nMost Popular\n\nBack to top"
    with pytest.raises(EmptyInput, match="junk.txt: no article text"):
        clean_text(junk, source="junk.txt")


def test_lone_label_is_refused():
    with pytest.raises(EmptyInput):
        clean_text("Breaking news")


# --------------------------------------------------------------------------- HTML

HOSTILE_HTML = """<!doctype html>
<html><head><title>Putin meets Xi</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-09-15T10:00:00Z">
<script>alert('head')</script><style>body { background: url(javascript:alert(1)) }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/europe">Europe</a></nav>
<article><h1>Putin meets Xi</h1>
<p>MOSCOW (Example News) – Putin met Xi on Thursday, officials said.
<img src="x" onerror="alert('img')"> He called the talks “productive”.</p>
<script>document.write('<p>injected paragraph</p>')</script>
<p>The <a href="javascript:alert('link')">Kremlin</a> said the meeting lasted two hours and covered
trade, energy and security.</p>
<iframe src="https://evil.example/"><p>iframe fallback text</p></iframe>
<p onclick="alert('click')">Analysts said the summit signalled closer ties between the two countries.</p>
<svg><script>alert('svg')</script></svg>
</article>
<section class="comments"><h3>Comments</h3><p>Great article, share it!</p></section>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def test_hostile_html_yields_inert_plain_text():
    article = clean_html(HOSTILE_HTML, url="https://example.com/putin-xi")
    for forbidden in (
        "<",
        ">",
        "alert",
        "javascript:",
        "onerror",
        "onclick",
        "document.write",
        "iframe",
        "background",
    ):
        assert forbidden not in article.body
        assert forbidden not in article.title
    assert "Putin met Xi on Thursday, officials said." in article.body
    assert "He called the talks “productive”." in article.body
    assert "The Kremlin said the meeting lasted two hours" in article.body
    assert "Analysts said the summit signalled closer ties" in article.body
    assert "Copyright" not in article.body


def test_html_metadata_comes_from_the_page():
    article = clean_html(HOSTILE_HTML, url="https://example.com/putin-xi")
    assert article.title == "Putin meets Xi"
    assert article.byline == "Jane Doe"
    assert article.outlet == "Example News"
    assert article.published == date(2022, 9, 15)
    assert article.dateline == "MOSCOW (Example News) –"
    assert article.url == "https://example.com/putin-xi"
    assert not article.body.startswith("Putin meets Xi")  # the <h1> is the title, not the body


def test_html_without_article_text_is_refused():
    with pytest.raises(EmptyInput, match="page.html: no article text"):
        clean_html(
            "<html><body><script>alert(1)</script><nav>Home</nav></body></html>", source="page.html"
        )


# --------------------------------------------------------------------------- de-duplication


def test_content_hash_ignores_whitespace_and_case():
    assert content_hash("Putin  said\n\nno.") == content_hash("putin said no.")
    assert content_hash("Putin said no.") != content_hash("Putin said yes.")


def test_wire_copy_on_another_site_is_a_near_duplicate():
    _, article = seed("000")
    paragraphs = article.body.split("\n\n")
    # Another outlet: own dateline, a paragraph cut, a paragraph added, a word changed.
    copy = "\n\n".join(
        ["BUDAPEST (Other Outlet) – A day after the allegations, Putin met Xi."]
        + paragraphs[1:-3]
        + ["Other Outlet contributed reporting."]
    ).replace("ugly", "hostile")
    assert is_near_duplicate(article.body, copy)


def test_different_stories_on_the_same_event_are_not_near_duplicates():
    bodies = [seed(prefix)[1].body for prefix in sorted(SEED_CASES)]
    signatures = [shingles(body) for body in bodies]
    for i, a in enumerate(signatures):
        for b in signatures[i + 1 :]:
            assert resemblance(a, b) < 0.1


# --------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_cleaner_never_raises_anything_but_ingest_error(text):
    try:
        article = clean_text(text)
    except IngestError:
        return
    assert article.body.strip()
    assert article.body == article.body.strip()
    assert "\n\n\n" not in article.body
    assert article.title


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decoder_never_raises_anything_but_ingest_error(data):
    try:
        text = decode(data, filename="fuzz.txt")
    except IngestError:
        return
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "Leave a Reply",
                    "• All",
                    "“",
                    "”",
                    "By ",
                    "MOSCOW (X) – ",
                    "\n",
                    "\n\n\n",
                    "SHARE!!!",
                ]
            ),
            st.text(max_size=80),
        ),
        max_size=30,
    ).map("".join)
)
def test_cleaner_survives_article_shaped_noise(text):
    try:
        article = clean_text(text)
    except IngestError:
        return
    assert article.body.strip()


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=500))
def test_html_cleaner_never_raises_anything_but_ingest_error(text):
    try:
        article = clean_html(f"<html><body><article><p>{text}</p></article></body></html>")
    except IngestError:
        return
    assert article.body.strip()


def test_enormous_line_is_cleaned_quickly():
    text = "Title of the piece\n\n" + "Putin said “no” and " * 50_000 + "left."
    article = clean_text(text)
    assert article.body.endswith("left.")
