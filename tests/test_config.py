"""Settings: defaults from config/default.yaml, a user file overrides only what it names."""

import re

import pytest

from retrieval.config import DEFAULT_FILE, ConfigError, load_settings

from .conftest import ROOT, run_qabot


def test_defaults_point_at_the_bundled_seeds():
    settings = load_settings()
    assert settings.corpus == ROOT / "seeds"
    assert settings.tokenizer.userdict == DEFAULT_FILE.parent / "userdict.txt"


def test_user_file_overrides_only_what_it_names(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "ranking:\n  article_weight: 0.9\nanswers:\n  count: 5\ncorpus: articles\n", encoding="utf-8"
    )
    settings = load_settings(user)
    assert settings.ranking.article_weight == 0.9
    assert settings.answers.count == 5
    assert settings.ranking.context_weight == load_settings().ranking.context_weight
    assert settings.corpus == tmp_path / "articles"  # relative to the file that names it


def test_command_line_corpus_wins(tmp_path):
    assert load_settings(None, tmp_path).corpus == tmp_path


@pytest.mark.parametrize(
    "content, message",
    [
        ("rankin:\n  article_weight: 1\n", "unknown key 'rankin'"),
        ("ranking:\n  article_wieght: 1\n", "unknown key 'ranking.article_wieght'"),
        ("ranking:\n  article_weight: high\n", "'ranking.article_weight': expected a number, got text"),
        ("answers:\n  count: 2.5\n", "'answers.count': expected a whole number"),
        ("bm25:\n  b: 3\n", "'bm25.b': expected a number <= 1.0"),
        ("bm25:\n  k1: .nan\n", "'bm25.k1': expected a number >= 0.0"),
        ("answers:\n  min_coverage: .nan\n", "'answers.min_coverage': expected a number >= 0.0"),
        ("ranking:\n  candidates: .inf\n", "'ranking.candidates': expected a whole number"),
        ("ranking:\n  article_weight: .inf\n", "'ranking.article_weight': expected a number <= 10.0"),
        ("text:\n  max_file_mb: -.inf\n", "'text.max_file_mb': expected a number >= 0.001"),
        ("tokenizer:\n  traditional_to_simplified: 1\n", "expected true or false"),
        ("telegram:\n  allowed_chats: [1, true]\n", "'telegram.allowed_chats[1]': expected a whole number"),
        ("index:\n  engine: fast\n", "'index.engine' must be one of auto, rank-bm25, bm25s"),
        ("index:\n  cache_dir: 3\n", "'index.cache_dir': expected a path"),
        ("ranking: 3\n", "'ranking': expected a mapping"),
        ("- a\n- b\n", "expected a mapping"),
        ("ranking: [\n", "not valid YAML"),
    ],
)
def test_bad_settings_are_named(tmp_path, content, message):
    user = tmp_path / "bad.yaml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(user)


def test_missing_word_list_is_named(tmp_path):
    user = tmp_path / "bad.yaml"
    user.write_text("tokenizer:\n  userdict: nowhere.txt\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"'tokenizer\.userdict' names a file that does not exist: .*nowhere\.txt"
    ):
        load_settings(user)


def test_bad_synonyms_file_is_a_config_error(tmp_path):
    synonyms = tmp_path / "syn.yaml"
    synonyms.write_text("just text\n", encoding="utf-8")
    user = tmp_path / "bad.yaml"
    user.write_text(f"tokenizer:\n  synonyms: {synonyms}\n", encoding="utf-8")
    run = run_qabot("--config", str(user), "ask", "问题")
    assert run.returncode == 2 and "synonyms" in run.stderr and "Traceback" not in run.stderr


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "none.yaml")


def test_cli_reports_bad_config_with_exit_code_2(tmp_path):
    user = tmp_path / "bad.yaml"
    user.write_text("answers:\n  count: many\n", encoding="utf-8")
    run = run_qabot("--config", str(user), "ask", "阳泉有多少禁毒社工")
    assert run.returncode == 2
    assert "answers.count" in run.stderr and "Traceback" not in run.stderr


def test_cli_reports_missing_corpus_with_exit_code_2(tmp_path):
    run = run_qabot("ask", "问题", "--corpus", str(tmp_path / "missing"))
    assert run.returncode == 2
    assert "corpus folder not found" in run.stderr and "Traceback" not in run.stderr
