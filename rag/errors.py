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


class ExtraMissingError(RagError):
    """A command needs an optional dependency group (a pip extra) that is not installed."""

    def __init__(self, extra: str, command: str, module: str):
        super().__init__(f"{command} needs the {extra} extra ({module} is not installed): "
                         f"pip install 'ftz-rag[{extra}]'")
        self.extra, self.command, self.module = extra, command, module
