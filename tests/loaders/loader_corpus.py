"""Writes the generated corpus for the loader tests: hundreds of documents in every format, plus broken files.

Why generated: the expectations (document count, skipped files with reasons, phrases,
page texts) are recorded while the files are written, so the assertions cannot drift
from the data and no binary fixtures live in the repository.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from loader_pdf import encrypt_pdf, make_pdf

WORDS = ("ministry", "dialogue", "supply", "chain", "security", "minerals", "battery", "export",
         "council", "agreement", "partnership", "summit", "delegation", "cooperation", "energy",
         "climate", "trade", "investment", "policy", "research", "innovation", "semiconductor",
         "network", "review", "report", "committee", "regional")

KOREAN_CP949 = ("외교부 보도자료\n"
                "2026년 1월 23일\n"
                "한-캐나다 경제안보 대화 개최\n"
                "Korea-Canada Economic Security Dialogue held in Ottawa.\n"
                "양측은 핵심광물 공급망 협력을 논의했다. The two sides discussed critical minerals.\n")
KOREAN_PHRASES = ("한-캐나다 경제안보 대화 개최", "양측은 핵심광물 공급망 협력을 논의했다.",
                  "Korea-Canada Economic Security Dialogue")


@dataclass
class GeneratedCorpus:
    """The corpus folder and everything the tests expect to read back from it."""

    root: Path
    expected_docs: int = 0
    skipped: dict[str, str] = field(default_factory=dict)          # path -> reason fragment
    phrases: dict[str, list[str]] = field(default_factory=dict)    # doc_id -> phrases in text
    forbidden: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> must not appear
    titles: dict[str, str] = field(default_factory=dict)           # doc_id -> expected title
    metadata: dict[str, dict[str, str]] = field(default_factory=dict)  # doc_id -> expected subset
    pdf_pages: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> page texts

    def expect(self, doc_id: str, phrases: list[str], **metadata: str) -> None:
        self.expected_docs += 1
        self.phrases[doc_id] = phrases
        if metadata:
            self.metadata[doc_id] = metadata


def _sentence(rng: random.Random, marker: str) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    words.insert(rng.randint(1, len(words) - 1), marker)
    return " ".join(words).capitalize() + "."


def _write_texts(c: GeneratedCorpus, rng: random.Random, count: int) -> None:
    for i in range(count):
        marker = f"txtmarker{i:04d}"
        sub = f"text/group{i % 5}" if i % 2 else "text"
        body = [_sentence(rng, marker) for _ in range(rng.randint(3, 12))]
        if i % 3 == 0:  # press-release header: publisher, date line, headline
            head = [f"Ministry {i}", f"01/{(i % 28) + 1:02d}/2026 | Press Release | Economy", f"Headline {i}"]
            raw = "\n".join(head + [""] + body)
            meta = {"publisher": f"Ministry {i}", "date": f"2026-01-{(i % 28) + 1:02d}",
                    "type": "Press Release", "format": "text"}
            c.titles[f"{sub}/doc{i:04d}.txt"] = f"Headline {i}"
        else:
            raw = "\n\n".join(body)
            meta = {"format": "text"}
        if i % 4 == 1:  # messy whitespace that normalisation must clean
            raw = raw.replace("\n", " \t\r\n").replace(" ", "\u00a0", 3)
        if i % 7 == 2:
            raw += "\nCafe\u0301 au lait, re\u0301sume\u0301."
        path = c.root / sub / f"doc{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw.encode("utf-8"))
        c.expect(f"{sub}/doc{i:04d}.txt", [marker], **meta)
        if i % 7 == 2:
            c.phrases[f"{sub}/doc{i:04d}.txt"].append("Café au lait, résumé.")


def _write_markdown(c: GeneratedCorpus, rng: random.Random, count: int) -> None:
    for i in range(count):
        marker = f"mdmarker{i:04d}"
        raw = f"# Notes {i}\n\n" + "\n\n".join(f"- {_sentence(rng, marker)}" for _ in range(4))
        (c.root / "notes").mkdir(exist_ok=True)
        (c.root / "notes" / f"note{i:03d}.md").write_text(raw, encoding="utf-8")
        c.expect(f"notes/note{i:03d}.md", [marker], format="markdown")
        c.titles[f"notes/note{i:03d}.md"] = f"# Notes {i}"


def _html_page(i: int, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Page title {i} | News</title>
<meta property="og:title" content="OG title {i}">
<meta name="author" content="Author {i}">
<meta name="publisher" content="Publisher {i}">
<meta name="description" content="Description of page {i}">
<meta property="og:site_name" content="Site {i}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-{(i % 12) + 1:02d}-15T09:30:00+09:00">
<link rel="canonical" href="https://example.org/news/{i}">
<meta property="og:url" content="https://example.org/og/{i}">
<style>.navmark{i} {{ color: red; }} /* stylemark{i} */</style>
<script>var scriptmark{i} = "scriptmark{i}";</script>
</head><body>
<nav><ul><li><a href="/">Home navmark{i}</a></li><li><a href="/about">About navmark{i}</a></li></ul></nav>
<main><article><h1>Article heading {i}</h1>
{body}
</article></main>
<script>document.write("scriptmark{i}");</script>
</body></html>"""


def _write_html(c: GeneratedCorpus, rng: random.Random, count: int) -> None:
    (c.root / "web").mkdir(exist_ok=True)
    for i in range(count):
        marker = f"htmlmarker{i:04d}"
        paragraphs = [_sentence(rng, marker) for _ in range(rng.randint(3, 8))]
        name = f"web/page{i:03d}.{'htm' if i % 5 == 0 else 'html'}"
        (c.root / name).write_text(_html_page(i, paragraphs), encoding="utf-8")
        c.expect(name, [marker, paragraphs[0]], author=f"Author {i}", publisher=f"Publisher {i}",
                 date=f"2025-{(i % 12) + 1:02d}-15", source=f"https://example.org/news/{i}",
                 type="article", format="html")
        c.titles[name] = f"Page title {i} | News"
        c.forbidden[name] = [f"navmark{i}", f"scriptmark{i}", f"stylemark{i}", "color: red"]


def _write_pdfs(c: GeneratedCorpus, rng: random.Random, count: int) -> None:
    (c.root / "pdf").mkdir(exist_ok=True)
    for i in range(count):
        pages: list[list[str]] = []
        for p in range(rng.randint(1, 4)):
            if i % 6 == 5 and p == 1:
                pages.append([])  # a blank page in the middle
                continue
            pages.append([f"Page {p + 1} of report {i} pdfmarker{i:03d}p{p}"]
                         + [_sentence(rng, f"pdfword{p}") for _ in range(rng.randint(2, 5))])
        info = {"Title": f"Report {i}", "Author": f"Analyst {i}",
                "CreationDate": f"D:2024{(i % 12) + 1:02d}0{(i % 9) + 1}120000+09'00'"}
        (c.root / "pdf" / f"report{i:03d}.pdf").write_bytes(make_pdf(pages, info))
        doc_id = f"pdf/report{i:03d}.pdf"
        c.expect(doc_id, [lines[0] for lines in pages if lines], author=f"Analyst {i}",
                 date=f"2024-{(i % 12) + 1:02d}-0{(i % 9) + 1}", pages=str(len(pages)), format="pdf")
        c.titles[doc_id] = f"Report {i}"
        c.pdf_pages[doc_id] = ["\n".join(lines) for lines in pages]


def _write_jsonl(c: GeneratedCorpus, rng: random.Random, files: int, lines: int) -> None:
    (c.root / "data").mkdir(exist_ok=True)
    for f in range(files):
        rows: list[str] = []
        bad = 0
        for n in range(1, lines + 1):
            if f == 0 and n == 3:
                rows.append('{"text": "unterminated')
                bad += 1
                continue
            if f == 0 and n == 7:
                rows.append(json.dumps({"title": "no text field"}))
                bad += 1
                continue
            marker = f"jsonmarker{f}x{n:03d}"
            record: dict[str, object] = {"text": _sentence(rng, marker)}
            if f % 2 == 1:
                record["id"] = f"rec-{f}-{n}"
                record["title"] = f"Record {f}-{n}"
                record["metadata"] = {"date": "2023-05-06T10:00:00Z", "source": f"https://data.example/{n}",
                                      "score": n, "tags": ["a", "b"]}
            rows.append(json.dumps(record, ensure_ascii=False))
        (c.root / "data" / f"records{f}.jsonl").write_text("\n".join(rows) + "\n\n", encoding="utf-8")
        for n in range(1, lines + 1):
            if f == 0 and n in (3, 7):
                continue
            key = f"rec-{f}-{n}" if f % 2 == 1 else str(n)
            meta = {"format": "jsonl", "line": str(n)}
            if bad:
                meta["skipped_lines"] = str(bad)
            if f % 2 == 1:
                meta.update(date="2023-05-06", source=f"https://data.example/{n}", score=str(n),
                            tags='["a", "b"]')
            c.expect(f"data/records{f}.jsonl#{key}", [f"jsonmarker{f}x{n:03d}"], **meta)


def _write_special(c: GeneratedCorpus) -> None:
    """Korean CP949, UTF-16, malformed-but-recoverable HTML, and the files that must be skipped."""
    special = c.root / "special"
    special.mkdir()
    (special / "korean_cp949.txt").write_bytes(KOREAN_CP949.encode("cp949"))
    c.expect("special/korean_cp949.txt", list(KOREAN_PHRASES))
    (special / "utf16.txt").write_bytes("UTF-16 text with a BOM: utf16marker.\n".encode("utf-16"))
    c.expect("special/utf16.txt", ["utf16marker"])
    (special / "malformed.html").write_text(
        "<html><body><p>Unclosed paragraph malformedmarker <div>nested <b>bold text</html></p></div>",
        encoding="utf-8")
    c.expect("special/malformed.html", ["malformedmarker"])
    (special / ".hidden.txt").write_text("ignored", encoding="utf-8")

    broken = c.root / "broken"
    broken.mkdir()
    pdf = make_pdf([["Secret page text."]], {"Title": "Secret"})
    files: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "empty file"),
        "blank.md": (b"  \n\n \t\n", "empty file"),
        "garbage.txt": (bytes(random.Random(7).randrange(256) for _ in range(4096)) + b"\x00", "binary file"),
        "truncated.pdf": (pdf[: len(pdf) // 3], "unreadable PDF"),
        "encrypted.pdf": (encrypt_pdf(pdf, "secret"), "PDF is encrypted"),
        "scanned.pdf": (make_pdf([[], []]), "no text found in PDF"),
        "scripts_only.html": (b"<html><head><style>p{}</style><script>var x = 1;</script></head>"
                              b"<body><script>alert(1)</script></body></html>", "no text found"),
        "all_bad.jsonl": (b'{"text": 1}\nnot json\n[1, 2]\n', "no usable lines (3 bad)"),
        "report.docx": (b"PK\x03\x04" + bytes(200), "unsupported file type '.docx'"),
    }
    for name, (data, reason) in files.items():
        (broken / name).write_bytes(data)
        c.skipped[f"broken/{name}"] = reason


def build_corpus(root: Path, seed: int = 20260123) -> GeneratedCorpus:
    """Write the whole corpus under ``root`` and return what loading it must produce."""
    rng = random.Random(seed)
    corpus = GeneratedCorpus(root=root)
    _write_texts(corpus, rng, 150)
    _write_markdown(corpus, rng, 40)
    _write_html(corpus, rng, 80)
    _write_pdfs(corpus, rng, 30)
    _write_jsonl(corpus, rng, files=5, lines=20)
    _write_special(corpus)
    return corpus
