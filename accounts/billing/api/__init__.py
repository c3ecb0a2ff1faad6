"""The Co-Prod API's subscription endpoints (``/api/subscription...``)."""
