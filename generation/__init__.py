"""Generation app: generation jobs, tracks, templates, the generate APIs and the engine."""
