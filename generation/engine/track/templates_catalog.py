"""The v1 template catalogue (``GET /v1/ai/templates``): declarative data, one row per template.

Each template is a real v1 ``parameters`` set (checked by :func:`.params.validate_track_parameters`
in the tests) with the customizations it allows and their ranges. ``manage.py seed_templates``
loads :func:`template_definitions` into the database (``make run`` calls it); staff then manage
templates in the admin.

**Customizations.** A template allows a customization by naming the parameter (``lyrics.theme``
for a lyric field) with its kind:

* ``range``: a number within ``min``-``max`` (``tempo``, ``duration``, ``creativity``);
* ``choice``: one of ``options`` (``mood``, ``complexity``, ``audio_quality``, ``lyrics.style``);
* ``key``: one of ``options`` (keys as ``C_minor``; ``Db_minor`` and ``C#_minor`` are the same key);
* ``boolean`` (``instrumental``);
* ``text``: up to ``max_length`` characters (``lyrics.theme``: any theme, resolved to the nearest);
* ``subset``: a non-empty list drawn from ``options`` (``output_formats``).

Every template allows ``duration``, ``complexity``, ``creativity``, ``output_formats`` and
``audio_quality``; tempo, key and mood within the template's own ranges; templates with lyric
support also ``instrumental``, ``lyrics.theme`` and ``lyrics.style``.
"""

from __future__ import annotations

from typing import Any

from ..lyrics import LANGUAGES, STYLES, THEME_NAMES
from ..theory import Key, parse_key, pitch_class_name
from .catalog import DEFAULT_AI_MODEL, OUTPUT_FORMATS

PREVIEW_BARS = 8
DURATION_RANGE = (30, 300)
CREATIVITY_RANGE = (0.1, 0.9)
COMPLEXITY_OPTIONS = ["low", "medium", "high"]
AUDIO_QUALITY_OPTIONS = ["standard", "high", "studio"]

# (number, name, category, subcategory, mood, other moods, tempo, tempo range, key, lyrics,
#  lyric theme, popularity, primary instruments, description)
_ROWS: list[tuple[Any, ...]] = [
    (1, "AI Synthwave Generator", "electronic", "synthwave", "nostalgic", ["dreamy", "dark", "energetic"], 118,
     (90, 130), "C_minor", True, "cyberpunk_city", 92, ["synth_bass", "drum_machine", "arpeggiator"],
     "Original synthwave with gated drums, a pulsing bass and neon arpeggios; sung or instrumental."),
    (2, "Outrun Night Drive", "electronic", "outrun", "energetic", ["nostalgic", "tense"], 112, (100, 124),
     "A_minor", False, None, 81, ["synth_bass", "arpeggiator", "synth_lead"],
     "Fast outrun for chase scenes: driving bass, bright lead, no vocals."),
    (3, "Deep House Groove", "electronic", "deep_house", "chill", ["romantic", "dreamy", "happy"], 122, (118, 126),
     "F_minor", False, None, 88, ["electric_piano", "bass", "pad"],
     "Four-on-the-floor deep house with warm keys and a rolling bass."),
    (4, "Club House Anthem", "electronic", "house", "energetic", ["euphoric", "happy"], 124, (120, 128), "G_minor",
     True, "club_night", 85, ["piano", "synth_bass"], "Piano-house with a vocal hook for the peak of the night."),
    (5, "Warehouse Techno", "electronic", "techno", "dark", ["tense", "aggressive", "mysterious"], 130, (124, 138),
     "A_minor", False, None, 79, ["synth_bass", "synth_pad"], "Relentless techno: kick, rumble and a dark pad."),
    (6, "Melodic Techno Journey", "electronic", "techno", "mysterious", ["dreamy", "emotional"], 126, (122, 132),
     "D_minor", False, None, 74, ["arpeggiator", "synth_pad"], "Hypnotic arpeggios over a steady techno pulse."),
    (7, "Trance Uplift", "electronic", "trance", "euphoric", ["uplifting", "emotional"], 132, (128, 138), "E_minor",
     False, None, 77, ["synth_lead", "arpeggiator", "strings"], "Uplifting trance: rolling arps and a soaring lead."),
    (8, "Future Bass Feels", "electronic", "future_bass", "happy", ["emotional", "hopeful", "dreamy"], 128,
     (120, 150), "F_major", True, "digital_love", 83, ["synth_chords", "synth_bass"],
     "Big wobbly chords and bright vocals: future bass for feel-good drops."),
    (9, "Festival Big Room", "electronic", "big_room", "energetic", ["euphoric", "aggressive"], 128, (126, 130),
     "F_minor", False, None, 70, ["synth_lead", "synth_bass"], "Big-room EDM built for the festival drop."),
    (10, "Amapiano Log Drum", "electronic", "amapiano", "confident", ["happy", "chill"], 112, (108, 116), "C_minor",
     False, None, 78, ["marimba", "electric_piano"], "Amapiano shuffles, log-drum bass and airy keys."),
    (11, "Downtempo Sunset", "electronic", "downtempo", "chill", ["dreamy", "melancholic"], 90, (80, 100), "D_minor",
     False, None, 66, ["electric_piano", "pad"], "Slow, warm downtempo for the end of the day."),
    (12, "Electronic Ambient Drift", "electronic", "ambient", "dreamy", ["calm", "mysterious"], 72, (60, 90),
     "E_lydian", False, None, 61, ["synth_pad", "bells"], "Floating textures and slow bells, barely any drums."),
    (13, "Trap Banger", "hip_hop", "trap", "aggressive", ["dark", "confident", "energetic"], 140, (130, 160),
     "C_minor", True, "hustle", 95, ["808", "bells"], "Hard trap: sliding 808s, rolling hats and a hype vocal."),
    (14, "Dark Trap Instrumental", "hip_hop", "trap", "dark", ["mysterious", "tense"], 145, (130, 160), "F#_minor",
     False, None, 87, ["808", "choir"], "A menacing trap beat ready for your own verse."),
    (15, "UK Drill Beat", "hip_hop", "drill", "tense", ["dark", "aggressive"], 142, (138, 146), "G_minor", False,
     None, 84, ["808", "strings"], "Sliding drill bass, offbeat hats and tense strings."),
    (16, "Boom Bap Classic", "hip_hop", "boom_bap", "nostalgic", ["confident", "chill"], 90, (84, 96), "A_minor",
     True, "street_dreams", 82, ["piano", "bass"], "Dusty drums, a jazzy piano loop and a storytelling verse."),
    (17, "Old School Cypher", "hip_hop", "old_school", "confident", ["happy", "energetic"], 94, (86, 100), "D_minor",
     False, None, 65, ["organ", "bass"], "Head-nod break-beat with an organ stab, for the cypher."),
    (18, "Lofi Hip Hop Study", "hip_hop", "lofi_hip_hop", "calm", ["chill", "melancholic", "dreamy"], 82, (70, 92),
     "F_dorian", False, None, 93, ["electric_piano", "bass"], "Mellow lo-fi hip hop to study to."),
    (19, "Pop Radio Hit", "pop", None, "happy", ["uplifting", "romantic", "energetic"], 116, (100, 128), "C_major",
     True, "summer_nights", 90, ["piano", "synth_lead"], "Bright verse-chorus pop with a sung hook."),
    (20, "Synth Pop Romance", "pop", "synth_pop", "romantic", ["nostalgic", "dreamy"], 110, (96, 118), "A_minor",
     True, "digital_love", 80, ["synth_chords", "synth_bass"], "Eighties synth pop about love in the digital age."),
    (21, "Dance Pop Floor Filler", "pop", "dance_pop", "energetic", ["happy", "euphoric"], 124, (118, 130), "G_major",
     True, "party_anthem", 86, ["synth_chords", "synth_bass"], "Four-on-the-floor dance pop with a big chorus."),
    (22, "Indie Pop Daydream", "pop", "indie_pop", "dreamy", ["happy", "nostalgic"], 108, (96, 120), "D_major",
     True, "road_trip", 72, ["guitar", "bass"], "Jangly guitars and a wistful vocal for the open road."),
    (23, "Electropop Sparkle", "pop", "electropop", "euphoric", ["happy", "confident"], 126, (118, 132), "E_minor",
     False, None, 68, ["pluck", "synth_bass"], "Glittery plucks and a punchy electro groove, instrumental."),
    (24, "Neo Soul Late Night", "rnb", "neo_soul", "romantic", ["chill", "emotional"], 76, (62, 90), "Eb_minor",
     True, "first_love", 84, ["electric_piano", "bass"], "Lush sevenths, a laid-back groove and a tender vocal."),
    (25, "Contemporary R&B Slow Jam", "rnb", "contemporary_rnb", "emotional", ["romantic", "sad"], 70, (62, 84),
     "Bb_minor", True, "heartbreak", 79, ["synth_pad", "808"], "A slow jam about the one who left."),
    (26, "Soul Groove", "rnb", "soul", "happy", ["confident", "romantic"], 92, (84, 100), "F_minor", False, None, 63,
     ["organ", "bass"], "Organ and bass locked in a warm soul groove."),
    (27, "Indie Rock Garage", "rock", "indie_rock", "energetic", ["confident", "nostalgic"], 128, (110, 150),
     "E_minor", True, "rebellion", 76, ["electric_guitar", "bass"], "Driving guitars and a shouted chorus."),
    (28, "Alternative Anthem", "rock", "alternative", "emotional", ["melancholic", "hopeful"], 120, (100, 140),
     "A_minor", True, "heartland", 73, ["distorted_guitar", "bass"], "A big alternative-rock ballad that builds."),
    (29, "Pop Rock Summer", "rock", "pop_rock", "happy", ["uplifting", "energetic"], 132, (116, 148), "G_major", True,
     "summer_nights", 71, ["electric_guitar", "bass"], "Sunny pop rock with a singalong chorus."),
    (30, "Hard Rock Riff", "rock", "hard_rock", "aggressive", ["energetic", "dark"], 140, (120, 150), "E_minor",
     False, None, 69, ["distorted_guitar", "bass"], "Heavy riffs and pounding drums, instrumental."),
    (31, "Smooth Jazz Lounge", "jazz", "smooth_jazz", "chill", ["romantic", "calm"], 96, (84, 110), "F_major", False,
     None, 67, ["saxophone", "electric_piano"], "Saxophone over soft keys for the hotel bar."),
    (32, "Bebop Burner", "jazz", "bebop", "energetic", ["confident", "happy"], 180, (150, 200), "Bb_major", False,
     None, 58, ["trumpet", "upright_bass"], "Fast swing with a busy trumpet line and walking bass."),
    (33, "Jazz Hop Cafe", "jazz", "jazz_hop", "chill", ["nostalgic", "calm"], 86, (76, 94), "D_dorian", False, None,
     75, ["electric_piano", "upright_bass"], "Jazzy chords over a lazy hip-hop beat."),
    (34, "Reggaeton Perreo", "latin", "reggaeton", "energetic", ["confident", "romantic"], 94, (88, 100), "A_minor",
     True, "party_anthem", 85, ["synth_bass", "pluck"], "Dembow rhythm, a deep bass and a party vocal."),
    (35, "Latin Pop Summer", "latin", "latin_pop", "happy", ["romantic", "energetic"], 96, (88, 104), "D_minor", True,
     "summer_nights", 72, ["acoustic_guitar", "bass"], "Acoustic guitar and dembow for summer nights."),
    (36, "Afrobeats Vibe", "african", "afrobeats", "happy", ["confident", "romantic"], 106, (98, 118), "E_dorian",
     True, "summer_nights", 88, ["guitar", "bass", "marimba"], "Afrobeats with bright guitar licks and a sung hook."),
    (37, "Afrobeat Horns", "african", "afrobeat", "energetic", ["confident", "happy"], 110, (100, 118), "G_dorian",
     False, None, 64, ["brass", "organ"], "Horn lines and organ over a tight afrobeat groove."),
    (38, "Amapiano Sunset", "african", "amapiano", "chill", ["dreamy", "happy"], 112, (108, 116), "F_minor", False,
     None, 74, ["electric_piano", "marimba"], "Soft amapiano keys and log drums as the sun goes down."),
    (39, "Epic Orchestral Trailer", "cinematic", "trailer", "tense", ["aggressive", "hopeful", "dark"], 90,
     (60, 110), "D_minor", False, None, 86, ["strings", "brass"], "Rising strings and brass hits for a trailer."),
    (40, "Heroic Orchestral Theme", "cinematic", "epic", "uplifting", ["hopeful", "emotional"], 84, (60, 110),
     "C_minor", False, None, 78, ["strings", "brass"], "A heroic theme for the moment the hero returns."),
    (41, "Cinematic Ambient Score", "cinematic", "ambient", "mysterious", ["dreamy", "tense"], 70, (60, 90),
     "A_lydian", False, None, 62, ["synth_pad", "bells"], "Slow-moving textures to score a quiet scene."),
    (42, "Deep Drone Meditation", "ambient", "drone", "calm", ["dreamy", "mysterious"], 64, (60, 80), "D_lydian",
     False, None, 57, ["choir", "bells"], "Long tones and a distant choir for meditation."),
    (43, "New Age Healing", "ambient", "new_age", "hopeful", ["calm", "dreamy"], 72, (60, 90), "G_lydian", False,
     None, 60, ["pad", "bells"], "Gentle bells over soft pads for relaxation."),
    (44, "Chillhop Rainy Day", "lofi", "chillhop", "melancholic", ["calm", "chill", "nostalgic"], 84, (72, 92),
     "A_dorian", False, None, 89, ["electric_piano", "bass"], "Rain on the window, warm keys, soft drums."),
    (45, "Lofi Jazz Evening", "lofi", "lofi_jazz", "chill", ["romantic", "calm"], 78, (70, 90), "C_dorian", True,
     "rainy_city", 70, ["electric_piano", "upright_bass"], "Lo-fi jazz with a hushed vocal about the city at night."),
]  # fmt: skip


def _key_options(key: str) -> list[str]:
    """The twelve keys in the template key's scale (``C_minor`` ... ``B_minor``)."""
    scale = parse_key(key).scale
    return [f"{pitch_class_name(tonic, prefer_flats=Key(tonic, scale).prefers_flats)}_{scale}" for tonic in range(12)]


def _definition(row: tuple[Any, ...]) -> dict[str, Any]:
    (number, name, category, subcategory, mood, moods, tempo, (low, high), key, lyrics, theme, popularity,
     instruments, description) = row  # fmt: skip
    parameters: dict[str, Any] = {
        "genre": category,
        "mood": mood,
        "tempo": tempo,
        "key": key,
        "duration": 180,
        "instrumental": not lyrics,
        "primary_instruments": list(instruments),
        "complexity": "medium",
        "ai_model": DEFAULT_AI_MODEL,
        "creativity": 0.5,
        "output_formats": ["wav", "mp3", "midi"],
        "audio_quality": "high",
    }
    if subcategory is not None:
        parameters["subgenre"] = subcategory
    if lyrics:
        parameters["lyrics"] = {"enabled": True, "theme": theme, "language": "en", "style": "poetic_tech"}
    customizations: dict[str, Any] = {
        "tempo": {"type": "range", "min": low, "max": high},
        "key": {"type": "key", "options": _key_options(key)},
        "duration": {"type": "range", "min": DURATION_RANGE[0], "max": DURATION_RANGE[1]},
        "mood": {"type": "choice", "options": [mood, *moods]},
        "complexity": {"type": "choice", "options": list(COMPLEXITY_OPTIONS)},
        "creativity": {"type": "range", "min": CREATIVITY_RANGE[0], "max": CREATIVITY_RANGE[1]},
        "output_formats": {"type": "subset", "options": list(OUTPUT_FORMATS)},
        "audio_quality": {"type": "choice", "options": list(AUDIO_QUALITY_OPTIONS)},
    }
    if lyrics:
        customizations["instrumental"] = {"type": "boolean"}
        customizations["lyrics.theme"] = {"type": "text", "max_length": 64, "suggestions": list(THEME_NAMES)}
        customizations["lyrics.style"] = {"type": "choice", "options": list(STYLES)}
        customizations["lyrics.language"] = {"type": "choice", "options": list(LANGUAGES)}
    return {
        "template_id": f"ai_template_{number:03d}",
        "name": name,
        "description": description,
        "category": category,
        "subcategory": subcategory or category,
        "ai_model": DEFAULT_AI_MODEL,
        "compatible_models": [DEFAULT_AI_MODEL],
        "has_lyrics": bool(lyrics),
        "popularity": popularity,
        "parameters": parameters,
        "customizations": customizations,
    }


def template_definitions() -> list[dict[str, Any]]:
    """Every catalogue template as plain data (see the module doc for the fields)."""
    return [_definition(row) for row in _ROWS]
