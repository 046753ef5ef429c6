"""`manage.py import_articles`: files, folders, summary line, exit status."""

import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article

pytestmark = pytest.mark.django_db

STORY = (
    "Minister denies bridge report\n\n"
    "PORT ELLIS (Example News) – The transport minister said on Monday that the bridge was safe.\n"
)


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        status = error.returncode
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def bulk_folder(tmp_path, seeds):
    """The seeds in nested folders, plus a file the import must skip."""
    (tmp_path / "2022" / "september").mkdir(parents=True)
    for i, seed in enumerate(sorted(seeds.glob("*.txt"))):
        target = tmp_path / ("2022/september" if i % 2 else "2022") / seed.name
        shutil.copy(seed, target)
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text(STORY)
    return tmp_path


def test_folder_is_imported_recursively_with_a_summary_line(bulk_folder):
    status, out, err = run(bulk_folder)
    assert status == 0
    assert out.splitlines()[-1] == "imported 5, duplicates 0, failed 0"
    assert Article.objects.count() == 5
    assert err == ""


def test_importing_again_reports_the_existing_articles(bulk_folder):
    run(bulk_folder)
    status, out, _ = run(bulk_folder)
    assert status == 0
    assert out.splitlines()[-1] == "imported 0, duplicates 5, failed 0"
    assert out.count("duplicate: ") == 5
    assert "is already article #" in out
    assert Article.objects.count() == 5


def test_failed_files_are_named_counted_and_make_the_exit_status_non_zero(tmp_path):
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    pdf = tmp_path / "other" / "story.pdf"  # skipped inside a folder, refused when named
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.7")
    status, out, err = run(tmp_path, tmp_path / "missing.txt", pdf)
    assert status == 1
    assert out.splitlines()[-1] == "imported 1, duplicates 0, failed 4"
    assert f"failed: {tmp_path / 'empty.txt'}: empty file" in err
    assert f"failed: {tmp_path / 'photo.txt'}: binary file (PNG image)" in err
    assert f"failed: {tmp_path / 'missing.txt'}: No such file or directory" in err
    assert f"failed: {pdf}: unknown extension .pdf" in err
    assert Article.objects.count() == 1


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path, settings):
    settings.ARTICLES_MAX_BYTES = 50
    (tmp_path / "big.txt").write_text(STORY)
    status, out, err = run(tmp_path)
    assert status == 1
    assert "big.txt: " in err and "over the 50 bytes limit" in err
    assert not Article.objects.exists()


def test_outlet_and_url_options_apply_to_the_article(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    status, _, _ = run(story, "--outlet", "Wire Service", "--url", "https://news.example/bridge")
    article = Article.objects.get()
    assert status == 0
    assert (article.outlet, article.url) == ("Wire Service", "https://news.example/bridge")


def test_url_option_needs_exactly_one_article(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("Monday", "Tuesday"))
    with pytest.raises(CommandError, match="--url names one article"):
        call_command("import_articles", str(tmp_path), "--url", "https://news.example/x")
    assert not Article.objects.exists()


@pytest.mark.slow
def test_command_line_exit_status_and_summary(tmp_path, settings):
    """Through manage.py as a user runs it: exit status 1 and the summary on stdout."""
    (tmp_path / "empty.txt").write_bytes(b"")
    db = settings.DATABASES["default"]
    if str(db.get("HOST", "")).startswith("/"):
        pytest.skip("needs a TCP database (DATABASE_URL), not the embedded server's socket")
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "import_articles", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.strip().splitlines()[-1] == "imported 0, duplicates 0, failed 1"
    assert "empty.txt: empty file" in done.stderr
