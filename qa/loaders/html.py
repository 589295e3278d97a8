"""HTML loader: the page's main text (via trafilatura) plus the metadata its head states.

Why trafilatura: it is a maintained main-content extractor that drops navigation,
scripts, styles, boilerplate and comments far more reliably than tag stripping.
Why read the head ourselves too: trafilatura's title prefers ``og:title`` and its URL
prefers ``og:url``; we want the document's own ``<title>`` and ``<link rel=canonical>``
first, falling back to trafilatura's metadata for what the head does not state.
"""

from __future__ import annotations

import copy
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from qa.documents import doc_id_for
from qa.loaders.common import build_document, clean_metadata, decode_text, iso_date, read_bytes
from qa.schemas import Document

# Page chrome removed before extraction; trafilatura alone keeps nav text on short pages.
_PRUNE = ["//nav", "//*[@role='navigation']", "//*[@aria-hidden='true']"]
# Removed by the fallback extractor, which sees everything trafilatura gave up on.
_FALLBACK_DROP = ("//script|//style|//noscript|//template|//nav|//*[@role='navigation']"
                  "|//head|//header|//footer|//aside|//form|//svg|//iframe|//button|//select")
# Fields worth a (slower) trafilatura metadata pass when the head does not state them.
_WANTED = frozenset({"author", "publisher", "date", "source"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tr",
                     "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "br", "hr",
                     "dd", "dt", "dl", "figcaption", "td", "th", "caption"})


def _parse(data: bytes) -> lxml.html.HtmlElement:
    """Decode (UTF-8, the declared charset, CP949, detection) and parse leniently."""
    declared: str | None = None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:  # lxml reads <meta charset> / http-equiv for us; only needed when UTF-8 fails
            declared = lxml.html.document_fromstring(data[:65_536]).getroottree().docinfo.encoding
        except (etree.ParserError, ValueError):
            declared = None
    text = decode_text(data, declared=declared)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError("invalid HTML (no document could be parsed)") from exc
    return tree


def _first(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    """The first non-blank value among the XPath expressions, in order of preference."""
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = " ".join(str(value).split())
            if text:
                return text
    return None


def _meta(name: str) -> str:
    lower = "translate(@{attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    return (f"//meta[{lower.format(attr='name')}='{name}' or {lower.format(attr='property')}='{name}']"
            "/@content")


def head_metadata(tree: lxml.html.HtmlElement) -> tuple[str | None, dict[str, str]]:
    """Title and metadata stated in the head: title, author, publisher, date, source, type."""
    title = _first(tree, "//head/title/text()", "//title/text()", _meta("og:title"), _meta("twitter:title"))
    published = _first(tree, _meta("article:published_time"), _meta("og:published_time"),
                       _meta("datepublished"), _meta("date"), _meta("dc.date"), "//time/@datetime")
    metadata = clean_metadata({
        "author": _first(tree, _meta("author"), _meta("article:author"), _meta("dc.creator")),
        "publisher": _first(tree, _meta("publisher"), _meta("og:site_name"), _meta("dc.publisher")),
        "description": _first(tree, _meta("description"), _meta("og:description")),
        "date": iso_date(published) if published else None,
        "source": _first(tree, "//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href",
                         _meta("og:url")),
        "type": _first(tree, _meta("og:type")),
        "language": _first(tree, "/html/@lang"),
    })
    return title, metadata


def _trafilatura_metadata(tree: lxml.html.HtmlElement) -> tuple[str | None, dict[str, str]]:
    """What trafilatura can still find (JSON-LD, microdata); used only to fill gaps."""
    try:
        found = trafilatura.extract_metadata(copy.deepcopy(tree), extensive=False)
    except Exception:  # noqa: BLE001 - metadata is optional; never fail the file for it
        return None, {}
    return found.title, clean_metadata({
        "author": found.author, "publisher": found.sitename, "description": found.description,
        "date": iso_date(found.date) if found.date else None, "source": found.url,
    })


def _fallback_text(tree: lxml.html.HtmlElement) -> str:
    """Visible body text without page chrome, for pages trafilatura returns nothing for."""
    body = copy.deepcopy(tree)
    for element in body.xpath(_FALLBACK_DROP):
        element.drop_tree()
    for element in body.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return str(body.text_content())


def extract_text(tree: lxml.html.HtmlElement) -> str:
    """Main text via trafilatura (comments excluded); our lxml fallback when it finds none."""
    try:
        text = trafilatura.extract(tree, output_format="txt", include_comments=False,
                                   include_tables=True, prune_xpath=_PRUNE)
    except Exception:  # noqa: BLE001 - trafilatura raises assorted errors on odd markup
        text = None
    if text and text.strip():
        return text
    return _fallback_text(tree)


def load_html(path: Path, root: Path) -> list[Document]:
    """One document per page; explicit head metadata overrides anything derived from text."""
    tree = _parse(read_bytes(path))
    title, metadata = head_metadata(tree)
    extra_title: str | None = None
    extra: dict[str, str] = {}
    if not title or not metadata.keys() >= _WANTED:  # the head left gaps: ask trafilatura
        extra_title, extra = _trafilatura_metadata(tree)
    merged = {**extra, **metadata, "format": "html"}
    text = extract_text(tree)
    if not text.strip():
        raise ValueError("no text found in HTML")
    return [build_document(doc_id_for(path, root), text, title=title or extra_title, metadata=merged)]
