"""The Music Generation API (v1), mounted at ``/v1/ai/``: full tracks, generations, downloads."""
