"""The HTTP transport under the openai client: a total deadline and a size cap per request.

httpx's timeouts bound each wait for the next byte, so an endpoint that drips one
byte a second never times out, and it reads whatever size of answer comes. This
transport bounds the whole request, connect to last byte, with one deadline, and
reads the body itself, refusing it as soon as it passes the cap (before reading it,
when Content-Length says so). Answers are asked for uncompressed, so the cap is the
size of what is parsed.
"""

from __future__ import annotations

import asyncio
import zlib

import httpx
from openai import OpenAIError


class DeadlineExceeded(OpenAIError):
    """A request took longer than its total deadline (connect to last byte).

    An OpenAIError, so the openai client passes it up instead of retrying: a request
    that used its whole deadline would most likely use it again.
    """


class AnswerTooLarge(OpenAIError):
    """The answer was over the size cap; not read further and not retried."""


class BoundedTransport(httpx.AsyncBaseTransport):
    def __init__(
        self, deadline: float, max_bytes: int, inner: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.inner = inner or httpx.AsyncHTTPTransport()

    def _too_large(self, size: str) -> AnswerTooLarge:
        return AnswerTooLarge(f"the answer was {size}, over the {self.max_bytes / 1_048_576:g} MB limit")

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["Accept-Encoding"] = "identity"
        try:
            async with asyncio.timeout(self.deadline):
                response = await self.inner.handle_async_request(request)
                try:
                    body = await self._read(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise DeadlineExceeded(
                f"no complete answer within {self.deadline:g} s (the deadline of one request)"
            ) from None
        headers = httpx.Headers(response.headers)
        if headers.get("content-encoding", "identity").lower() not in ("identity", ""):
            body = self._decompress(body)
            del headers["content-encoding"]
        headers["content-length"] = str(len(body))
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=body,
            extensions=response.extensions,
            request=request,
        )

    async def _read(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(f"{int(declared) / 1_048_576:.1f} MB by its Content-Length")
        body = bytearray()
        async for chunk in response.stream:  # type: ignore[union-attr]
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise self._too_large(f"over {self.max_bytes / 1_048_576:g} MB and still coming")
        return bytes(body)

    def _decompress(self, body: bytes) -> bytes:
        """A server that compressed anyway: inflate at most the cap (a small gzip can be huge)."""
        inflater = zlib.decompressobj(wbits=47)  # gzip or zlib, detected from the header
        try:
            out = inflater.decompress(body, self.max_bytes + 1)
        except zlib.error:
            return body
        if len(out) > self.max_bytes or inflater.unconsumed_tail:
            raise self._too_large(f"over {self.max_bytes / 1_048_576:g} MB once decompressed")
        return out

    async def aclose(self) -> None:
        await self.inner.aclose()
