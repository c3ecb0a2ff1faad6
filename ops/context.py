"""The request being served, as context variables: its id and client IP.

Set by :class:`ops.middleware.RequestContextMiddleware` for each HTTP request; read by the log
filter (every log line carries the request id) and by :func:`ops.services.audit_record` (an audit
row records the client IP without every service having to pass the request down). Context
variables follow the request into the thread Django runs sync code in, and are empty elsewhere
(Celery tasks, management commands).
"""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
client_ip_var: ContextVar[str] = ContextVar("client_ip", default="")


def current_request_id() -> str:
    return request_id_var.get()


def current_client_ip() -> str:
    return client_ip_var.get()
