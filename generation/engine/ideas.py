"""Whole ideas from several generators sharing one key, tempo and progression.

* :func:`compose_idea`: melody + chords + bass + drums (+ arp) over one progression.
* :func:`fuse_genres`: a blended profile (tempo, grids, harmony and melodic habits mixed by
  weight) and a full idea built from it.
* :func:`emotion_idea`: emotion + intensity -> valence/arousal -> mode, tempo, register,
  density, dynamics and genre -> a full idea.
* :func:`surprise_idea`: random but coherent parameters and a full idea.
* :func:`extreme_idea`: parameters deliberately far from a producer's habits, with the habits broken.
* :func:`compose_song`: an arrangement with every section's parts, tiled from one composition per
  section type so repeated choruses are the same chorus.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from .arpeggiator import compose_arpeggio
from .arrangement import Arrangement, compose_arrangement
from .bass import compose_bassline
from .chords import chords_part, compose_chords
from .counter_melody import compose_counter_melody
from .drums import compose_drums
from .errors import EngineParameterError
from .genres import GENRES, GenreProfile, get_genre
from .melody import compose_melody
from .theory import SCALES, Key, pitch_class_name
from .types import BEATS_PER_BAR, ChordEvent, Idea, Note, Part

MOODS = (
    "neutral",
    "dark",
    "sad",
    "melancholic",
    "aggressive",
    "tense",
    "mysterious",
    "emotional",
    "nostalgic",
    "happy",
    "uplifting",
    "euphoric",
    "hopeful",
    "energetic",
    "romantic",
    "chill",
    "calm",
    "dreamy",
    "confident",
)


def compose_idea(
    *,
    key: Key,
    genre: str | GenreProfile,
    bpm: float,
    bars: int,
    seed: int,
    mood: str = "neutral",
    energy: float = 0.6,
    complexity: float = 0.5,
    with_arp: bool = False,
    bass_style: str | None = None,
) -> Idea:
    """Melody, chords, bass and drums (and optionally an arpeggio) in one key, tempo and progression."""
    profile = get_genre(genre)
    chords = compose_chords(key=key, genre=profile, mood=mood, complexity=complexity, bars=bars, seed=seed)
    parts = [
        compose_melody(
            key=key,
            genre=profile,
            chords=chords,
            bars=bars,
            mood=mood,
            energy=energy,
            complexity=complexity,
            seed=seed + 1,
        ),
        chords_part(chords=chords, genre=profile, energy=energy),
        compose_bassline(
            key=key, genre=profile, chords=chords, bars=bars, style=bass_style, energy=energy, seed=seed + 2
        ),
        compose_drums(genre=profile, bars=bars, energy=energy, complexity=complexity, seed=seed + 3),
    ]
    if with_arp:
        parts.append(
            compose_arpeggio(
                key=key, bars=bars, chords=chords, pattern="updown", seed=seed + 4, program=profile.programs["arp"]
            )
        )
    return Idea(
        bpm=bpm,
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=parts,
        chords=chords,
        genre=profile.name,
        metadata={"mood": mood, "energy": energy, "complexity": complexity},
    )


# ---- genre fusion -------------------------------------------------------------------------------


def blend_profiles(first: GenreProfile, second: GenreProfile, weight: float = 0.5) -> GenreProfile:
    """A profile between two genres: ``weight`` 0 is all ``first``, 1 all ``second``.

    Tempo ranges and the numeric habits are interpolated; the groove takes the kick (the feel's
    foundation) from the weightier genre and snares, hats and percussion from the other; harmony
    comes from ``first`` coloured with ``second``'s extensions; melody rhythm cells from both.
    """
    w = max(0.0, min(1.0, weight))
    main, other = (first, second) if w <= 0.5 else (second, first)

    def mix(a: float, b: float) -> float:
        return a * (1 - w) + b * w

    low = round(mix(first.bpm_range[0], second.bpm_range[0]))
    high = max(low + 4, round(mix(first.bpm_range[1], second.bpm_range[1])))
    grid = dict(other.drum_grid)
    grid["kick"] = main.drum_grid.get("kick", other.drum_grid.get("kick", "x...x...x...x..."))
    return replace(
        main,
        name=f"{first.name}+{second.name}",
        bpm_range=(low, high),
        default_bpm=round(mix(first.default_bpm, second.default_bpm)),
        scales=tuple(dict.fromkeys(first.scales + second.scales)),
        minor_progressions=first.minor_progressions + second.minor_progressions[:1],
        major_progressions=first.major_progressions + second.major_progressions[:1],
        drum_grid=grid,
        swing=mix(first.swing, second.swing),
        seventh_chords=mix(first.seventh_chords, second.seventh_chords),
        hat_rolls=first.hat_rolls or second.hat_rolls,
        ghost_notes=first.ghost_notes or second.ghost_notes,
        melody_rhythm_cells=tuple(dict.fromkeys(first.melody_rhythm_cells + second.melody_rhythm_cells)),
        melody_density=mix(first.melody_density, second.melody_density),
        leap_tendency=mix(first.leap_tendency, second.leap_tendency),
        syncopation=mix(first.syncopation, second.syncopation),
        energy=mix(first.energy, second.energy),
        bass_style=second.bass_style if second.bass_style in ("log_drum", "808", "walking") else first.bass_style,
    )


def fuse_genres(
    *, genre1: str, genre2: str, weight: float, key: Key | None, bpm: float | None, bars: int, seed: int
) -> tuple[Idea, GenreProfile]:
    first, second = get_genre(genre1, "genre1"), get_genre(genre2, "genre2")
    blended = blend_profiles(first, second, weight)
    rng = random.Random(seed)
    key = key or Key(rng.randrange(12), blended.scales[0])
    tempo = bpm or float(blended.default_bpm)
    idea = compose_idea(key=key, genre=blended, bpm=tempo, bars=bars, seed=seed, energy=blended.energy)
    return idea, blended


# ---- emotion ------------------------------------------------------------------------------------

# (valence, arousal) in [0, 1]: Russell's circumplex, placed by ear.
EMOTIONS: dict[str, tuple[float, float]] = {
    "joy": (0.9, 0.7),
    "happiness": (0.85, 0.6),
    "hope": (0.72, 0.5),
    "love": (0.78, 0.4),
    "calm": (0.65, 0.15),
    "peace": (0.7, 0.1),
    "nostalgia": (0.4, 0.3),
    "sadness": (0.15, 0.25),
    "melancholy": (0.25, 0.3),
    "loneliness": (0.2, 0.2),
    "anger": (0.12, 0.9),
    "fear": (0.18, 0.75),
    "tension": (0.3, 0.7),
    "excitement": (0.85, 0.9),
    "triumph": (0.82, 0.85),
    "mystery": (0.38, 0.45),
    "euphoria": (0.95, 0.95),
    "confidence": (0.75, 0.7),
    "heartbreak": (0.1, 0.45),
    "serenity": (0.75, 0.12),
}


def emotion_mapping(emotion: str, intensity: float) -> dict[str, Any]:
    """Valence/arousal (pulled away from neutral by ``intensity``) and the musical choices they make."""
    if emotion not in EMOTIONS:
        raise EngineParameterError.choice("emotion", emotion, EMOTIONS)
    base_valence, base_arousal = EMOTIONS[emotion]
    strength = 0.4 + 0.6 * max(0.0, min(1.0, intensity))
    valence = 0.5 + (base_valence - 0.5) * strength
    arousal = 0.5 + (base_arousal - 0.5) * strength
    if valence >= 0.75 and arousal < 0.5:
        scale = "lydian"
    elif valence >= 0.58:
        scale = "major"
    elif valence >= 0.45:
        scale = "dorian" if arousal < 0.6 else "mixolydian"
    elif valence < 0.25 and arousal > 0.65:
        scale = "phrygian"
    elif valence < 0.3:
        scale = "harmonic_minor" if arousal > 0.5 else "minor"
    else:
        scale = "minor"
    if arousal >= 0.6:
        genre = "edm" if valence >= 0.6 else ("drill" if valence < 0.3 else "trap" if valence < 0.45 else "pop")
    else:
        genre = (
            ("ambient" if arousal < 0.25 else "lofi")
            if valence >= 0.5
            else ("cinematic" if arousal >= 0.35 else "ambient")
        )
    profile = GENRES[genre]
    bpm = round(max(profile.bpm_range[0], min(profile.bpm_range[1], 60 + 110 * arousal)))
    return {
        "emotion": emotion,
        "intensity": intensity,
        "valence": round(valence, 3),
        "arousal": round(arousal, 3),
        "scale": scale,
        "genre": genre,
        "bpm": bpm,
        "register_shift": round((valence - 0.5) * 8),
        "note_density": round(0.25 + 0.6 * arousal, 3),
        "energy": round(arousal, 3),
        "mood": "happy" if valence > 0.6 else ("dark" if valence < 0.4 else "neutral"),
    }


def emotion_idea(
    *, emotion: str, intensity: float, key: Key | None, bars: int, seed: int
) -> tuple[Idea, dict[str, Any]]:
    mapping = emotion_mapping(emotion, intensity)
    rng = random.Random(seed)
    key = Key(key.tonic if key else rng.randrange(12), mapping["scale"])
    idea = compose_idea(
        key=key,
        genre=mapping["genre"],
        bpm=mapping["bpm"],
        bars=bars,
        seed=seed,
        mood=mapping["mood"],
        energy=mapping["energy"],
        complexity=0.3 + 0.4 * mapping["arousal"],
    )
    shift = mapping["register_shift"]
    melody = idea.part("melody")
    if melody is not None and shift:
        melody.notes = [Note(key.snap(n.pitch + shift), n.start, n.duration, n.velocity) for n in melody.notes]
    return idea, mapping


# ---- surprise me / extreme inspiration ----------------------------------------------------------


def surprise_parameters(rng: random.Random) -> dict[str, Any]:
    """Random but coherent: the genre decides the tempo range, the typical scales and the mood pool."""
    profile = GENRES[rng.choice(sorted(GENRES))]
    scale = rng.choice(profile.scales)
    dark = scale in ("minor", "harmonic_minor", "phrygian", "dorian")
    mood = rng.choice(
        ("dark", "mysterious", "emotional", "tense") if dark else ("happy", "uplifting", "chill", "dreamy")
    )
    return {
        "genre": profile.name,
        "key": Key(rng.randrange(12), scale).tonic_name,
        "scale": scale,
        "bpm": rng.randint(*profile.bpm_range),
        "mood": mood,
        "energy": round(rng.uniform(0.35, 0.95), 2),
        "complexity": round(rng.uniform(0.3, 0.8), 2),
    }


def _genre_features(profile: GenreProfile) -> tuple[float, float, float, float]:
    return (sum(profile.bpm_range) / 2 / 200, profile.energy, profile.swing, profile.seventh_chords)


def extreme_parameters(habits: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Parameters far from ``habits`` (favourite genres, bpms, scales, keys) and the habits they break."""
    favorite_genres = [g for g in habits.get("favorite_genres") or [] if g in GENRES]
    favorite_bpms = [float(b) for b in habits.get("favorite_bpms") or [] if isinstance(b, (int, float))]
    favorite_scales = [s for s in habits.get("favorite_scales") or [] if s in SCALES]
    favorite_keys = [k for k in habits.get("favorite_keys") or [] if isinstance(k, str)]
    broken: list[str] = []
    candidates = [g for g in GENRES if g not in favorite_genres]
    if favorite_genres:
        centres = [_genre_features(GENRES[g]) for g in favorite_genres]

        def distance(name: str) -> float:
            f = _genre_features(GENRES[name])
            return min(sum((a - b) ** 2 for a, b in zip(f, c, strict=True)) for c in centres)

        ranked = sorted(candidates, key=distance, reverse=True)
        genre = rng.choice(ranked[:3])
        broken.append(f"genre: {genre} instead of your usual {', '.join(favorite_genres[:3])}")
    else:
        genre = rng.choice(candidates)
    profile = GENRES[genre]
    low, high = profile.bpm_range
    if favorite_bpms:
        usual = sum(favorite_bpms) / len(favorite_bpms)
        bpm = low if abs(low - usual) > abs(high - usual) else high
        broken.append(f"tempo: {bpm} BPM against your usual ~{round(usual)}")
    else:
        bpm = rng.randint(low, high)
    exotic = [
        s
        for s in ("phrygian", "lydian", "locrian", "harmonic_minor", "melodic_minor", "mixolydian", "dorian", "blues")
        if s not in favorite_scales
    ]
    scale = rng.choice(exotic[:4] or exotic or ["lydian"])
    if favorite_scales:
        broken.append(f"scale: {scale} instead of {', '.join(favorite_scales[:3])}")
    usual_key = None
    for name in favorite_keys:
        try:
            from .theory import parse_key

            usual_key = parse_key(name).tonic
            break
        except EngineParameterError:
            continue
    tonic = (usual_key + 6) % 12 if usual_key is not None else rng.randrange(12)
    if usual_key is not None:
        broken.append(f"key: {pitch_class_name(tonic)} (a tritone from your usual {pitch_class_name(usual_key)})")
    if not broken:
        broken.append("no habits yet: a wild card from outside the usual genres and scales")
    return {
        "genre": genre,
        "bpm": bpm,
        "scale": scale,
        "key": pitch_class_name(tonic),
        "habits_broken": broken,
        "complexity": round(rng.uniform(0.6, 0.9), 2),
        "energy": round(rng.uniform(0.3, 0.95), 2),
    }


# ---- full songs -----------------------------------------------------------------------------------


def _shift(notes: list[Note], beats: float, limit: float) -> list[Note]:
    return [
        Note(n.pitch, round(n.start + beats, 4), round(min(n.duration, limit - n.start), 4), n.velocity)
        for n in notes
        if n.start < limit - 1e-9
    ]


def _tile(notes: list[Note], source_beats: float, target_beats: float, offset: float) -> list[Note]:
    tiled: list[Note] = []
    position = 0.0
    while position < target_beats - 1e-9:
        tiled.extend(_shift(notes, offset + position, target_beats - position))
        position += source_beats
    return tiled


def compose_song(
    *,
    genre: str | GenreProfile,
    mood: str,
    energy: float,
    key: Key,
    bpm: float | None,
    length_seconds: float,
    seed: int,
    complexity: float = 0.5,
) -> tuple[Idea, Arrangement]:
    """A whole song: the arrangement's sections, each with its parts, in one key and tempo."""
    profile = get_genre(genre)
    arrangement = compose_arrangement(
        genre=profile, mood=mood, energy=energy, length_seconds=length_seconds, bpm=bpm, seed=seed
    )
    loop_bars = 8 if arrangement.total_bars >= 16 else 4
    verse_chords = compose_chords(key=key, genre=profile, mood=mood, complexity=complexity, bars=loop_bars, seed=seed)
    hook_chords = compose_chords(
        key=key, genre=profile, mood=mood, complexity=complexity, bars=loop_bars, seed=seed + 100
    )
    cache: dict[str, dict[str, list[Note]]] = {}
    part_programs = {
        "melody": profile.programs["melody"],
        "chords": profile.programs["chords"],
        "bass": profile.programs["bass"],
        "arp": profile.programs["arp"],
        "counter_melody": profile.programs["counter_melody"],
        "pad": profile.programs["pad"],
    }
    song_parts: dict[str, Part] = {name: Part(name=name, program=program) for name, program in part_programs.items()}
    song_parts["drums"] = Part(name="drums", program=0, is_drum=True)
    song_chords: list[ChordEvent] = []
    loop_beats = loop_bars * BEATS_PER_BAR
    for index, section in enumerate(arrangement.sections):
        is_hook = section.name in ("chorus", "drop")
        chords = hook_chords if is_hook else verse_chords
        kind = section.name
        if kind not in cache:
            s = seed + 1000 * (index + 1)
            melody = compose_melody(
                key=key,
                genre=profile,
                chords=chords,
                bars=loop_bars,
                mood=mood,
                energy=section.energy,
                complexity=complexity,
                seed=s,
            )
            cache[kind] = {
                "melody": melody.notes,
                "chords": chords_part(chords=chords, genre=profile, energy=section.energy).notes,
                "pad": [
                    Note(p + 12, c.start_bar * 4, c.duration_bars * 4 - 0.05, 56) for c in chords for p in c.pitches
                ],
                "bass": compose_bassline(
                    key=key, genre=profile, chords=chords, bars=loop_bars, energy=section.energy, seed=s + 1
                ).notes,
                "drums": compose_drums(
                    genre=profile, bars=loop_bars, energy=section.energy, complexity=complexity, seed=s + 2
                ).notes,
                "arp": compose_arpeggio(
                    key=key,
                    bars=loop_bars,
                    chords=chords,
                    pattern="updown",
                    seed=s + 3,
                    program=profile.programs["arp"],
                ).notes,
                "counter_melody": compose_counter_melody(
                    key=key, melody=melody.notes, chords=chords, style="counterpoint", seed=s + 4
                ).notes,
            }
        offset = section.start_bar * BEATS_PER_BAR
        length = section.bars * BEATS_PER_BAR
        for name in section.parts:
            song_parts[name].notes.extend(_tile(cache[kind][name], loop_beats, length, offset))
        position = 0.0
        while position < section.bars - 1e-9:
            for event in chords:
                start = section.start_bar + position + event.start_bar
                if start >= section.start_bar + section.bars - 1e-9:
                    break
                duration = min(event.duration_bars, section.start_bar + section.bars - start)
                song_chords.append(replace(event, start_bar=round(start, 4), duration_bars=round(duration, 4)))
            position += loop_bars
    parts = [p for p in song_parts.values() if p.notes]
    idea = Idea(
        bpm=arrangement.bpm,
        tonic=key.tonic,
        scale=key.scale,
        bars=arrangement.total_bars,
        parts=parts,
        chords=song_chords,
        sections=list(arrangement.sections),
        genre=profile.name,
        metadata={"mood": mood, "energy": energy},
    )
    return idea, arrangement
