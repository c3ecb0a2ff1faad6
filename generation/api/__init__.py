"""The generation app's API endpoints (Co-Prod ``/api/generate/*``; later the v1 API)."""
