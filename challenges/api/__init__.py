"""The challenges API (``/api/challenges...``)."""
