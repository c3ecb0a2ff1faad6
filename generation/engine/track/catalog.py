"""The v1 full-track vocabulary: the tables that turn v1 names into this engine's choices.

Every mapping the v1 ``parameters`` object goes through is written down here, once, and the
README's "Full tracks (engine)" section prints the same tables:

* :data:`V1_GENRES`: a v1 genre (``electronic``) and its subgenres (``synthwave``) onto one of the
  17 genre profiles of :mod:`generation.engine.genres`. Each profile name is also a v1 genre of
  its own (``"genre": "trap"``) with no subgenres.
* :data:`INSTRUMENTS`: a primary instrument onto the song part it plays and its General MIDI
  program (0-127; drum kits are MIDI channel 10, so ``drum_machine`` names the drum part only).
* :data:`AI_MODELS`: the model versions this engine answers to, and the names the v1 specification's
  own examples use (``kie_v4``), accepted so clients written against the specification work; every
  one of them is answered by ``coprod_v1``, and the track's metadata says so. Anything else is refused
  with this list.
* :data:`AUDIO_QUALITY`: what ``standard``, ``high`` and ``studio`` mean for the files.
* :data:`OUTPUT_FORMATS` and :data:`STEM_PARTS` (which song parts make up each stem).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..genres import GENRE_NAMES

# v1 genre -> (profile used when no subgenre is given, {subgenre: profile}).
V1_GENRES: dict[str, tuple[str, dict[str, str]]] = {
    "electronic": (
        "edm",
        {
            "synthwave": "synthwave",
            "retrowave": "synthwave",
            "outrun": "synthwave",
            "house": "house",
            "deep_house": "house",
            "techno": "techno",
            "edm": "edm",
            "trance": "edm",
            "future_bass": "edm",
            "big_room": "edm",
            "ambient": "ambient",
            "downtempo": "lofi",
            "amapiano": "amapiano",
        },
    ),
    "hip_hop": (
        "boom_bap",
        {"trap": "trap", "drill": "drill", "boom_bap": "boom_bap", "lofi_hip_hop": "lofi", "old_school": "boom_bap"},
    ),
    "pop": ("pop", {"synth_pop": "synthwave", "dance_pop": "edm", "indie_pop": "pop", "electropop": "edm"}),
    "rnb": ("rnb", {"neo_soul": "rnb", "soul": "rnb", "contemporary_rnb": "rnb"}),
    "rock": ("rock", {"indie_rock": "rock", "alternative": "rock", "pop_rock": "rock", "hard_rock": "rock"}),
    "jazz": ("jazz", {"smooth_jazz": "jazz", "bebop": "jazz", "lofi_jazz": "lofi", "jazz_hop": "lofi"}),
    "latin": ("reggaeton", {"reggaeton": "reggaeton", "dembow": "reggaeton", "latin_pop": "reggaeton"}),
    "african": (
        "afrobeat",
        {"afrobeat": "afrobeat", "afrobeats": "afrobeat", "afropop": "afrobeat", "amapiano": "amapiano"},
    ),
    "cinematic": (
        "cinematic",
        {"orchestral": "cinematic", "epic": "cinematic", "trailer": "cinematic", "ambient": "ambient"},
    ),
    "ambient": ("ambient", {"drone": "ambient", "new_age": "ambient", "cinematic_ambient": "cinematic"}),
    "lofi": ("lofi", {"chillhop": "lofi", "lofi_hip_hop": "lofi", "lofi_jazz": "lofi"}),
}
# Other spellings of the v1 genres above.
V1_GENRE_ALIASES = {
    "hiphop": "hip_hop",
    "rap": "hip_hop",
    "r&b": "rnb",
    "soul": "rnb",
    "afro": "african",
    "orchestral": "cinematic",
    "soundtrack": "cinematic",
    "lo_fi": "lofi",
    "dance": "electronic",
}
for _profile in GENRE_NAMES:
    V1_GENRES.setdefault(_profile, (_profile, {}))
ALLOWED_GENRES: tuple[str, ...] = tuple(sorted(V1_GENRES))


@dataclass(frozen=True, slots=True)
class Instrument:
    """A primary instrument: the song part it plays and its General MIDI program."""

    part: str
    program: int


INSTRUMENTS: dict[str, Instrument] = {
    # Drums: the General MIDI kit on channel 10 (the program is not used).
    "drum_machine": Instrument("drums", 0),
    "drums": Instrument("drums", 0),
    "808_drums": Instrument("drums", 0),
    # Bass.
    "synth_bass": Instrument("bass", 38),
    "808": Instrument("bass", 38),
    "bass": Instrument("bass", 33),
    "electric_bass": Instrument("bass", 33),
    "upright_bass": Instrument("bass", 32),
    "slap_bass": Instrument("bass", 36),
    # The arpeggio.
    "arpeggiator": Instrument("arp", 81),
    "pluck": Instrument("arp", 45),
    "marimba": Instrument("arp", 12),
    "bells": Instrument("arp", 14),
    # Harmony.
    "piano": Instrument("chords", 0),
    "electric_piano": Instrument("chords", 4),
    "organ": Instrument("chords", 16),
    "guitar": Instrument("chords", 25),
    "acoustic_guitar": Instrument("chords", 25),
    "electric_guitar": Instrument("chords", 27),
    "distorted_guitar": Instrument("chords", 30),
    "synth_chords": Instrument("chords", 90),
    # Pads and beds.
    "pad": Instrument("pad", 89),
    "synth_pad": Instrument("pad", 89),
    "strings": Instrument("pad", 48),
    "choir": Instrument("pad", 52),
    # Lead lines.
    "synth_lead": Instrument("melody", 81),
    "lead": Instrument("melody", 81),
    "flute": Instrument("melody", 73),
    "saxophone": Instrument("melody", 65),
    "trumpet": Instrument("melody", 56),
    "violin": Instrument("melody", 40),
    "brass": Instrument("melody", 61),
    "cello": Instrument("counter_melody", 42),
}

# Model versions this engine answers to: name -> the engine version that builds the track.
AI_MODELS: dict[str, str] = {
    "coprod_v1": "coprod_v1",
    "coprod": "coprod_v1",
    "coprod_latest": "coprod_v1",
    # The specification's example model name: accepted, answered by this engine's model.
    "kie_v4": "coprod_v1",
}
DEFAULT_AI_MODEL = "coprod_v1"


@dataclass(frozen=True, slots=True)
class AudioQuality:
    """What an ``audio_quality`` level means for the files (44.1 kHz stereo throughout)."""

    wav_bit_depth: int
    mp3_kbps: int
    stem_bit_depth: int


AUDIO_QUALITY: dict[str, AudioQuality] = {
    "standard": AudioQuality(wav_bit_depth=16, mp3_kbps=192, stem_bit_depth=16),
    "high": AudioQuality(wav_bit_depth=24, mp3_kbps=320, stem_bit_depth=16),
    "studio": AudioQuality(wav_bit_depth=24, mp3_kbps=320, stem_bit_depth=24),
}

AUDIO_FORMATS = ("wav", "mp3", "flac", "ogg")
OUTPUT_FORMATS = (*AUDIO_FORMATS, "midi", "musicxml", "pdf")

# The track's stems and the song parts each one gathers (the mix is their sum).
STEM_PARTS: dict[str, tuple[str, ...]] = {
    "drums": ("drums",),
    "bass": ("bass",),
    "melody": ("melody", "counter_melody"),
    "chords": ("chords", "pad", "arp"),
    "vocals": ("vocals",),
}
STEM_LABELS = {"drums": "Drums", "bass": "Bass", "melody": "Melody", "chords": "Chords", "vocals": "Vocals"}
