"""Staff listening page: ten results of one tool and genre in a row, each as a piano roll and audio.

For quick listening reviews of the engine (issue 12): ``/studio/listen/?tool=melody&genre=pop``
shows seeds ``start`` .. ``start + 9`` generated with the tool's default parameters; each player
loads ``?...&audio=<seed>``, the first eight bars rendered to MP3 by the project's renderer
(FluidSynth). The page plays them one after another. Staff only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .engine import tools as engine_tools
from .engine.errors import EngineError
from .engine.genres import GENRE_NAMES
from .engine.results import idea_from_result

LISTEN_TOOLS = ("melody", "chords", "bassline", "drums")
RESULTS_PER_PAGE = 10
ROLL_WIDTH, ROLL_HEIGHT = 640, 120


def _result(tool: str, genre: str, seed: int) -> dict[str, Any]:
    length = "melody_length" if tool == "melody" else "length"
    params = engine_tools.validate_parameters(tool, {"genre": genre, length: 8})
    return engine_tools.generate(tool, params, seed=seed)


def _roll(result: dict[str, Any]) -> list[dict[str, float | str]]:
    """Rectangles of a piano roll (SVG user units), one colour per part."""
    colours = ("#e0633a", "#3a8ee0", "#4caf50", "#9c27b0")
    notes = [(i, n) for i, part in enumerate(result["parts"]) for n in part["notes"]]
    if not notes:
        return []
    low = min(n["note"] for _, n in notes)
    high = max(n["note"] for _, n in notes)
    span = max(12, high - low + 1)
    beats = max(1.0, result["bars"] * 4.0)
    return [
        {
            "x": round(n["start_time"] / beats * ROLL_WIDTH, 2),
            "y": round((high - n["note"]) / span * ROLL_HEIGHT, 2),
            "w": round(max(1.0, n["duration"] / beats * ROLL_WIDTH), 2),
            "h": round(max(1.5, ROLL_HEIGHT / span), 2),
            "fill": colours[i % len(colours)],
        }
        for i, n in notes
    ]


@staff_member_required
@require_GET
def listening_view(request: HttpRequest) -> HttpResponse:
    tool = request.GET.get("tool", "melody")
    genre = request.GET.get("genre", "pop")
    if tool not in LISTEN_TOOLS or genre not in GENRE_NAMES:
        raise Http404("unknown tool or genre")
    try:
        start = max(0, int(request.GET.get("start", "1")))
    except ValueError:
        raise Http404("bad start") from None
    if "audio" in request.GET:
        return _audio(tool, genre, request.GET["audio"])
    items = []
    for seed in range(start, start + RESULTS_PER_PAGE):
        result = _result(tool, genre, seed)
        notes = sum(len(p["notes"]) for p in result["parts"])
        items.append({"seed": seed, "roll": _roll(result), "notes": notes, "bpm": result["bpm"]})
    context = {
        "tool": tool,
        "genre": genre,
        "start": start,
        "next_start": start + RESULTS_PER_PAGE,
        "tools": LISTEN_TOOLS,
        "genres": GENRE_NAMES,
        "items": items,
        "roll_width": ROLL_WIDTH,
        "roll_height": ROLL_HEIGHT,
    }
    return render(request, "generation/listening.html", context)


def _audio(tool: str, genre: str, raw_seed: str) -> HttpResponse:
    try:
        seed = int(raw_seed)
    except ValueError:
        raise Http404("bad seed") from None
    from .engine.audio.render import render_preview  # FluidSynth loads on first use only

    idea = idea_from_result(_result(tool, genre, seed))
    try:
        audio = render_preview(idea, bars=8)
    except EngineError as exc:  # no FluidSynth or SoundFont on this machine
        return HttpResponse(str(exc), status=503, content_type="text/plain")
    return HttpResponse(audio, content_type="audio/mpeg")
