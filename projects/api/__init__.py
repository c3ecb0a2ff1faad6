"""API endpoints of the projects app."""
