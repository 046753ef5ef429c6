"""Turn what a fact-checker has (bytes, pasted text, an HTML page) into one clean article.

Pure functions, no Django: the service layer and the benchmark call them directly.

The body is plain text, paragraphs separated by one blank line, whitespace collapsed inside each
paragraph. Attribution offsets point into it, so the body is never altered after this step.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from charset_normalizer import from_bytes

from articles.errors import BinaryInput, EmptyInput, TooLarge, UndecodableInput

MAX_BYTES = 5 * 1024 * 1024  # default cap; the service passes settings.ARTICLES_MAX_BYTES

# Two texts whose word 5-shingles overlap this much are the same story (a wire copy lightly
# edited by another outlet). Different stories on the same event share far fewer shingles.
NEAR_DUPLICATE_THRESHOLD = 0.5
SHINGLE_SIZE = 5


@dataclass(frozen=True)
class CleanedArticle:
    title: str
    body: str
    outlet: str = ""
    byline: str = ""
    dateline: str = ""
    published: date | None = None
    url: str | None = None


# --------------------------------------------------------------------------- decoding

# Unicode's control characters (category Cc) are exactly these two ranges; a regex finds them
# far faster than asking unicodedata about every character.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Those that do not belong in text: every one but the line and page breaks and tabs.
_STRAY_CONTROL = re.compile("[\x00-\x08\x0d-\x1f\x7f-\x9f]")

# Checked before anything else: these formats can look like text to a charset detector.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"\x7fELF", "executable"),
)

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# The app reads English news (the spaCy model is English). When the detector finds several
# single-byte code pages equally plausible, Windows-1252 is the one such files are written in;
# it also reads latin-1 text right, since the two differ only in latin-1's unused C1 range.
_PREFERRED_TIE_ENCODING = "cp1252"


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP image"
    return None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_size(size: int, *, max_bytes: int, source: str | None) -> None:
    if size > max_bytes:
        raise TooLarge(f"{_size(size)}, over the {_size(max_bytes)} limit", source=source)


def decode(
    data: bytes,
    *,
    filename: str,
    max_bytes: int = MAX_BYTES,
    declared_encoding: str | None = None,
) -> str:
    """Read bytes as text: UTF-8 (BOM stripped), a declared charset, else detect it.

    The result is NFC-normalised with Unix newlines; curly quotes and dashes are kept because
    the extractor uses them to find quotations.
    """
    if not data:
        raise EmptyInput("empty file", source=filename)
    check_size(len(data), max_bytes=max_bytes, source=filename)
    if kind := _binary_kind(data):
        raise BinaryInput(f"binary file ({kind}), not text", source=filename)

    text = _decode_text(data, filename=filename, declared_encoding=declared_encoding)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_STRAY_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise BinaryInput("binary data (control characters), not text", source=filename)
    if not text.strip():
        raise EmptyInput("only whitespace", source=filename)
    return text


def _decode_text(data: bytes, *, filename: str, declared_encoding: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableInput(f"invalid {encoding} text", source=filename) from exc
    if b"\x00" in data:
        raise BinaryInput("binary file (contains NUL bytes), not text", source=filename)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared_encoding:
        try:
            return data.decode(declared_encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common; fall back to detection
    matches = list(from_bytes(data))
    if not matches:
        raise UndecodableInput(
            "undecodable bytes: not UTF-8 nor any known encoding", source=filename
        )
    least_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos == least_chaos]
    best = next((m for m in tied if m.encoding == _PREFERRED_TIE_ENCODING), tied[0])
    return str(best)


# --------------------------------------------------------------------------- plain text

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_QUOTES = '"“”„«»'
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_BULLET = re.compile(r"^[•·▪●◦‣∙*>»–—-]\s*")
_NAV_SEPARATORS = re.compile(r"\s[|»›•·/]\s")

# A junk line longer than this is not plausible, and the longer a line the likelier a phrase in
# it is quoted article text. Also keeps the patterns below away from huge lines.
_MAX_JUNK_CHARS = 400

# Lines that are only a site-template label (the whole line, trailing punctuation ignored).
_LABELS = re.compile(
    r"""^(?:
        back\ to\ top(?:\ button)? | (?:scroll\ )?to\ top | top
      | most\ (?:popular|read|viewed|shared|commented) | trending(?:\ now)? | top\ stories
      | latest(?:\ news|\ stories)? | editor'?s\ picks? | popular\ (?:posts|stories)
      | related(?:\ (?:articles?|stories|posts|news|content|coverage|topics))?
      | (?:you\ )?(?:may|might)\ also\ like | recommended(?:\ for\ you)?
      | read\ (?:more|next|also) | see\ also | also\ read | don'?t\ miss | more\ stories
      | advertisement | advertising | sponsored(?:\ content)? | promoted(?:\ stories)?
      | share(?:\ this)?(?:\ (?:article|story|post|page))? | share\ (?:on|via)\ \w+
      | tweet | email | print | whatsapp | facebook | twitter | linkedin | reddit | telegram
      | copy\ link
      | be\ the\ first\ to\ comment | click\ to\ comment | leave\ a\ (?:reply|comment)
      | (?:post|add|write)\ a\ comment | comments?(?:\ \(\d+\))? | \d+\ comments?
      | (?:view|show|hide)\ comments | join\ the\ (?:conversation|discussion) | cancel\ reply
      | subscribe(?:\ now)? | sign\ (?:in|up) | log\ ?in | register | newsletter | menu
      | search | home | skip\ to\ (?:main\ )?content | loading
    )[\s.:!…]*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Boilerplate found inside a line. Each entry names the kind of junk it catches.
_BOILERPLATE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # comment forms
        r"\byour email address will not be published\b",
        r"\brequired fields are marked\b",
        r"^(?:you must be )?logged in to (?:post|leave) a comment\b",
        # copyright and licence lines, theme banners
        r"^(?:copyright\b|©|\(c\)\s*\d{4})[^.]{0,80}\d{4}",
        r"\ball rights reserved\b",
        r"\b(?:theme|plugin|template)\b.{0,80}\blicen[cs]e\b",
        r"\blicen[cs]e (?:is |has )?not (?:been )?(?:validated|activated|valid)\b",
        # share appeals
        r"\bshare\b.{0,40}!",
        r"\b(?:help|please)\b.{0,30}\b(?:spread|get)\b.{0,12}\bword\b",
        r"^(?:please )?share (?:this|on|via|with)\b",
        # promotion addressed to the reader: syndication plugs, follow/subscribe prompts
        r"^if you\b.{0,160}\b(?:check out|visit|contact|subscribe to|sign up for|click)\b.{0,60}\bour\b",
        r"^(?:please )?(?:check out|visit|follow|subscribe to|sign up for|download|join|like) (?:us|our)\b",
        r"^follow (?:us|@\w+) on\b",
        r"\bsyndicat\w* (?:service|partner|program)",
        r"^click here\b",
        r"^(?:to )?(?:find out|learn) more,? (?:visit|click|go to)\b",
        r"\bstory continues below\b|^continue reading\b",
        r"\bwe use cookies\b|\b(?:accept|manage) (?:all )?cookies\b",
        # label-and-list lines
        r"^(?:tags?|topics?|categor(?:y|ies)|filed under|keywords|related|read more|see also|more|also read)\s*:",
    )
]

_ROLE_WORDS = frozenset(
    [
        "correspondent",
        "reporter",
        "editor",
        "writer",
        "columnist",
        "contributor",
        "journalist",
        "producer",
        "analyst",
        "staff",
        "chief",
        "bureau",
        "author",
        "commentator",
        "photographer",
        "intern",
        "fellow",
        "anchor",
        "host",
    ]
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|de|da|van|von|der|den|del|la|le|bin|al|and|&)$"
)

_DATELINE = re.compile(
    r"""^(?P<dateline>
        (?:
            [A-Z][A-Z.'’-]+(?:[ /,]{1,2}[A-Z][A-Z.'’-]+){0,4}    # MOSCOW/BUDAPEST, WASHINGTON, D.C.
            (?:\s*\((?P<outlet>[^()\n]{2,60})\))?\s*[–—-]{1,2}
          | [A-Z][a-z]+(?:[ /-][A-Z][a-z]+){0,3}                 # Beijing, New York
            (?:\s*\((?P<outlet2>[^()\n]{2,60})\))?\s*[–—]
          | [A-Z][A-Za-z]+(?:[ /-][A-Z][A-Za-z]+){0,3}           # Kyiv (Reuters) -
            \s*\((?P<outlet3>[^()\n]{2,60})\)\s*[–—-]{1,2}
        )
    )\s""",
    re.VERBOSE,
)

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_LINE = re.compile(
    rf"""^(?:(?:first\ )?(?:published|updated|posted|last\ updated)(?:\ on)?:?\ )?
        (?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\ )?
        (?P<date>
            \d{{4}}-\d{{2}}-\d{{2}}
          | (?P<m1>{_MONTHS})\.?\ (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\ (?P<y1>\d{{4}})
          | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\ (?P<m2>{_MONTHS})\.?,?\ (?P<y2>\d{{4}})
        )
        (?:[\ ,|·-]+(?:at\ )?\d{{1,2}}[:.]\d{{2}}(?:\ ?[ap]\.?m\.?)?(?:\ [a-z]{{2,5}})?)?\.?$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass
class _Paragraph:
    text: str
    gap_after: int  # blank lines that followed it in the input


def _lines(text: str) -> list[str]:
    text = text.translate(_INVISIBLE)
    return [" ".join(_CONTROL.sub(" ", line).split()) for line in text.splitlines()]


def _is_hard_wrapped(block: list[str]) -> bool:
    """A block of lines cut at a fixed width (an email or a terminal paste), not a list."""
    if len(block) < 2 or any(_BULLET.match(line) for line in block):
        return False
    widest = max(map(len, block))
    return widest <= 100 and all(len(line) >= max(40, 0.6 * widest) for line in block[:-1])


def _paragraphs(text: str) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    block: list[str] = []

    def flush(gap: int) -> None:
        if not block:
            return
        if _is_hard_wrapped(block):
            paragraphs.append(_Paragraph(" ".join(block), gap))
        else:
            paragraphs.extend(_Paragraph(line, 0) for line in block[:-1])
            paragraphs.append(_Paragraph(block[-1], gap))
        block.clear()

    gap = 0
    for line in _lines(text):
        if line:
            if gap and block:
                flush(gap)
            gap = 0
            block.append(line)
        else:
            gap += 1
    flush(gap)
    return paragraphs


def _has_sentence_end(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _is_fragment(text: str, max_words: int) -> bool:
    """A short line that is not a sentence: a label, a section name, an outlet name."""
    return len(text.split()) <= max_words and not _has_sentence_end(text)


def is_junk(line: str) -> bool:
    """Site furniture that appears anywhere on a page, whatever the article."""
    if len(line) > _MAX_JUNK_CHARS or any(q in line for q in _QUOTES):
        return False  # long or quoted lines are article text
    if _LABELS.match(line) or any(p.search(line) for p in _BOILERPLATE):
        return True
    words = line.split()
    # Navigation items: a bullet with a few words and no sentence ("• Subscribed", "• All").
    if _BULLET.match(line) and len(words) <= 5 and not re.search(r"[.!?;:]\s|[.!?]$", line):
        return True
    # Breadcrumbs and menus: "Home | World | Europe".
    if len(_NAV_SEPARATORS.findall(line)) >= 2 and not _has_sentence_end(line):
        parts = re.split(_NAV_SEPARATORS, line)
        if all(len(part.split()) <= 4 for part in parts):
            return True
    # Tag lists: all lower case, no sentence ("russia china ministries").
    if (
        len(words) <= 10
        and not any(ch.isupper() for ch in line)
        and not re.search(r"[.!?…]", line)
        and any(ch.isalpha() for ch in line)
    ):
        return True
    # Hashtag lists.
    return all(word.startswith("#") for word in words)


def _take_title(paragraphs: list[_Paragraph]) -> tuple[str, list[_Paragraph]]:
    """The first line is the title, past any section label ("World") printed above it."""
    for i, paragraph in enumerate(paragraphs):
        if _is_fragment(paragraph.text, max_words=2):
            continue
        words = len(paragraph.text.split())
        sentences = len(re.findall(r"[.!?](?:\s|$)", paragraph.text))
        if words <= 30 and sentences <= 1:
            return paragraph.text, paragraphs[i + 1 :]
        return "", paragraphs[i:]
    return "", []


def _parse_byline(text: str) -> tuple[str, str] | None:
    """`By NAME[, ROLE] [OUTLET]` → (name, outlet); None if the line is not a byline."""
    match = re.match(r"^by\s+(.+)$", text, re.IGNORECASE)
    if not match or len(text.split()) > 16 or re.search(r"[!?]$", text):
        return None
    name, rest = _split_byline(match.group(1).rstrip("."))
    tokens = name.split()
    if not 2 <= len(tokens) <= 8 or not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    return name, _outlet_after_role(rest)


def _split_byline(text: str) -> tuple[str, str]:
    """Name, then whatever follows the first comma, bar, dash or 'for'."""
    parts = re.split(r"\s*,\s*|\s+[|–—-]\s+|\s+for\s+", text, maxsplit=1)
    return parts[0], parts[1] if len(parts) == 2 else ""


def _is_role(word: str) -> bool:
    word = word.strip(",.;:")
    return word in _ROLE_WORDS or word.removesuffix("s") in _ROLE_WORDS


def _outlet_after_role(rest: str) -> str:
    """'Chief International Correspondent Worthy News' → 'Worthy News'; 'Reuters' → 'Reuters'."""
    tokens = rest.split()
    last_role = max(
        (i for i, t in enumerate(tokens) if any(_is_role(w) for w in t.casefold().split("-"))),
        default=-1,
    )
    tokens = tokens[last_role + 1 :]
    while tokens and tokens[0].casefold() in {"for", "at", "with", "of", "|", "-", "–", "—"}:
        tokens = tokens[1:]
    if tokens and len(tokens) <= 6 and all(t[:1].isupper() or t[:1].isdigit() for t in tokens):
        return " ".join(tokens)
    return ""


def _parse_date_line(text: str) -> date | None:
    match = _DATE_LINE.match(text)
    if not match:
        return None
    if match.group("m1") or match.group("m2"):
        month = (match.group("m1") or match.group("m2"))[:3].title()
        day = match.group("d1") or match.group("d2")
        year = match.group("y1") or match.group("y2")
        value = f"{year}-{month}-{day}"
        fmt = "%Y-%b-%d"
    else:
        value, fmt = match.group("date"), "%Y-%m-%d"
    try:
        return datetime.strptime(value, fmt).date()
    except ValueError:
        return None


def find_dateline(first_paragraph: str) -> tuple[str, str]:
    """`MOSCOW/BUDAPEST (Worthy News) – A day after…` → ('MOSCOW/BUDAPEST (Worthy News) –', 'Worthy News')."""
    match = _DATELINE.match(first_paragraph)
    if not match:
        return "", ""
    outlet = match.group("outlet") or match.group("outlet2") or match.group("outlet3") or ""
    return match.group("dateline").strip(), outlet.strip()


def _trim_page_furniture(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """Drop short non-sentences above the first and below the last sentence of the article,
    and stand-alone headlines of other stories (a headline with two blank lines after it).
    Section headings between sentences stay: they are part of the article."""
    prose = [i for i, p in enumerate(paragraphs) if not _is_fragment(p.text, max_words=8)]
    if not prose:
        return []
    kept = paragraphs[prose[0] : prose[-1] + 1]
    return [
        p
        for i, p in enumerate(kept)
        if i == len(kept) - 1 or _has_sentence_end(p.text) or p.gap_after < 2
    ]


def _headline_from(body: str, limit: int = 120) -> str:
    first = body.split("\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def clean_text(text: str, *, source: str | None = None, url: str | None = None) -> CleanedArticle:
    """Clean a plain-text article copied from a news site and read its metadata."""
    paragraphs = [p for p in _paragraphs(text) if not is_junk(p.text)]
    title, paragraphs = _take_title(paragraphs)
    if title:
        paragraphs = [p for p in paragraphs if p.text.casefold() != title.casefold()]
        if re.search(r"\.[\"'”’)]*$", title):
            # Headlines do not end with a full stop: this is the article's first sentence,
            # pasted without a headline. It names the article and stays in the body.
            paragraphs.insert(0, _Paragraph(title, 1))

    byline = outlet = ""
    published = None
    head = []
    for paragraph in paragraphs[:4]:
        if not byline and (parsed := _parse_byline(paragraph.text)):
            byline, outlet = parsed
        elif published is None and (when := _parse_date_line(paragraph.text)):
            published = when
        else:
            head.append(paragraph)
    paragraphs = _trim_page_furniture(head + paragraphs[4:])

    body = "\n\n".join(p.text for p in paragraphs)
    if not body:
        # A single sentence pasted on its own is an article; a lone headline or label is not.
        if len(title.split()) >= 4 and not is_junk(title):
            body = title
        else:
            raise EmptyInput("no article text (only a headline or site junk)", source=source)

    dateline, dateline_outlet = find_dateline(paragraphs[0].text if paragraphs else body)
    return CleanedArticle(
        title=title or _headline_from(body),
        body=body,
        outlet=outlet or dateline_outlet,
        byline=byline,
        dateline=dateline,
        published=published,
        url=url,
    )


# --------------------------------------------------------------------------- HTML


def clean_html(html: str, *, url: str | None = None, source: str | None = None) -> CleanedArticle:
    """Main text and metadata of a web page, as plain text; scripts, styles, iframes and
    comments never reach the body."""
    import trafilatura  # noqa: PLC0415 - slow import, only the HTML path needs it

    document = None
    for precision in (True, False):  # precision first; recall only when it finds nothing
        document = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            favor_precision=precision,
            favor_recall=not precision,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
        )
        if document is not None and (document.text or "").strip():
            break
    if document is None or not (document.text or "").strip():
        raise EmptyInput("no article text found in the page", source=source or url)

    meta_title = " ".join((document.title or "").split())
    paragraphs = [p for p in _paragraphs(document.text) if not is_junk(p.text)]
    if paragraphs and meta_title and paragraphs[0].text.casefold() == meta_title.casefold():
        paragraphs = paragraphs[1:]  # trafilatura repeats the <h1> at the top of the text
    paragraphs = _trim_page_furniture(paragraphs)
    body = "\n\n".join(p.text for p in paragraphs)
    if not body:
        raise EmptyInput("no article text found in the page", source=source or url)

    dateline, dateline_outlet = find_dateline(paragraphs[0].text)
    published = None
    if document.date:
        try:
            published = date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    return CleanedArticle(
        title=meta_title or _headline_from(body),
        body=body,
        outlet=" ".join((document.sitename or "").split()) or dateline_outlet,
        byline=" ".join((document.author or "").split()),
        dateline=dateline,
        published=published,
        url=url or document.url or None,
    )


# --------------------------------------------------------------------------- de-duplication


def normalise_for_hash(body: str) -> str:
    return re.sub(r"\s+", " ", body).strip().casefold()


def content_hash(body: str) -> str:
    """The de-duplication key: whitespace and case do not make a text new."""
    return hashlib.sha256(normalise_for_hash(body).encode()).hexdigest()


def shingles(body: str, *, size: int = SHINGLE_SIZE) -> frozenset[int]:
    """Hashed word n-grams of the body, punctuation and case ignored.

    blake2b rather than hash(): the values must not change between processes.
    """
    words = re.findall(r"\w+", body.casefold())
    grams = [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]
    return frozenset(
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big", signed=True)
        for g in grams
        if g
    )


def resemblance(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def is_near_duplicate(a: str, b: str, *, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> bool:
    return resemblance(shingles(a), shingles(b)) >= threshold


SKETCH_SIZE = 128


def sketch(signature: frozenset[int], *, size: int = SKETCH_SIZE) -> list[int]:
    """The `size` smallest shingle hashes (a bottom-k sketch): a fixed-size sample of the text
    that two copies of one story share in proportion to their resemblance, so it can be stored
    and matched in the database by array overlap."""
    return sorted(signature)[:size]


def sketch_resemblance(a: list[int], b: list[int], *, size: int = SKETCH_SIZE) -> float:
    """Estimate the Jaccard resemblance of two texts from their sketches alone."""
    union = sorted(set(a) | set(b))[:size]
    if not union:
        return 0.0
    shared = set(a) & set(b)
    return sum(1 for h in union if h in shared) / len(union)
