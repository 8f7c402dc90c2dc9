"""The typed IgnoreRequest exceptions of our middlewares, and the drop reason of any of them."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from crawler.drops import DropReason


class OffHostRequest(IgnoreRequest):
    """A request to a host the source does not allow."""


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL of its own chain."""


class TooManyRedirects(IgnoreRequest):
    """A redirect chain longer than REDIRECT_MAX_TIMES."""


def classify_ignored(exc: BaseException) -> DropReason:
    """The reason of an IgnoreRequest raised by a middleware (ours or Scrapy's)."""
    if isinstance(exc, RedirectLoop):
        return DropReason.REDIRECT_LOOP
    if isinstance(exc, TooManyRedirects):
        return DropReason.TOO_MANY_REDIRECTS
    if isinstance(exc, OffHostRequest):
        return DropReason.OFF_HOST
    message = str(exc)
    # Scrapy's own messages (its exceptions carry no type for these)
    if "during decompression" in message:
        return DropReason.DECOMPRESSION_BOMB
    if "max redirections" in message:
        return DropReason.TOO_MANY_REDIRECTS
    if "robots.txt" in message:
        return DropReason.ROBOTS
    return DropReason.IGNORED
