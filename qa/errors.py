"""Named, user-facing errors.

Every message is written to be shown as it is: the CLI prints ``str(error)`` on one
line and exits non-zero; the API maps each class to an HTTP status once, in an
exception handler, so routes never need try/except.
"""

from __future__ import annotations


class QAError(Exception):
    """Base class: ``str(error)`` is a complete, user-facing one-line message."""

    http_status: int = 400


class InvalidQuestionError(QAError):
    """The question is empty, too long or has no searchable content."""

    http_status = 422


class ConfigurationError(QAError):
    """A setting has a value the system cannot use; the message names the value."""

    http_status = 500


class CorpusNotFoundError(QAError):
    """The corpus folder does not exist or holds no readable document."""

    http_status = 503


class IndexNotFoundError(QAError):
    """No index has been built in the index folder yet."""

    http_status = 503


class IndexCorruptError(QAError):
    """The index files are damaged or disagree with each other or with the manifest."""

    http_status = 503


class IndexIncompatibleError(QAError):
    """The index was built with other settings (model, chunker) or library versions."""

    http_status = 503


class DocumentNotFoundError(QAError):
    """No document with that id is indexed."""

    http_status = 404


class ModelLoadError(QAError):
    """The embedding model or tokenizer could not be loaded (offline, wrong path...)."""

    http_status = 503


class InvalidDocumentError(QAError):
    """A submitted document cannot be stored (empty, unsupported type, too large)."""

    http_status = 422


class AuthError(QAError):
    """A write request without a valid API key."""

    http_status = 401


class ForbiddenError(QAError):
    """Write endpoints are disabled, or the API key is wrong."""

    http_status = 403


class IndexWriteError(QAError):
    """The new index could not be written (disk full, permissions); the previous one is intact."""

    http_status = 507
