"""Tests of the shared project package ``coprod``."""
