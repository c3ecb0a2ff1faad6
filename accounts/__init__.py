"""Accounts: users, authentication, profile, API keys (and later billing, notifications, analytics)."""
