"""Socket-level control of each attempt: a deadline for the whole attempt, and aborting it.

httpx applies `timeout` to each socket operation, so a server that sends one byte every 0.9 s
holds a call with `timeout=1.0` for as long as it likes. The client's runtime wraps the network
backend of httpx's connection pool (`bound_sockets`): while an attempt runs (`Attempt.running`),
every connect, read and write of the connection it uses gets at most the time left until the
attempt's deadline, so the attempt as a whole (connect, send, wait, read the body) ends by then.

The same wrapper lets the async client abort an attempt without cancelling httpcore's code with an
asyncio cancellation, which httpcore's cleanup does not withstand: a request cancelled while it
waits for a pooled connection leaves a connection that never connects and is never reclaimed
(encode/httpcore#1093, #830), until every later call fails with `PoolTimeout`. Aborting cancels
only the socket operation in progress, through an anyio cancel scope (which httpcore handles), and
makes later ones fail at once; httpcore then sees an ordinary network error and releases the
connection. Outside an attempt (other code using the same `http_client`) the wrapper does nothing.

httpcore and anyio are httpx's own dependencies. Wrapping reaches into httpx's transports
(`_transport`, `_mounts`, `_pool`); a transport that does not look as expected is left alone, and
then `timeout` bounds each socket operation only, as in httpx.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any, Final, TypeVar

import anyio
import httpcore
import httpx

_T = TypeVar("_T")

_current: contextvars.ContextVar[Attempt | None] = contextvars.ContextVar("attempt", default=None)


class Attempt:
    """One HTTP attempt: the monotonic time it must end by (None: no limit), and whether it was aborted."""

    __slots__ = ("_scopes", "_token", "aborted", "deadline")

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.aborted = False
        self._scopes: set[anyio.CancelScope] = set()
        self._token: contextvars.Token[Attempt | None] | None = None

    def remaining(self) -> float | None:
        """Seconds left (<= 0 once the deadline has passed); None without a deadline."""
        return None if self.deadline is None else self.deadline - time.monotonic()

    def running(self) -> Attempt:
        """Make this the attempt of the socket operations in this context (a thread, or a task
        started inside the block): `with attempt.running(): ...`. The attempt is its own context
        manager (entered once), as a generator's costs a few microseconds on every call."""
        return self

    def __enter__(self) -> None:
        self._token = _current.set(self)

    def __exit__(self, *exc_info: object) -> None:
        if self._token is not None:
            _current.reset(self._token)
            self._token = None

    def start_task(self, coroutine: Coroutine[Any, Any, _T]) -> asyncio.Task[_T]:
        """Run `coroutine` as a task whose socket operations are this attempt's."""
        context = contextvars.copy_context()
        context.run(_current.set, self)
        return asyncio.get_running_loop().create_task(coroutine, context=context)

    def abort(self) -> None:
        """End the attempt now: the socket operation in progress fails, and so do later ones."""
        self.aborted = True
        for scope in list(self._scopes):
            scope.cancel()

    def _limit(self, timeout: float | None, error: type[Exception]) -> float | None:
        """`timeout` cut to the time left, or `error` when none is left (or the attempt was aborted)."""
        if self.aborted:
            raise error("the attempt was abandoned")
        remaining = self.remaining()
        if remaining is None:
            return timeout
        if remaining <= 0:
            raise error("the attempt's deadline has passed")
        return remaining if timeout is None else min(timeout, remaining)

    def run(
        self, operation: Callable[[float | None], _T], timeout: float | None, error: type[Exception]
    ) -> _T:
        return operation(self._limit(timeout, error))

    async def run_async(
        self,
        operation: Callable[[float | None], Awaitable[_T]],
        timeout: float | None,
        error: type[Exception],
    ) -> _T:
        limit = self._limit(timeout, error)
        with anyio.CancelScope() as scope:
            self._scopes.add(scope)
            try:
                return await operation(limit)
            finally:
                self._scopes.discard(scope)
        raise error("the attempt was abandoned")  # the scope was cancelled by `abort`


def bound_sockets(client: httpx.Client | httpx.AsyncClient) -> bool:
    """Wrap the network backend of each of `client`'s httpx transports (idempotent). False when
    a transport is not httpx's own (then attempts are bounded per socket operation only)."""
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    complete = True
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if transport is None:
            continue
        if isinstance(backend, (_Backend, _AsyncBackend)):
            continue
        if isinstance(backend, httpcore.NetworkBackend):
            pool._network_backend = _Backend(backend)  # type: ignore[union-attr]
        elif isinstance(backend, httpcore.AsyncNetworkBackend):
            pool._network_backend = _AsyncBackend(backend)  # type: ignore[union-attr]
        else:
            complete = False
    return complete


def connection_limit(client: httpx.AsyncClient) -> int | None:
    """The most connections `client`'s pool opens (None: not known, or no limit)."""
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    limit = getattr(pool, "_max_connections", None)
    return limit if isinstance(limit, int) and limit > 0 else None


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        def connect(limit: float | None) -> httpcore.NetworkStream:
            return self._inner.connect_tcp(host, port, limit, local_address, socket_options)

        attempt = _current.get()
        stream = (
            connect(timeout)
            if attempt is None
            else attempt.run(connect, timeout, httpcore.ConnectTimeout)
        )
        return _Stream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        def connect(limit: float | None) -> httpcore.NetworkStream:
            return self._inner.connect_unix_socket(path, limit, socket_options)

        attempt = _current.get()
        stream = (
            connect(timeout)
            if attempt is None
            else attempt.run(connect, timeout, httpcore.ConnectTimeout)
        )
        return _Stream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        attempt = _current.get()
        if attempt is None:
            return self._inner.read(max_bytes, timeout)
        return attempt.run(
            lambda limit: self._inner.read(max_bytes, limit), timeout, httpcore.ReadTimeout
        )

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        attempt = _current.get()
        if attempt is None:
            return self._inner.write(buffer, timeout)
        return attempt.run(
            lambda limit: self._inner.write(buffer, limit), timeout, httpcore.WriteTimeout
        )

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        def start(limit: float | None) -> httpcore.NetworkStream:
            return self._inner.start_tls(ssl_context, server_hostname, limit)

        attempt = _current.get()
        return _Stream(
            start(timeout)
            if attempt is None
            else attempt.run(start, timeout, httpcore.ConnectTimeout)
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        def connect(limit: float | None) -> Awaitable[httpcore.AsyncNetworkStream]:
            return self._inner.connect_tcp(host, port, limit, local_address, socket_options)

        attempt = _current.get()
        if attempt is None:
            return _AsyncStream(await connect(timeout))
        return _AsyncStream(await attempt.run_async(connect, timeout, httpcore.ConnectTimeout))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        def connect(limit: float | None) -> Awaitable[httpcore.AsyncNetworkStream]:
            return self._inner.connect_unix_socket(path, limit, socket_options)

        attempt = _current.get()
        if attempt is None:
            return _AsyncStream(await connect(timeout))
        return _AsyncStream(await attempt.run_async(connect, timeout, httpcore.ConnectTimeout))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


_WRITE_PIECE: Final = 64 * 1024
"""Bytes an async write hands over at a time (asyncio's default high-water mark)."""


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        attempt = _current.get()
        if attempt is None:
            return await self._inner.read(max_bytes, timeout)
        return await attempt.run_async(
            lambda limit: self._inner.read(max_bytes, limit), timeout, httpcore.ReadTimeout
        )

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # In pieces: asyncio takes a write after the connection is lost and drops it, so one large
        # write can "complete" though the server reset the connection at once. The next piece's
        # write raises instead (anyio re-raises the loss): a request never completely handed over
        # is then known unsent, and a POST without a key may be retried (see _Progress).
        for start in range(0, len(buffer), _WRITE_PIECE):
            await self._write(buffer[start : start + _WRITE_PIECE], timeout)

    async def _write(self, piece: bytes, timeout: float | None) -> None:
        attempt = _current.get()
        if attempt is None:
            return await self._inner.write(piece, timeout)
        return await attempt.run_async(
            lambda limit: self._inner.write(piece, limit), timeout, httpcore.WriteTimeout
        )

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        def start(limit: float | None) -> Awaitable[httpcore.AsyncNetworkStream]:
            return self._inner.start_tls(ssl_context, server_hostname, limit)

        attempt = _current.get()
        if attempt is None:
            return _AsyncStream(await start(timeout))
        return _AsyncStream(await attempt.run_async(start, timeout, httpcore.ConnectTimeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


__all__ = ["Attempt", "bound_sockets", "connection_limit"]
