"""The extractor scored on the hand-annotated seed articles (../shared beside the checkout)."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.evaluation import evaluate, source_right
from claims.extraction import load_nlp

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "eval" / "seeds.gold.jsonl"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def seed_scores():
    if not (GOLD.is_file() and SEEDS.is_dir()):
        pytest.skip("../shared/eval and ../shared/seeds are not present")
    scores, _, _ = evaluate(GOLD, SEEDS, nlp=load_nlp())
    return scores.figures()


def test_seed_content_f1_meets_target(seed_scores):
    assert seed_scores["content"]["f1"] >= 0.90


def test_seed_content_and_source_f1_meets_target(seed_scores):
    # Issue 3's target, scored under FORMAT.md's strict rule (measured 0.882).
    assert seed_scores["content_source"]["f1"] >= 0.85


def test_seed_source_kind_right_on_nine_in_ten_matches(seed_scores):
    assert seed_scores["kind_accuracy"] >= 0.90


def test_source_names_match_as_format_md_says():
    assert source_right("putin", "Vladimir Putin")
    assert not source_right("Vladimir Putin and Xi Jinping", "Xi Jinping and Vladimir Putin")
    assert not source_right("Vladimir Putin", "Xi Jinping")
    assert source_right(None, None)


def test_evaluate_command_ends_with_json_figures(capsys):
    if not (GOLD.is_file() and SEEDS.is_dir()):
        pytest.skip("../shared/eval and ../shared/seeds are not present")
    call_command("evaluate_extraction", str(GOLD), str(SEEDS))
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last)["content"]["f1"] >= 0.90


def test_extract_command_prints_one_json_object_per_attribution(tmp_path, capsys):
    article = tmp_path / "note.txt"
    article.write_text(
        "“The bridge is safe,” said Paulo Costa.\n\nThe ferry reportedly sank.\n", encoding="utf-8"
    )
    call_command("extract_attributions", str(article))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 2
    text = article.read_text(encoding="utf-8")
    for record in lines:
        assert record["article"] == "note.txt"
        assert text[record["content_start"] : record["content_end"]] == record["content"]
