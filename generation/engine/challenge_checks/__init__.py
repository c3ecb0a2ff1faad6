"""Challenge constraints and the checks that decide, from the notes, whether music meets them.

A challenge sets any of seven constraints (the JSON shape of :func:`constraints_from_data`)::

    {"genre": "trap", "bpm": {"min": 130, "max": 150}, "key": "C minor",
     "parts": ["melody", "bass", "drums"], "bars": {"min": 8, "max": 16},
     "progression": ["i", "VI", "III", "VII"],
     "motif": {"notes": [{"note": 60, "start_time": 0, "duration": 0.5}, ...], "rhythm_tolerance": 0.25}}

and :func:`check_constraints` answers one :class:`ConstraintResult` per constraint set, passed or
not, with a reason a producer can act on. The rules (also in the README, "Challenges and XP"):

* **genre**: the genre declared with the music (a generation's own, or the one sent with a MIDI
  upload), aliases accepted (``hip hop`` is ``boom_bap``).
* **bpm**: the music's tempo inside the range, ends included.
* **key**: read from the notes, never from a label: at least 85% of the pitched notes' duration is
  in the key's scale, and no other tonic of the same notes (C minor's rival is Eb major, D
  dorian's C major and A minor) has more of five cues pointing at it: the first chord's root,
  the last chord's root, the most frequent chord root (:mod:`generation.engine.chord_roots`), the
  lead's last note, and the key the notes' profile reads (:func:`generation.engine.analysis.read_key`,
  the key every analysis in the product reports). At least one cue must point
  at the key's tonic; ties go to the key asked for.
* **parts**: each required part is present with notes (part names as the engine names them; a
  MIDI file's parts are named by :func:`generation.engine.roles.parts_named_by_role`).
* **bars**: the music's length in 4/4 bars inside the range.
* **progression**: the roman numerals, read in the challenge's key, as chord roots: some run of
  consecutive windows plays exactly these roots, one chord per half bar, bar or two bars.
* **motif**: transposition-invariant: some part's top line plays the motif's interval sequence
  exactly, each inter-onset time within ``rhythm_tolerance`` beats of the motif's.

Pure Python on the engine's types; no Django.
"""

from .checks import check_constraints
from .constraints import ChallengeConstraints, ConstraintResult, constraints_from_data

__all__ = ["ChallengeConstraints", "ConstraintResult", "check_constraints", "constraints_from_data"]
