"""Plumbing shared by the two APIs: errors, envelopes, auth, throttling, pagination, base views."""
