"""Fill a test database with the seed articles and their gold attributions, for page tests.

The extraction and linking branches will produce these rows for real; until then the gold file
gives the pages realistic content: one claim per gold cluster, sources by canonical name.
"""

import json
from datetime import date
from pathlib import Path

from articles.services import import_article
from claims.models import Attribution
from claims.services import SourceRef, add_attribution

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
OUTLETS = ["Worthy News", "The Straits Times", "Deutsche Welle", "Kyiv Post", "Daily Sabah"]


def _span(text: str, part: str | None, within: tuple[int, int]) -> tuple[int, int] | None:
    if not part:
        return None
    start = text.find(part, within[0], within[1])
    return (start, start + len(part)) if start >= 0 else None


def load_gold_seeds(seeds: Path) -> list[Attribution]:
    """Import the seed articles and add every gold attribution; return them in file order."""
    lines = [json.loads(line) for line in (EVAL / "seeds.gold.jsonl").read_text().splitlines()]
    cluster_of = {}
    for number, cluster in enumerate(json.loads((EVAL / "seeds.clusters.json").read_text())):
        for _, line in cluster:
            cluster_of[line] = number
    articles = {}
    for index, path in enumerate(sorted(seeds.glob("*.txt"))):
        text = path.read_text(encoding="utf-8").strip()
        # The first real headline: skip a site's boilerplate banner.
        title = next(
            line for line in text.splitlines() if len(line) > 20 and "License" not in line
        ).strip()
        articles[path.name] = import_article(
            body=text,
            title=title,
            outlet=OUTLETS[index % len(OUTLETS)],
            url=f"https://news.example/{path.stem}",
            published_on=date(2024, 5, 14 + index),
        ).article
    claims = {}
    made = []
    for number, gold in enumerate(lines, start=1):
        article = articles[gold["article"]]
        body = article.body
        start = body.find(gold["sentence"])
        if start < 0:
            continue
        sentence = (start, start + len(gold["sentence"]))
        source_span = _span(body, gold["source"], sentence)
        via_span = _span(body, gold["via"], sentence)
        content = _span(body, gold["content"], sentence)
        cue = _span(body, gold["cue"], sentence)
        source = None
        if gold["source"] and gold["source_kind"] != "unattributed":
            source = SourceRef(
                gold["source_name"] or gold["source"],
                gold["source_kind"],
                *(source_span or (None, None)),
            )
        via = SourceRef(gold["via"], "anonymous", *via_span) if gold["via"] and source else None
        key = cluster_of.get(number, f"line-{number}")
        attribution = add_attribution(
            article=article,
            statement=gold["content"].strip('“”"'),
            source=source,
            via=via,
            cue=gold["cue"] or "",
            cue_span=cue,
            direct=gold["direct"],
            hedges=gold["hedges"],
            content_span=content,
            sentence_span=sentence,
            claim=claims.get(key),
        )
        claims.setdefault(key, attribution.claim)
        made.append(attribution)
    for article in articles.values():
        article.extraction_state = article.ExtractionState.DONE
        article.save(update_fields=["extraction_state"])
    return made
