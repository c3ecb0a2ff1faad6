"""The FluidSynth C calls the renderer needs beyond pyfluidsynth's wrapper, through ctypes.

- ``write_float`` renders straight into a float32 numpy buffer: no int16 clipping, no
  dithering and no copy (pyfluidsynth's ``get_samples`` allocates, converts and copies on
  every call). ctypes releases the GIL during the call, so synthesisers in different threads
  render in parallel.
- ``set_polyphony`` resizes the voice pool between renders.
- ``active_voice_count``, ``get_voicelist`` and ``voice_gen_get`` tell when a lone note's voices
  have died and whether a note's voices belong to an exclusive class (:mod:`.notes`).
- :func:`library` binds them and routes FluidSynth's log (normally printed to stderr, where
  nobody reads it) to Python logging and counts, per thread, the messages that mean a note
  was dropped ("Failed to allocate a synthesis process") or cut short ("Polyphony exceeded,
  trying to kill a voice") while :func:`capture_voice_log` is open, so a render can check that it
  lost nothing.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger("generation.engine.audio.fluidsynth")

# fluid_log_level: PANIC, ERR, WARN, INFO, DBG.
_LOG_LEVELS = (logging.CRITICAL, logging.ERROR, logging.WARNING, logging.INFO, logging.DEBUG)
DROPPED_MESSAGE = "Failed to allocate a synthesis process"
STOLEN_MESSAGE = "Polyphony exceeded"
_LogFunction = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)


@dataclass(slots=True)
class VoiceLog:
    """What FluidSynth reported while one thread rendered: notes dropped, voices stolen."""

    dropped: int = 0
    stolen: int = 0
    dropped_keys: list[tuple[int, int]] | None = None

    @property
    def clean(self) -> bool:
        return self.dropped == 0 and self.stolen == 0


class _Library:
    """Prototypes of the C functions, bound once to pyfluidsynth's loaded ``libfluidsynth``."""

    def __init__(self, lib: Any) -> None:
        self.write_float = lib.fluid_synth_write_float
        self.write_float.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
        ]
        self.write_float.restype = ctypes.c_int
        self.set_polyphony = lib.fluid_synth_set_polyphony
        self.set_polyphony.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.set_polyphony.restype = ctypes.c_int
        self.active_voice_count = lib.fluid_synth_get_active_voice_count
        self.active_voice_count.argtypes = [ctypes.c_void_p]
        self.active_voice_count.restype = ctypes.c_int
        self.get_voicelist = lib.fluid_synth_get_voicelist
        self.get_voicelist.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        self.get_voicelist.restype = None
        self.voice_gen_get = lib.fluid_voice_gen_get
        self.voice_gen_get.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.voice_gen_get.restype = ctypes.c_float
        self.set_log_function = lib.fluid_set_log_function
        self.set_log_function.argtypes = [ctypes.c_int, _LogFunction, ctypes.c_void_p]


_library: _Library | None = None
_library_lock = threading.Lock()
_thread_logs = threading.local()


def _on_log(level: int, message: bytes | None, data: object) -> None:
    text = (message or b"").decode("utf-8", "replace")
    current: VoiceLog | None = getattr(_thread_logs, "current", None)
    if current is not None:
        if DROPPED_MESSAGE in text:
            current.dropped += 1
            if current.dropped_keys is not None:
                current.dropped_keys.append(_channel_and_key(text))
        elif STOLEN_MESSAGE in text:
            current.stolen += 1
    python_level = _LOG_LEVELS[level] if 0 <= level < len(_LOG_LEVELS) else logging.DEBUG
    if python_level >= logging.INFO or logger.isEnabledFor(python_level):
        logger.log(python_level, "fluidsynth: %s", text)


def _channel_and_key(text: str) -> tuple[int, int]:
    """``(chan=3,key=61)`` at the end of FluidSynth's message as ``(3, 61)``; ``(-1, -1)`` if absent."""
    try:
        inside = text[text.rindex("(") + 1 : text.rindex(")")]
        values = dict(item.split("=") for item in inside.split(","))
        return int(values["chan"]), int(values["key"])
    except (ValueError, KeyError):
        return -1, -1


# Kept alive for as long as FluidSynth may call it (the C side holds only a raw pointer).
_log_callback = _LogFunction(_on_log)


def library(lib: Any) -> _Library:
    """The prototypes, bound on first use; installs the log handler for every level at the same time."""
    global _library
    with _library_lock:
        if _library is None:
            bound = _Library(lib)
            for level in range(len(_LOG_LEVELS)):
                bound.set_log_function(level, _log_callback, None)
            _library = bound
        return _library


@contextmanager
def capture_voice_log(keep_keys: bool = False) -> Iterator[VoiceLog]:
    """Count what FluidSynth reports in this thread while the ``with`` block runs."""
    log = VoiceLog(dropped_keys=[] if keep_keys else None)
    previous = getattr(_thread_logs, "current", None)
    _thread_logs.current = log
    try:
        yield log
    finally:
        _thread_logs.current = previous
