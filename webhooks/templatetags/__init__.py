"""Template tags of the webhooks app."""
