"""``python -m generation.engine.track``: a full track into a folder (every file, plus summary.json).

python -m generation.engine.track --params '{"genre": "electronic", "subgenre": "synthwave"}' --out track/
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import EngineError
from . import build_track, validate_track_parameters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--params", default='{"genre": "pop", "duration": 60}', help="the v1 parameters object (JSON)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--title")
    parser.add_argument("--out", type=Path, default=Path("track"))
    args = parser.parse_args(argv)
    try:
        params = validate_track_parameters(json.loads(args.params))
        track = build_track(params, seed=args.seed, title=args.title)
    except (EngineError, json.JSONDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for file in [*track.audio_files, *track.chord_chart.values()]:
        (args.out / f"track.{file.extension}").write_bytes(file.data)
    for stem in track.stems:
        (args.out / f"stem_{stem.name}.{stem.file.extension}").write_bytes(stem.file.data)
    (args.out / "summary.json").write_text(json.dumps(track.summary(), indent=2))
    print(f"{track.title}: {track.metadata['duration']} s, {len(track.stems)} stems, in {track.timings['total']} s")
    print(f"files in {args.out}/; metrics: overall {track.quality_metrics['overall_quality']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
