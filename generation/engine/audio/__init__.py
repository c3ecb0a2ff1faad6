"""Audio: FluidSynth stems, the numpy mixer, encoders. ``render_idea`` and ``render_preview`` are the entry points."""

from .render import RenderResult, render_idea, render_preview

__all__ = ["RenderResult", "render_idea", "render_preview"]
