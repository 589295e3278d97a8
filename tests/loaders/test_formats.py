"""Per-format edge cases: decoding, registry, PDF encryption, JSONL lines, HTML fallbacks, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loader_pdf import encrypt_pdf, make_pdf

import qa.documents
from qa.documents import load_corpus, load_file
from qa.loaders import SUPPORTED_SUFFIXES, loader_for
from qa.loaders.common import decode_text, iso_date, try_cp949
from qa.loaders.html import load_html
from qa.loaders.jsonl import load_jsonl
from qa.loaders.pdf import load_pdf

# charset-normalizer reads this short, mostly-English CP949 text as Big5; try_cp949 must not.
SHORT_KOREAN = "The quick brown fox. 한국.\nThe quick brown fox. 한국.\n"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".markdown", ".text", ".html", ".htm", ".HTML", ".pdf", ".jsonl"])
def test_registry_covers_every_format(suffix: str) -> None:
    assert loader_for(Path(f"x{suffix}")) is not None


@pytest.mark.parametrize("suffix", [".docx", ".png", ""])
def test_registry_refuses_unknown_suffixes(suffix: str) -> None:
    assert loader_for(Path(f"x{suffix}")) is None
    assert suffix.lower() not in SUPPORTED_SUFFIXES


def test_short_korean_cp949_is_read_as_korean() -> None:
    data = SHORT_KOREAN.encode("cp949")
    assert try_cp949(data) == SHORT_KOREAN
    assert decode_text(data) == SHORT_KOREAN


@pytest.mark.parametrize(("text", "encoding"), [
    ("中华人民共和国外交部今天发表声明，双方讨论了供应链合作问题。", "gbk"),
    ("中華民國外交部今天發表聲明，雙方討論了供應鏈合作問題。", "big5"),
    ("日本の外務省は本日、経済安全保障対話を開催したと発表しました。", "shift_jis"),
    ("こんにちは世界。ありがとうございます。", "shift_jis"),
])
def test_cp949_heuristic_leaves_other_cjk_encodings_alone(text: str, encoding: str) -> None:
    assert try_cp949(text.encode(encoding)) is None


def test_binary_and_wide_encodings() -> None:
    with pytest.raises(ValueError, match="binary file"):
        decode_text(b"abc\x00def")
    with pytest.raises(ValueError, match="binary file"):
        decode_text(bytes(range(1, 32)) * 50)
    assert decode_text("wide text é".encode("utf-16")) == "wide text é"
    assert decode_text("\ufeffbom text".encode("utf-8")) == "bom text"


def test_declared_html_charset_is_honoured(tmp_path: Path) -> None:
    html = ('<html><head><meta charset="euc-kr"><title>보도자료</title></head>'
            "<body><p>한국어 본문입니다.</p></body></html>")
    (tmp_path / "k.html").write_bytes(html.encode("euc-kr"))
    [doc] = load_html(tmp_path / "k.html", tmp_path)
    assert doc.title == "보도자료"
    assert "한국어 본문입니다." in doc.text


def test_html_fragment_and_plain_text_fall_back(tmp_path: Path) -> None:
    fragment = "<p>Just a fragment fragmentmarker.</p><script>bad()</script>"
    (tmp_path / "frag.html").write_text(fragment, encoding="utf-8")
    (tmp_path / "plain.htm").write_text("no markup at all plainmarker", encoding="utf-8")
    [frag] = load_html(tmp_path / "frag.html", tmp_path)
    [plain] = load_html(tmp_path / "plain.htm", tmp_path)
    assert "fragmentmarker" in frag.text and "bad()" not in frag.text
    assert plain.text == "no markup at all plainmarker"


def test_html_meta_fallbacks(tmp_path: Path) -> None:
    html = """<html><head><meta property="og:title" content="Only OG">
    <meta property="og:site_name" content="The Site"><meta property="og:url" content="https://x.example/a">
    <meta property="article:published_time" content="2024-02-29T23:30:00Z"></head>
    <body><article><p>Body text for the fallback test, long enough to be the main content.</p>
    </article></body></html>"""
    (tmp_path / "m.html").write_text(html, encoding="utf-8")
    [doc] = load_html(tmp_path / "m.html", tmp_path)
    assert doc.title == "Only OG"
    assert doc.metadata["publisher"] == "The Site"
    assert doc.metadata["source"] == "https://x.example/a"
    assert doc.metadata["date"] == "2024-02-29"


def test_json_ld_fills_what_the_head_does_not_state(tmp_path: Path) -> None:
    ld = ('{"@context": "https://schema.org", "@type": "NewsArticle", "author": {"@type": "Person", '
          '"name": "Lee Min"}, "datePublished": "2025-03-01T08:00:00+09:00", '
          '"publisher": {"@type": "Organization", "name": "Yonhap"}}')
    html = (f'<html><head><title>LD page</title><script type="application/ld+json">{ld}</script></head>'
            "<body><article><p>Some body text that is long enough to be the main content.</p></article>"
            "</body></html>")
    (tmp_path / "ld.html").write_text(html, encoding="utf-8")
    [doc] = load_html(tmp_path / "ld.html", tmp_path)
    assert doc.title == "LD page"
    assert doc.metadata["author"] == "Lee Min"
    assert doc.metadata["publisher"] == "Yonhap"
    assert doc.metadata["date"] == "2025-03-01"
    assert "schema.org" not in doc.text


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    data = encrypt_pdf(make_pdf([["Readable despite encryption."]]), user_password="")
    (tmp_path / "owner.pdf").write_bytes(data)
    [doc] = load_pdf(tmp_path / "owner.pdf", tmp_path)
    assert doc.text == "Readable despite encryption."
    assert doc.metadata["pages"] == "1" and doc.metadata["page_offsets"] == "0"


def test_pdf_with_user_password_is_refused(tmp_path: Path) -> None:
    (tmp_path / "locked.pdf").write_bytes(encrypt_pdf(make_pdf([["Hidden."]]), user_password="pw"))
    with pytest.raises(ValueError, match="PDF is encrypted"):
        load_pdf(tmp_path / "locked.pdf", tmp_path)


def test_pdf_garbage_is_a_value_error(tmp_path: Path) -> None:
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    with pytest.raises(ValueError):
        load_pdf(tmp_path / "junk.pdf", tmp_path)


def test_jsonl_ids_lines_and_metadata(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": 0, "text": "Zero id keeps its id.", "metadata": {"date": "not a date", "n": None}}),
        json.dumps({"text": "No id uses the line number.", "title": "Titled"}),
        "",
        json.dumps({"id": "  ", "text": "Blank id uses the line number too.", "metadata": ["not", "a", "dict"]}),
        json.dumps("a bare string"),
    ]
    (tmp_path / "r.jsonl").write_text("\r\n".join(rows), encoding="utf-8")
    docs = {d.doc_id: d for d in load_jsonl(tmp_path / "r.jsonl", tmp_path)}
    assert set(docs) == {"r.jsonl#0", "r.jsonl#2", "r.jsonl#4"}
    assert "date" not in docs["r.jsonl#0"].metadata and "n" not in docs["r.jsonl#0"].metadata
    assert docs["r.jsonl#2"].title == "Titled"
    assert {d.metadata["skipped_lines"] for d in docs.values()} == {"1"}


def test_jsonl_with_only_bad_lines_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": ""}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"no usable lines \(2 bad\)"):
        load_jsonl(tmp_path / "bad.jsonl", tmp_path)


def test_oversized_and_unreadable_files_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "big.txt").write_text("x" * 2048, encoding="utf-8")
    (tmp_path / "locked.txt").write_text("cannot be read", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    monkeypatch.setattr(qa.documents, "MAX_FILE_BYTES", 1024)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    docs, skipped = load_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["ok.txt"]
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["big.txt"].startswith("file too large")
    assert reasons["locked.txt"] == "unreadable file (Permission denied)"


def test_load_file_reports_binary_txt(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ValueError, match="binary file"):
        load_file(tmp_path / "bin.txt", tmp_path)


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-01-23T09:00:00+09:00", "2026-01-23"),
    ("2026-01-23T23:59:00Z", "2026-01-23"),
    ("2026-01-23", "2026-01-23"),
    ("20260123", "2026-01-23"),
    ("Fri, 23 Jan 2026 09:00:00 +0900", "2026-01-23"),
    ("yesterday", None),
    ("", None),
])
def test_iso_date(value: str, expected: str | None) -> None:
    assert iso_date(value) == expected
