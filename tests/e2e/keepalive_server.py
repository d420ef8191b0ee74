"""A keep-alive HTTP/1.1 server on asyncio, run in its own process: every request is answered with
`{"message": "pong"}` after `--delay` seconds, on the same connection as long as the client keeps it.

`python -m tests.e2e.keepalive_server --delay 0.1` prints the port it listens on, then serves until
killed. A separate process, so that the load of the client under test cannot slow the server down.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

BODY = b'{"message":"pong"}'


async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length:
                await reader.readexactly(length)
            await asyncio.sleep(delay)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\nConnection: keep-alive\r\n\r\n%s" % (len(BODY), BODY)
            )
            await writer.drain()
    writer.close()


async def main(delay: float) -> None:
    server = await asyncio.start_server(lambda r, w: serve(r, w, delay), "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=0.1)
    asyncio.run(main(parser.parse_args().delay))
