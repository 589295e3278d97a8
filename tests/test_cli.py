"""The CLI through typer's runner and as a real subprocess (for exit codes and messages)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.settings import Settings

runner = CliRunner()


def test_index_reports_counts(fake_settings: Settings) -> None:
    result = runner.invoke(app, ["index", "--corpus", str(fake_settings.corpus_dir),
                                 "--index", str(fake_settings.index_dir)], env={"QA_EMBED_MODEL": "hashing-64"})
    assert result.exit_code == 0, result.output
    assert "added 2 / updated 0 / removed 0 / unchanged 0" in result.output
    again = runner.invoke(app, ["index", "--corpus", str(fake_settings.corpus_dir),
                                "--index", str(fake_settings.index_dir)], env={"QA_EMBED_MODEL": "hashing-64"})
    assert "unchanged 2" in again.output


def test_ask_json_has_the_answer_object(fake_settings: Settings) -> None:
    result = runner.invoke(app, ["ask", "Where is UNODC headquartered?", "--json", "--corpus",
                                 str(fake_settings.corpus_dir), "--index", str(fake_settings.index_dir)],
                           env={"QA_EMBED_MODEL": "hashing-64"})
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert set(body) >= {"question", "answer", "score", "citations", "reason"}


def _qa(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "QA_EMBED_MODEL": "hashing-64", **(env_extra or {})}
    return subprocess.run([sys.executable, "-c", "from qa.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_empty_question_is_one_clear_line(tmp_path: Path) -> None:
    result = _qa("ask", "   ", "--corpus", str(tmp_path))
    assert result.returncode != 0
    assert "question is empty" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("ask", "--bogus"), "No such option: --bogus"),
    (("docs", "list", "--nope"), "No such option: --nope"),
    (("ask",), "Missing argument"),
])
def test_a_command_line_mistake_is_a_usage_message_not_a_traceback(args: tuple[str, ...], message: str) -> None:
    result = _qa(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_missing_corpus_is_one_clear_line(tmp_path: Path) -> None:
    result = _qa("ask", "Who?", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i"))
    assert result.returncode != 0
    assert "Corpus folder not found" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_ask_human_output_shows_answer_and_source(seed_settings: Settings, seed_assistant) -> None:
    result = runner.invoke(app, ["ask", "Who co-chaired the ROK-UNODC Strategic Dialogue?", "--corpus",
                                 str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir)])
    assert result.exit_code == 0, result.output
    assert "Candice Welsch" in result.output and "source:" in result.output
