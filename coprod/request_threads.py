"""Django's ASGI handler with a fixed set of long-lived request threads per web process.

Django's own ``ASGIHandler`` runs the synchronous part of each request (middleware, DRF views,
the ORM) in a thread made for that request and thrown away after it. Database connections are
per thread, so under ASGI every request opened a new one and ``CONN_MAX_AGE`` kept nothing: on
SQLite each new connection parses the whole schema again (~470 tables and indexes, most of a
status read's time), on PostgreSQL each is a new server process. Here each request borrows one
of ``settings.WEB_THREADS`` single-thread executors for its whole life and gives it back, so a
thread, and with it its database connection, serves request after request as under a threaded
WSGI server.

Our middleware and views are synchronous, so the whole middleware chain runs as one synchronous
call on that thread, as under WSGI. Django's handler would build an async chain around them and
hop between the thread and the event loop three times per request (into the chain, out to the
async view runner, back in for the view).

Still one thread per request at a time (Django's "thread sensitive" rule), never shared by two
requests at once; a request that finds every thread busy waits for one (no thread is made for
it). The most recently freed thread is handed out first, so a quiet process keeps using a few
warm threads and connections instead of cycling through all of them.
"""

from __future__ import annotations

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler


class PooledThreadsASGIHandler(ASGIHandler):
    """``ASGIHandler`` whose requests run on ``settings.WEB_THREADS`` reused threads."""

    def __init__(self) -> None:
        super().__init__()
        self.thread_count = max(1, int(settings.WEB_THREADS))
        # One pool per event loop (asyncio queues belong to a loop; tests run several loops).
        self._idle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.LifoQueue[ThreadPoolExecutor]] = (
            weakref.WeakKeyDictionary()
        )

    def load_middleware(self, is_async: bool = False) -> None:
        """The synchronous chain (views and middleware called directly); awaited as one call when async."""
        super().load_middleware(is_async=False)
        if is_async:
            self._middleware_chain = sync_to_async(self._middleware_chain, thread_sensitive=True)  # type: ignore[has-type]

    def _idle_threads(self) -> asyncio.LifoQueue[ThreadPoolExecutor]:
        loop = asyncio.get_running_loop()
        idle = self._idle.get(loop)
        if idle is None:
            idle = asyncio.LifoQueue()
            for index in range(self.thread_count):
                # The threads start on first use; max_workers=1 keeps one request's work on one thread.
                idle.put_nowait(ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"request-{index}"))
            self._idle[loop] = idle
        return idle

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        idle = self._idle_threads()
        executor = await idle.get()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            idle.put_nowait(executor)
