"""The Co-Prod API's marketplace endpoints (``/api/marketplace...``)."""
