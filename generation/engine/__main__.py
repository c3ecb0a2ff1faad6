"""Command line: ``python -m generation.engine <tool> [--param value ...] --out idea.mid``.

Every tool parameter is a ``--name`` option (``--melody-length 8``, ``--chord 0,4,7``); values are
read as JSON where they parse (numbers, true/false, lists), else as text. ``--seed`` fixes the
result; ``--out`` writes MIDI, ``--musicxml`` MusicXML, ``--json`` prints the result.

    python -m generation.engine melody --genre trap --key C --scale minor --bpm 140 --seed 7 --out idea.mid
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import tools, writers
from .errors import EngineParameterError
from .midi_reader import read_midi
from .results import composition_data, idea_from_result


def _value(text: str, kind: str) -> Any:
    if kind == "int_list":
        return [int(v) for v in text.replace("[", "").replace("]", "").split(",") if v.strip()]
    if kind in ("notes", "object"):
        path = Path(text)
        if kind == "object" and path.suffix.lower() in (".mid", ".midi") and path.exists():
            return composition_data(read_midi(path.read_bytes()))  # a MIDI file as the source
        return json.loads(path.read_text() if path.exists() else text)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def build_parser() -> argparse.ArgumentParser:
    genre_lines = [
        f"  {name:<10} {d['default_bpm']} BPM ({d['bpm_range'][0]}-{d['bpm_range'][1]}), {d['default_scale']}, "
        f"bass {d['bass_style']}"
        for name, d in tools.genre_defaults().items()
    ]
    parser = argparse.ArgumentParser(
        prog="python -m generation.engine",
        description=__doc__,
        epilog="genre defaults (used when --bpm or --scale is not given):\n" + "\n".join(genre_lines),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="tool", required=True)
    for tool in tools.TOOLS.values():
        sub = subparsers.add_parser(tool.slug, help=f"{tool.label}: {tool.summary}")
        for param in tool.params:
            choices = f" ({', '.join(param.choices)})" if param.choices and len(param.choices) < 20 else ""
            sub.add_argument(
                f"--{param.name.replace('_', '-')}",
                dest=param.name,
                metavar=param.kind.upper(),
                help=f"{param.help}{choices}; default {param.default!r}",
            )
        sub.add_argument("--seed", type=int, default=1)
        sub.add_argument("--out", type=Path, help="write a MIDI file")
        sub.add_argument("--musicxml", type=Path, help="write a MusicXML file")
        sub.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    tool = args.tool.replace("-", "_")
    spec = tools.TOOLS[tool]
    raw = {p.name: _value(getattr(args, p.name), p.kind) for p in spec.params if getattr(args, p.name) is not None}
    try:
        params = tools.validate_parameters(tool, raw)
    except EngineParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = tools.generate(tool, params, seed=args.seed)
    idea = idea_from_result(result)
    if args.out:
        args.out.write_bytes(writers.idea_to_midi(idea))
    if args.musicxml:
        args.musicxml.write_bytes(writers.idea_to_musicxml(idea))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        parts = ", ".join(f"{p.name} ({len(p.notes)} notes)" for p in idea.parts)
        where = f" -> {args.out}" if args.out else ""
        print(
            f"{tool}: {result.get('genre')} {result.get('key', '')} {result.get('scale', '')} "
            f"{result.get('bpm')} BPM, {idea.bars} bars: {parts}{where}"
        )
        print(
            "metrics: "
            + ", ".join(
                f"{k} {v}"
                for k, v in result["metrics"].items()
                if k in ("melodic_coherence", "harmonic_consistency", "rhythmic_stability")
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
