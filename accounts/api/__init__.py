"""Co-Prod API endpoints of the accounts app (auth, profile, API keys)."""
