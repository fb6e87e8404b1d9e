"""What went wrong with an endpoint, in one line a person can act on.

The openai client and instructor wrap a failure two or three times over (an
InstructorRetryException from an APIConnectionError from an httpx.ConnectError from
a ConnectionRefusedError). `describe_failure` walks the whole chain and names the
real cause: "cannot connect to URL: connection refused", "HTTP 404 from URL: no
model 'x' there", "the endpoint did not answer in time". The API key never appears
in a reason: every message passes through `redact`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from factsheet.extraction import ExtractorError
from factsheet.models import Briefing

try:  # the project's tree of errors, where this tree has it: an endpoint failure is one of them
    from factsheet.errors import EndpointError  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover

    class EndpointError(Exception):  # type: ignore[no-redef]
        """Stand-in base where factsheet.errors does not exist."""

FAILED_PREFIX = "LLM extraction failed: "


class EndpointDown(ExtractorError, EndpointError):
    """Every request of the run failed the same way: one line for the run, and nothing is written."""


@dataclass(frozen=True)
class Failure:
    reason: str
    network: bool = False  # the endpoint itself is unreachable or refuses us: every request will fail


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _os_message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text)
    return text.splitlines()[0][:200]


def describe_failure(exc: BaseException, url: str, model: str) -> Failure:
    """The one-line reason for a failed request, and whether it is the endpoint itself that fails."""
    import httpx
    from instructor.core.exceptions import IncompleteOutputException
    from openai import APIStatusError, APITimeoutError

    from factsheet.extraction.llm.transport import AnswerTooLarge, DeadlineExceeded

    chain = list(_chain(exc))
    for link in chain:
        if isinstance(link, APIStatusError):
            return _status_failure(link.status_code, url, model)
        if isinstance(link, AnswerTooLarge):
            return Failure(str(link))
        if isinstance(link, DeadlineExceeded | APITimeoutError | httpx.TimeoutException | TimeoutError):
            return Failure("the endpoint did not answer in time")
        if isinstance(link, IncompleteOutputException):
            attempts = getattr(exc, "n_attempts", None) or "?"
            return Failure(f"the answer was cut off (finish_reason=length) after {attempts} attempts")
    def anywhere(test) -> bool:
        return any(test(link) for link in chain)

    if anywhere(
        lambda e: isinstance(e, ConnectionRefusedError)
        or (isinstance(e, httpx.ConnectError) and "refused" in str(e).lower())
    ):
        return Failure(f"cannot connect to {url}: connection refused", network=True)
    if anywhere(lambda e: isinstance(e, ConnectionResetError) or "reset by peer" in str(e).lower()):
        return Failure(f"connection to {url} reset by the endpoint", network=True)
    if anywhere(lambda e: isinstance(e, httpx.RemoteProtocolError | httpx.ReadError)):
        return Failure(
            f"the endpoint at {url} closed the connection before the answer was complete", network=True
        )
    for link in chain:
        if isinstance(link, httpx.ConnectError):
            return Failure(f"cannot connect to {url}: {_os_message(link.__context__ or link)}", network=True)
    from openai import APIConnectionError

    if any(isinstance(link, APIConnectionError) for link in chain):
        inner = chain[-1]
        return Failure(f"cannot connect to {url}: {_os_message(inner)}", network=True)
    if status := re.search(r"Error code: (\d{3})", str(exc)):
        return _status_failure(int(status.group(1)), url, model)
    attempts = getattr(exc, "n_attempts", None) or "?"
    return Failure(f"the answer was not valid JSON for the fact schema after {attempts} attempts")


def _status_failure(status: int, url: str, model: str) -> Failure:
    if status == 404:
        return Failure(
            f"HTTP 404 from {url}: no model {model!r} there (check --model, and that the URL ends in /v1)",
            network=True,
        )
    if status in (401, 403):
        return Failure(f"HTTP {status} from {url}: the API key was refused (or none was given)", network=True)
    return Failure(f"the endpoint answered HTTP {status}")


def redact(text: str, secret: str | None) -> str:
    """`text` without the API key (or any 8+ character run of it), whatever put it there."""
    if not secret:
        return text
    text = text.replace(secret, "[key]")
    if len(secret) >= 16:  # a server may echo a key cut short ("sk-test-DO-NOT...")
        for size in (len(secret) // 2, 12):
            for start in range(0, len(secret) - size + 1):
                part = secret[start : start + size]
                if part in text:
                    text = text.replace(part, "[key]")
    return text


def refuse_empty_briefing(briefing: Briefing) -> None:
    """Raise EndpointDown when every article failed extraction and no fact came back.

    Call it before any output is written: an endpoint that is down must not replace
    a good briefing with an empty one. The LLM extractor already stops a run whose
    requests all fail the same way; this covers articles that failed in different ways.
    """
    if briefing.facts or not briefing.sources:
        return
    failed = [p for p in briefing.problems if p.reason.startswith(FAILED_PREFIX)]
    if len(failed) < len(briefing.sources):
        return
    reasons = sorted({p.reason[len(FAILED_PREFIX) :] for p in failed})
    shown = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
    raise EndpointDown(
        f"LLM extraction failed for every article ({shown}); nothing was written, "
        "earlier outputs were kept"
    )
