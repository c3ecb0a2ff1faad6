"""The composition engine: pure Python (music21, numpy, mido), no Django.

Parameters in, music out: melodies, chords, basslines, drums, arpeggios, counter-melodies,
arrangements, fusions, emotion-driven ideas, variations and their quality metrics, written as
plain data (see :mod:`generation.engine.types`) and as MIDI or MusicXML. The facade is
:mod:`generation.engine.api`; ``python -m generation.engine --help`` runs it from a shell.
"""
