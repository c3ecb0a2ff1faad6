"""Operations: health (liveness, readiness), Prometheus metrics, structured logs and the audit log.

* :mod:`.health`: the checks behind ``/readyz`` (database, Redis, a worker heartbeat per queue).
* :mod:`.metrics`: the metrics served at ``/metrics`` (requests, jobs by kind and status, task and
  render seconds), through ``prometheus_client``.
* :mod:`.context`: the request id and client IP of the request being served, for logs and audit rows.
* :mod:`.logs`: the JSON log formatter's filter (``LOG_FORMAT=json``).
* :mod:`.services`: ``audit_record`` and the worker heartbeat.
"""
