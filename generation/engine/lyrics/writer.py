"""The lyric writer: theme + style + the song's sections -> lines that scan, rhyme and carry a hook.

Lines come from sentence templates (one set per style) whose slots are filled from the theme's
lexicon with fixed inflections, so they are grammatical by construction. Every line ends on a noun
chosen for the section's rhyme scheme — ``AABB``, ``ABAB`` or ``XAXA`` — from rhyme groups built
with the CMU pronouncing dictionary (same rhyming part, different words). The chorus's first and
third lines are the hook, which carries the title; the hook is the only line that repeats.
"""

from __future__ import annotations

import difflib
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pronouncing

from ..errors import EngineParameterError
from .themes import COMMON_NOUNS, THEME_NAMES, THEMES, Theme

LANGUAGES = ("en",)
STYLES = ("poetic_tech", "storytelling", "hype", "romantic", "conversational")
SCHEMES = {
    "verse": ("ABAB", "AABB"),
    "pre_chorus": ("XAXA",),
    "chorus": ("XAXA",),
    "bridge": ("AABB",),
    "drop": ("XAXA",),
    "intro": (),
    "outro": ("AABB",),
}
HEADINGS = {
    "verse": "Verse",
    "pre_chorus": "Pre-Chorus",
    "chorus": "Chorus",
    "bridge": "Bridge",
    "drop": "Drop",
    "outro": "Outro",
    "intro": "Intro",
}

TEMPLATES: dict[str, tuple[str, ...]] = {
    "poetic_tech": (
        "The {adj} {thing} {verbs} in the {end}",
        "I hear the {thing} {verbing} through the {end}",
        "{Time}, the {thing} becomes the {end}",
        "We {verb} where the {adj} {thing} meets the {end}",
        "Every {thing} is a {adj} {end}",
        "Out in {place} the {thing} {verbs} like the {end}",
        "Your {adj} signal falls into the {end}",
        "Lost inside {place} I {verb} for the {end}",
    ),
    "storytelling": (
        "She left the {thing} by the {end}",
        "We were {verbing} down {place} to find the {end}",
        "{Time} I saw the {adj} {end}",
        "He kept the {thing} and walked into the {end}",
        "They told us we would never touch the {end}",
        "We took the long way through {place} to the {end}",
        "I still remember how you held the {end}",
        "Back in {place} we made a {adj} {end}",
    ),
    "hype": (
        "Hands up, we {verb} for the {end}",
        "{Adj} and loud, we own the {end}",
        "Turn it up, the {thing} {verbs} like the {end}",
        "We run {place}, we are the {end}",
        "No sleep, we {verb} until the {end}",
        "Everybody {verbing} to the {end}",
        "Bring the {thing}, bring the {end}",
        "We came to take the {adj} {end}",
    ),
    "romantic": (
        "Hold me close beneath the {end}",
        "Your {thing} is my {adj} {end}",
        "I would {verb} through {place} for your {end}",
        "{Time} you are my {end}",
        "Every {adj} {thing} reminds me of your {end}",
        "We {verb} slow under the {end}",
        "Stay with me and be my {end}",
        "In {place} I gave you my {end}",
    ),
    "conversational": (
        "You know I {verb} for the {end}",
        "Tell me why the {thing} feels like the {end}",
        "I guess we left it at the {end}",
        "Maybe we should {verb} toward the {end}",
        "Honestly I miss the {adj} {end}",
        "Call me when you see the {end}",
        "We never talk about the {end}",
        "I keep thinking of {place} and the {end}",
    ),
}
HOOKS = (
    "{title} in the {end}",
    "{title}, all through the {end}",
    "{title} under the {end}",
    "{title}, we own the {end}",
)


@dataclass(slots=True)
class LyricLine:
    text: str
    section: str
    rhyme: str
    end_word: str
    is_hook: bool = False
    syllables: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "section": self.section,
            "rhyme": self.rhyme,
            "is_hook": self.is_hook,
            "syllables": list(self.syllables),
        }


@dataclass(slots=True)
class LyricSection:
    name: str
    heading: str
    scheme: str
    lines: list[LyricLine]


@dataclass(slots=True)
class Lyrics:
    title: str
    theme: str
    requested_theme: str
    style: str
    language: str
    sections: list[LyricSection]
    theme_note: str | None = None

    @property
    def lines(self) -> list[LyricLine]:
        return [line for section in self.sections for line in section.lines]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def formatted(self) -> str:
        return "\n\n".join(f"[{s.heading}]\n" + "\n".join(line.text for line in s.lines) for s in self.sections)


def parse_language(language: object) -> str:
    if language not in LANGUAGES:
        raise EngineParameterError.choice("language", language, LANGUAGES)
    return str(language)


def parse_style(style: object) -> str:
    if not isinstance(style, str) or style.strip().lower() not in STYLES:
        raise EngineParameterError.choice("style", style, STYLES)
    return style.strip().lower()


def resolve_theme(theme: object) -> tuple[Theme, str | None]:
    """The theme, or the nearest known one (by keywords, then spelling) with a note saying so."""
    if not isinstance(theme, str) or not theme.strip():
        raise EngineParameterError.choice("theme", theme, THEME_NAMES)
    name = re.sub(r"[\s-]+", "_", theme.strip().lower())
    if name in THEMES:
        return THEMES[name], None
    words = set(re.split(r"[_\W]+", name))
    scored = sorted(THEMES.values(), key=lambda t: (-len(words & (set(t.keywords) | set(t.name.split("_")))), t.name))
    best = scored[0] if words & (set(scored[0].keywords) | set(scored[0].name.split("_"))) else None
    if best is None:
        close = difflib.get_close_matches(name, THEME_NAMES, n=1, cutoff=0.0)
        best = THEMES[close[0]]
    return best, f"Unknown theme '{theme}': using the nearest known theme, '{best.name}'"


@lru_cache(maxsize=4096)
def rhyme_key(word: str) -> str | None:
    phones = pronouncing.phones_for_word(word.lower())
    return pronouncing.rhyming_part(phones[0]) if phones else None


def rhymes_with(a: str, b: str) -> bool:
    """Different words with the same rhyming part (stressed vowel onwards) in the CMU dictionary."""
    ka, kb = rhyme_key(a), rhyme_key(b)
    return a.lower() != b.lower() and ka is not None and ka == kb


@lru_cache(maxsize=8192)
def syllable_count(word: str) -> int:
    """CMU dictionary syllables; unknown words: vowel groups, with a silent final e."""
    clean = re.sub(r"[^a-z']", "", word.lower())
    if not clean:
        return 0
    phones = pronouncing.phones_for_word(clean)
    if phones:
        return int(pronouncing.syllable_count(phones[0]))
    groups = re.findall(r"[aeiouy]+", clean)
    count = len(groups) - (1 if clean.endswith("e") and len(groups) > 1 and not clean.endswith("le") else 0)
    return max(1, count)


def split_syllables(word: str) -> list[str]:
    """The word cut into as many written syllables as it has spoken ones (pyphen, fitted to the CMU count)."""
    count = syllable_count(word)
    pieces = [p for p in _hyphenator().inserted(word).split("-") if p] if count > 1 else [word]
    while len(pieces) > count:  # merge the shortest neighbours
        i = min(range(len(pieces) - 1), key=lambda k: len(pieces[k]) + len(pieces[k + 1]))
        pieces[i : i + 2] = [pieces[i] + pieces[i + 1]]
    while len(pieces) < count:  # split the longest piece
        i = max(range(len(pieces)), key=lambda k: len(pieces[k]))
        piece = pieces[i]
        if len(piece) < 2:
            break
        half = len(piece) // 2
        pieces[i : i + 1] = [piece[:half], piece[half:]]
    return pieces


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def line_syllables(text: str) -> list[str]:
    """The line as sung syllables (hyphenated pieces of each word, punctuation dropped)."""
    syllables: list[str] = []
    for word in re.findall(r"[A-Za-z']+", text):
        pieces = split_syllables(word)
        syllables.extend(p + ("-" if i < len(pieces) - 1 else "") for i, p in enumerate(pieces))
    return syllables


class _LineMaker:
    def __init__(self, theme: Theme, style: str, rng: random.Random):
        self.theme, self.style, self.rng = theme, style, rng
        self.used_lines: set[str] = set()
        self.used_ends: set[str] = set()
        pool = list(dict.fromkeys(theme.nouns + COMMON_NOUNS))
        groups: dict[str, list[str]] = {}
        for word in pool:
            key = rhyme_key(word)
            if key:
                groups.setdefault(key, []).append(word)
        # Theme words first, so lines sound like the theme.
        self.groups = sorted(
            (g for g in groups.values() if len(g) >= 2), key=lambda g: (-sum(w in theme.nouns for w in g), g[0])
        )

    def rhyme_group(self, size: int) -> list[str]:
        candidates = [[w for w in g if w not in self.used_ends] for g in self.groups]
        candidates = [g for g in candidates if len(g) >= size]
        top = candidates[: max(1, len(candidates) // 3)]
        group = top[self.rng.randrange(len(top))] if top else self.rng.choice(self.groups)
        chosen = self.rng.sample(group, size) if len(group) >= size else (group * size)[:size]
        self.used_ends.update(chosen)
        return chosen

    def fill(self, template: str, end: str) -> str:
        verb = self.rng.choice(self.theme.verbs)
        # No word twice in one phrase ("the neon neon sign", "the city grid meets the city"): the
        # thing and the adjective are drawn from those that share no word with what is already chosen.
        taken = set(end.lower().split())
        things = [t for t in self.theme.things if not taken & set(t.split())] or list(self.theme.things)
        thing = self.rng.choice(things)
        taken |= set(thing.split())
        adjectives = [a for a in self.theme.adjectives if a not in taken] or list(self.theme.adjectives)
        values = {
            "thing": thing,
            "adj": self.rng.choice(adjectives),
            "verb": verb[0],
            "verbs": verb[1],
            "verbing": verb[2],
            "place": self.rng.choice(self.theme.places),
            "time": self.rng.choice(self.theme.times),
            "end": end,
        }
        values |= {k.capitalize(): v.capitalize() for k, v in values.items()}
        text = template.format(**values)
        text = re.sub(r"\ba ([aeiou])", r"an \1", text)
        return text[0].upper() + text[1:]

    def line(self, end: str) -> str:
        for _ in range(40):
            text = self.fill(self.rng.choice(TEMPLATES[self.style]), end)
            if text not in self.used_lines:
                self.used_lines.add(text)
                return text
        raise EngineParameterError("seed", None, "a seed that lets the writer avoid repeating lines")


def write_lyrics(
    *,
    theme: str,
    style: str = "poetic_tech",
    language: str = "en",
    sections: list[str],
    seed: int,
    title: str | None = None,
) -> Lyrics:
    """Lyrics for ``sections`` (names from the arrangement: verse, pre_chorus, chorus, bridge...)."""
    parse_language(language)
    style = parse_style(style)
    resolved, note = resolve_theme(theme)
    rng = random.Random(seed)
    maker = _LineMaker(resolved, style, rng)
    title = title or rng.choice(resolved.titles)
    hook_end = rng.choice([n for n in resolved.nouns if rhyme_key(n)] or list(resolved.nouns))
    maker.used_ends.add(hook_end)
    hook = HOOKS[rng.randrange(len(HOOKS))].format(title=title, end=hook_end)
    maker.used_lines.add(hook)
    written: list[LyricSection] = []
    counters: dict[str, int] = {}
    for name in sections:
        schemes = SCHEMES.get(name, ("AABB",))
        if not schemes:
            continue
        counters[name] = counters.get(name, 0) + 1
        scheme = schemes[rng.randrange(len(schemes))]
        letters = sorted(set(scheme) - {"X"})
        ends = {letter: maker.rhyme_group(scheme.count(letter)) for letter in letters}
        lines: list[LyricLine] = []
        for letter in scheme:
            if letter == "X" and name == "chorus":
                lines.append(LyricLine(hook, name, "X", hook_end, is_hook=True))
                continue
            end = ends[letter].pop(0) if letter != "X" else maker.rhyme_group(1)[0]
            lines.append(LyricLine(maker.line(end), name, letter, end))
        for line in lines:
            line.syllables = line_syllables(line.text)
        heading = HEADINGS.get(name, name.title())
        if name == "verse" or (counters[name] > 1 and name != "chorus"):
            heading = f"{heading} {counters[name]}"
        written.append(LyricSection(name, heading, scheme, lines))
    return Lyrics(
        title=title,
        theme=resolved.name,
        requested_theme=theme,
        style=style,
        language=language,
        sections=written,
        theme_note=note,
    )
