"""Webhooks: signed JSON POSTs about a generation to its ``callback_url`` (v1 ``webhook_events``).

* :mod:`.signing`: the signature header (HMAC-SHA256 over ``"<t>.<body>"``) and the documented
  verification recipe, :func:`~.signing.webhook_signature_verify` (no Django).
* :mod:`.targets`: which callback URLs are allowed (SSRF rules) and the one DNS resolution a
  delivery connects to.
* :mod:`.transport`: the POST itself, to the checked IP with the name's Host header and SNI.
* :mod:`.models`: the per-user signing secret and the deliveries (a job kind, ``webhook_delivery``).
* :mod:`.services` / :mod:`.selectors`: emit events, rotate the secret, send due retries / reads.
* :mod:`.jobs`: the delivery handler and its :class:`~coprod.jobs.kinds.JobKind`.
"""
