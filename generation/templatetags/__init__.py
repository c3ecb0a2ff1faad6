"""Template tags of the generation pages."""
