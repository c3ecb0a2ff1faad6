"""Idea Vault: saved ideas, favourites and merging ideas."""
