"""Format loaders: one function per file type, chosen by suffix.

Each loader returns documents whose text is already normalised (via
``qa.documents.make_document``) so offsets refer to the stored text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa.schemas import Document

Loader = Callable[[Path, Path], list[Document]]


def loader_for(path: Path) -> Loader | None:
    """The loader for a file's suffix, or None when the format is not supported."""
    from qa.documents import TEXT_SUFFIXES, load_text_file

    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return load_text_file
    return None
