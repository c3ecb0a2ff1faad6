"""API endpoints of the vault app."""
