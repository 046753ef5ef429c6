"""Time the attribution extractor against a bare `nlp.pipe` over the same texts.

Usage: python bench/extraction.py [--articles 100] [--rounds 3] [--seeds DIR]
The last line printed is one JSON object with both rates and their ratio.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.extraction import DEFAULT_MODEL, extract_many, load_nlp  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating timing rounds; best kept"
    )
    args = parser.parse_args()

    import spacy

    seeds = [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))]
    if not seeds:
        sys.exit(f"no .txt files in {args.seeds}")
    texts = (seeds * (args.articles // len(seeds) + 1))[: args.articles]

    bare = spacy.load(DEFAULT_MODEL)  # the full default pipeline, as shipped
    extractor_nlp = load_nlp(DEFAULT_MODEL)
    # Warm both up so neither pays for first-call allocation.
    list(bare.pipe(texts[:2]))
    list(extract_many(texts[:2], nlp=extractor_nlp))

    # The machine is shared: alternate the two and keep each one's best round.
    bare_s = extractor_s = float("inf")
    found = 0
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=args.batch_size):
            pass
        bare_s = min(bare_s, time.perf_counter() - start)

        start = time.perf_counter()
        found = sum(
            len(a) for a in extract_many(texts, nlp=extractor_nlp, batch_size=args.batch_size)
        )
        extractor_s = min(extractor_s, time.perf_counter() - start)

    bare_rate = len(texts) / bare_s
    extractor_rate = len(texts) / extractor_s
    print(
        f"{len(texts)} articles; bare nlp.pipe {bare_rate:.2f} articles/s; "
        f"extractor {extractor_rate:.2f} articles/s ({found} attributions)"
    )
    print(
        json.dumps(
            {
                "articles": len(texts),
                "extractor_articles_per_s": round(extractor_rate, 2),
                "bare_articles_per_s": round(bare_rate, 2),
                "ratio": round(extractor_rate / bare_rate, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
