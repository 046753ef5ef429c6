"""Why an input was refused.

Every refusal is an ``IngestError`` whose message names the input (file name or URL) and the
reason, so the command line, the web form and the job log can show it as it is.
"""


class IngestError(Exception):
    """An input that cannot become an article."""

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        self.reason = reason
        self.source = source
        super().__init__(reason)

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}" if self.source else self.reason

    def for_source(self, source: str) -> "IngestError":
        """Name the input when the layer that raised did not know it; keep a name already set."""
        if not self.source:
            self.source = source
        return self


class EmptyInput(IngestError):
    """Nothing to read: no bytes, only whitespace, or only site junk."""


class BinaryInput(IngestError):
    """An image, PDF, archive or other non-text file."""


class TooLarge(IngestError):
    """Over the configured size cap."""


class UndecodableInput(IngestError):
    """Bytes that no text encoding reads cleanly."""


class UnsupportedInput(IngestError):
    """An unknown file extension or a content type we do not import."""


class FetchError(IngestError):
    """A URL that could not be fetched."""


class FetchRefused(FetchError):
    """A URL we will not fetch: wrong scheme, or it resolves to a private address (SSRF)."""


class FetchTimeout(FetchError):
    """The server did not answer, or answer fully, in time."""


class RedirectError(FetchError):
    """A redirect loop, or more redirects than allowed."""


class HTTPStatusError(FetchError):
    """The server answered with a 4xx or 5xx status."""

    def __init__(self, reason: str, *, status: int, source: str | None = None) -> None:
        self.status = status
        super().__init__(reason, source=source)
