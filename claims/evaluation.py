"""Score predicted attributions against a gold file (the rules of shared/eval/FORMAT.md).

A prediction matches a gold attribution of the same article when their content spans overlap by
at least half of the longer span's tokens (word tokens, `\\w+`). Its source is right when the
canonical names are equal after case folding or one contains the other; a group name
("A and B") is compared as the set of its members, whatever their order. Plain module: the
management command and the tests share it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

_WORD = re.compile(r"\w+")


@dataclass
class Item:
    article: str
    start: int
    end: int
    content: str
    source_name: str | None
    source_kind: str
    record: dict

    def tokens(self, text: str) -> list[tuple[int, int]]:
        return [
            (m.start() + self.start, m.end() + self.start)
            for m in _WORD.finditer(text[self.start : self.end])
        ]


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    content_matched: int = 0
    source_matched: int = 0
    kind_right: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    wrong_source: list = field(default_factory=list)

    @staticmethod
    def _prf(hit: int, predicted: int, gold: int) -> dict:
        p = hit / predicted if predicted else 0.0
        r = hit / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    def figures(self) -> dict:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "content": self._prf(self.content_matched, self.predicted, self.gold),
            "content_source": self._prf(self.source_matched, self.predicted, self.gold),
            "kind_accuracy": round(self.kind_right / self.content_matched, 4)
            if self.content_matched
            else 0.0,
        }


def _norm(name: str | None) -> str:
    return re.sub(r"\s+", " ", (name or "").replace("\u2019", "'")).strip().casefold()


def source_right(predicted: str | None, gold: str | None) -> bool:
    p, g = _norm(predicted), _norm(gold)
    if not p or not g:
        return not p and not g
    return p == g or p in g or g in p


def gold_items(gold_path: Path, articles: dict[str, str]) -> list[Item]:
    """Gold lines with content offsets recovered from sentence and content strings."""
    items = []
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        text = articles.get(rec["article"], "")
        s = text.find(rec["sentence"])
        base = max(s, 0)
        c = text.find(rec["content"], base) if s >= 0 else text.find(rec["content"])
        if c < 0:
            c = text.find(rec["content"])
        start = max(c, 0)
        items.append(
            Item(
                rec["article"],
                start,
                start + len(rec["content"]),
                rec["content"],
                rec.get("source_name"),
                rec.get("source_kind", ""),
                rec,
            )
        )
    return items


def predicted_items(records: list[dict]) -> list[Item]:
    return [
        Item(
            r["article"],
            r["content_start"],
            r["content_end"],
            r["content"],
            r.get("source_name"),
            r.get("source_kind", ""),
            r,
        )
        for r in records
    ]


def _overlaps(g: Item, p: Item, text: str) -> bool:
    gt, pt = g.tokens(text), p.tokens(text)
    if not gt or not pt:
        return False
    shared = len(set(gt) & set(pt))
    return shared >= max(len(gt), len(pt)) / 2


def _match(gold: list[Item], pred: list[Item], edge) -> dict[int, int]:
    """Maximum bipartite matching gold->pred (augmenting paths); `edge(g, p)` says if a pair
    may match. Edges are tried in list order, so callers list preferred pairs first."""
    adj = {
        gi: [pi for pi in range(len(pred)) if edge(gold[gi], pred[pi])] for gi in range(len(gold))
    }
    owner: dict[int, int] = {}

    def augment(gi, seen):
        for pi in adj[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    return {gi: pi for pi, gi in owner.items()}


def score(gold: list[Item], pred: list[Item], articles: dict[str, str]) -> Scores:
    scores = Scores(gold=len(gold), predicted=len(pred))
    by_article_g, by_article_p = defaultdict(list), defaultdict(list)
    for g in gold:
        by_article_g[g.article].append(g)
    for p in pred:
        by_article_p[p.article].append(p)
    for article in sorted(set(by_article_g) | set(by_article_p)):
        text = articles.get(article, "")
        gs, ps = by_article_g[article], by_article_p[article]

        def content_edge(g, p, text=text):
            return _overlaps(g, p, text)

        def source_edge(g, p, text=text):
            return _overlaps(g, p, text) and source_right(p.source_name, g.source_name)

        both = _match(gs, ps, source_edge)
        # Content matching first keeps the source-right pairs, then fills the rest.
        content = _match_preferring(gs, ps, content_edge, both)
        scores.content_matched += len(content)
        scores.source_matched += len(both)
        for gi, pi in content.items():
            if gs[gi].source_kind == ps[pi].source_kind:
                scores.kind_right += 1
            if gi not in both:
                scores.wrong_source.append((gs[gi], ps[pi]))
        matched_p = set(content.values())
        scores.misses += [g for gi, g in enumerate(gs) if gi not in content]
        scores.false_positives += [p for pi, p in enumerate(ps) if pi not in matched_p]
    return scores


def _match_preferring(gold, pred, edge, seed: dict[int, int]) -> dict[int, int]:
    """Maximum matching that starts from `seed` (augmenting paths never unmatch a vertex, so
    the seeded pairs stay matched, possibly re-paired)."""
    adj = {
        gi: [pi for pi in range(len(pred)) if edge(gold[gi], pred[pi])] for gi in range(len(gold))
    }
    for gi, pi in seed.items():
        adj[gi].remove(pi)
        adj[gi].insert(0, pi)
    owner = {pi: gi for gi, pi in seed.items()}

    def augment(gi, seen):
        for pi in adj[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold)):
        if gi not in seed:
            augment(gi, set())
    return {gi: pi for pi, gi in owner.items()}


def read_articles(directory: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(directory).glob("*.txt"))}


def evaluate(
    gold_path: Path, articles_dir: Path, nlp=None
) -> tuple[Scores, list[Item], list[Item]]:
    """Run the extractor over the articles and score it against the gold file."""
    from claims.extraction import extract_many

    articles = read_articles(articles_dir)
    names = list(articles)
    records = []
    for name, found in zip(names, extract_many([articles[n] for n in names], nlp=nlp), strict=True):
        records += [a.as_json(name) for a in found]
    gold = gold_items(gold_path, articles)
    pred = predicted_items(records)
    return score(gold, pred, articles), gold, pred


def report_lines(scores: Scores, misses: bool = False) -> list[str]:
    f = scores.figures()
    lines = [
        f"gold {f['gold']}  predicted {f['predicted']}",
        "content         P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}".format(**f["content"]),
        "content+source  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}".format(
            **f["content_source"]
        ),
        f"source kind right on matched: {f['kind_accuracy']:.3f}",
    ]
    if misses:
        for g in scores.misses:
            lines.append(
                f"MISS {g.article[:3]} [{g.record.get('source')} / {g.record.get('cue')}] {g.content[:110]!r}"
            )
        for p in scores.false_positives:
            lines.append(
                f"FP   {p.article[:3]} [{p.record.get('source')} / {p.record.get('cue')}] {p.content[:110]!r}"
            )
        for g, p in scores.wrong_source:
            lines.append(
                f"SRC  {g.article[:3]} gold {g.source_name!r} ({g.source_kind}) got {p.source_name!r} "
                f"({p.source_kind}) [{p.record.get('source')}] {g.content[:60]!r}"
            )
    lines.append(json.dumps(f))
    return lines
