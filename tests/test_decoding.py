"""Corpus files in any state: the readable ones are indexed, the rest named in one warning each."""

import logging

import pytest

from retrieval.answer.qa import QA
from retrieval.config import load_settings
from retrieval.ingest.corpus import CorpusError
from retrieval.ingest.decoding import UndecodableError, decode

TEXT = "示例标题\n\n某市今年共破获毒品案件12起,抓获犯罪嫌疑人30名。"


def test_utf8_with_and_without_bom():
    assert decode(TEXT.encode("utf-8")) == TEXT
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == TEXT


def test_gbk_and_gb18030():
    assert decode(TEXT.encode("gbk")) == TEXT
    assert decode("𠀀字".encode("gb18030")) == "𠀀字"


def test_crlf_line_ends_become_newlines():
    assert decode("一\r\n二\r三".encode()) == "一\n二\n三"


@pytest.mark.parametrize("data", [b"", b"  \n\t ", b"\x00\x01\x02binary\x00", bytes(range(256)) * 4])
def test_junk_is_refused(data):
    with pytest.raises(UndecodableError):
        decode(data)


def test_corpus_skips_bad_files_with_a_warning_naming_each(tmp_path, caplog):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(TEXT.replace("12", "15").encode("gbk"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.md").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "copy.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    with caplog.at_level(logging.WARNING):
        articles = QA.from_settings(load_settings(corpus=tmp_path)).index.articles
    assert sorted(a.doc for a in articles) in (["copy", "gbk"], ["gbk", "good"])
    warnings = " ".join(r.getMessage() for r in caplog.records)
    for name in ("empty.txt", "junk.md"):
        assert name in warnings
    assert "same text as" in warnings
    assert "ignored.pdf" not in warnings


def test_missing_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        QA.from_settings(load_settings(corpus=tmp_path / "nope"))
