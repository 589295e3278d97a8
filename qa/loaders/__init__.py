"""Format loaders: one function per file type, chosen by suffix.

Each loader returns documents whose text is already normalised (via
``qa.documents.make_document``) so offsets refer to the stored text. A loader that
cannot use a file raises ``ValueError`` with a short reason; ``load_corpus`` records
it as a ``SkippedFile`` and goes on.

Loaders are imported on first use so that reading a folder of ``.txt`` files does not
pay for importing pypdf or trafilatura.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from qa.schemas import Document

Loader = Callable[[Path, Path], list[Document]]

# suffix -> "module:function"
_REGISTRY: dict[str, str] = {
    ".txt": "qa.loaders.text:load_text",
    ".text": "qa.loaders.text:load_text",
    ".md": "qa.loaders.text:load_text",
    ".markdown": "qa.loaders.text:load_text",
    ".html": "qa.loaders.html:load_html",
    ".htm": "qa.loaders.html:load_html",
    ".pdf": "qa.loaders.pdf:load_pdf",
    ".jsonl": "qa.loaders.jsonl:load_jsonl",
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_REGISTRY)


def loader_for(path: Path) -> Loader | None:
    """The loader for a file's suffix (case-insensitive), or None when the format is not supported."""
    target = _REGISTRY.get(path.suffix.lower())
    if target is None:
        return None
    module_name, _, function_name = target.partition(":")
    loader: Loader = getattr(importlib.import_module(module_name), function_name)
    return loader
