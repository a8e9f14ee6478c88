"""Library errors. Translated to HTTP or CLI messages only at the edges."""


class RagError(Exception):
    """Base of every error the library raises on purpose."""


class ConfigError(RagError):
    pass


class CorpusError(RagError):
    """The source document does not have the structure the parser expects."""


class IndexMissingError(RagError):
    pass


class IndexMismatchError(RagError):
    """The index on disk was built from another corpus, model or format."""


class IndexCorruptError(RagError):
    """An index directory whose files are missing or unreadable (a partial copy, a disk error)."""


class EmbedderUnavailableError(RagError):
    pass


class QueryError(RagError):
    """A question the library cannot work with (empty, unknown zone, ...)."""
