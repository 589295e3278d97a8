"""Plain text and Markdown loader.

The suffix is not trusted: binary files named ``.txt`` must be refused (``ValueError("binary file")``),
and short Korean CP949 files must decode as Korean (see ``common.try_cp949``).
"""

from __future__ import annotations

from pathlib import Path

from qa.documents import doc_id_for
from qa.loaders.common import build_document, decode_text, read_bytes
from qa.schemas import Document

_FORMATS = {".md": "markdown", ".markdown": "markdown"}


def load_text(path: Path, root: Path) -> list[Document]:
    """One document per file; title and press-release metadata come from the text itself."""
    text = decode_text(read_bytes(path))
    fmt = _FORMATS.get(path.suffix.lower(), "text")
    return [build_document(doc_id_for(path, root), text, metadata={"format": fmt})]
