"""Template tags of the project pages."""
