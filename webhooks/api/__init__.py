"""The webhooks API: the signing secret and the deliveries (Co-Prod ``/api/user/...``, v1 ``/v1/ai/webhooks/...``)."""
