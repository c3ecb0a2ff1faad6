"""``python -m generation.engine.vocals``: a song with written lyrics and sung vocals, to WAV/MP3 + text + MusicXML.

python -m generation.engine.vocals --theme rainy_city --style storytelling --genre pop --seconds 60 --out song.mp3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..audio import render_idea
from ..song import compose_song
from ..theory import parse_key
from ..types import Composition
from ..writers import idea_to_musicxml
from .song import vocal_track


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--theme", default="rainy_city")
    parser.add_argument("--style", default="storytelling")
    parser.add_argument("--language", default="en")
    parser.add_argument("--genre", default="pop")
    parser.add_argument("--key", default="A_minor")
    parser.add_argument("--bpm", type=float, default=None)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("song.mp3"), help=".mp3 or .wav")
    parser.add_argument("--musicxml", type=Path, help="write the vocal line with its lyrics as MusicXML")
    args = parser.parse_args(argv)
    key = parse_key(args.key)
    idea, arrangement = compose_song(
        genre=args.genre,
        mood="emotional",
        energy=0.6,
        key=key,
        bpm=args.bpm,
        length_seconds=args.seconds,
        seed=args.seed,
    )
    track = vocal_track(
        theme=args.theme,
        style=args.style,
        language=args.language,
        sections=arrangement.sections,
        key=key,
        bpm=arrangement.bpm,
        chords=idea.chords,
        seed=args.seed,
        total_seconds=arrangement.duration_seconds,
    )
    assert track.stem is not None  # noqa: S101 - render_voice defaults to True
    fmt = "wav" if args.out.suffix == ".wav" else "mp3"
    rendered = render_idea(
        idea, formats=(fmt,), extra_stems={"vocals": track.stem[: int((idea.duration_seconds + 1) * 44100)]}
    )
    args.out.write_bytes(rendered.encoded[fmt])
    print(track.lyrics.formatted)
    if track.lyrics.theme_note:
        print(f"\n({track.lyrics.theme_note})")
    if args.musicxml:
        vocal_idea = Composition(
            bpm=idea.bpm,
            tonic=key.tonic,
            scale=key.scale,
            bars=idea.bars,
            parts=[track.vocals.part],
            chords=idea.chords,
        )
        args.musicxml.write_bytes(idea_to_musicxml(vocal_idea, lyrics={"vocals": track.vocals.syllables}))
    print(f"\n{args.out}: {rendered.duration_seconds:.1f} s, {len(track.vocals.lines)} sung lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
