"""The chord chart: a lead sheet of the song's form and chords, drawn as SVG pages and made a PDF.

Page one starts with the title, then key, tempo, metre, bars, length and genre. Each section of the
arrangement follows as a heading (``Verse 1 · bars 9-24``) over rows of four bar cells; a cell holds
the chord symbols sounding in its bar, or ``%`` when it repeats the bar before within the section.
Pages are A4 portrait; text is DejaVu Sans (shipped with Debian's fonts-dejavu-core) so it embeds.

``rsvg-convert`` (Debian's ``librsvg2-bin``) turns the pages into one PDF, fonts embedded and text
selectable (``pdftotext`` reads the chords back). Without it: an :class:`EngineDependencyError`
naming the package.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import EngineDependencyError
from ..types import ChordEvent, Section

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 48
BARS_PER_ROW = 4
ROW_HEIGHT = 34
HEADING_HEIGHT = 26
FONT = "DejaVu Sans, sans-serif"
SECTION_NAMES = {
    "intro": "Intro",
    "verse": "Verse",
    "pre_chorus": "Pre-Chorus",
    "chorus": "Chorus",
    "drop": "Drop",
    "bridge": "Bridge",
    "outro": "Outro",
}


@dataclass(frozen=True, slots=True)
class ChordChart:
    pdf: bytes
    pages: int
    svg_pages: tuple[str, ...]


def bar_symbols(chords: list[ChordEvent], bars: int) -> list[list[str]]:
    """The chord symbols sounding in each bar, in order (a held chord appears in every bar it spans)."""
    per_bar: list[list[str]] = [[] for _ in range(bars)]
    for chord in sorted(chords, key=lambda c: c.start_bar):
        first = max(0, math.floor(chord.start_bar + 1e-9))
        last = min(bars, math.ceil(chord.start_bar + chord.duration_bars - 1e-9))
        for bar in range(first, last):
            if not per_bar[bar] or per_bar[bar][-1] != chord.symbol:
                per_bar[bar].append(chord.symbol)
    return per_bar


def _text(x: float, y: float, text: str, size: float, weight: str = "normal", anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="#111">{escape(text)}</text>'
    )


def _headings(sections: list[Section]) -> list[str]:
    counts: dict[str, int] = {}
    totals = {s.name: sum(1 for t in sections if t.name == s.name) for s in sections}
    names = []
    for section in sections:
        counts[section.name] = counts.get(section.name, 0) + 1
        label = SECTION_NAMES.get(section.name, section.name.replace("_", " ").title())
        names.append(f"{label} {counts[section.name]}" if totals[section.name] > 1 else label)
    return names


def chart_pages(
    *, title: str, subtitle: str, sections: list[Section], chords: list[ChordEvent], bars: int
) -> list[str]:
    """The chart as SVG documents, one per A4 page."""
    symbols = bar_symbols(chords, bars)
    cell = (PAGE_WIDTH - 2 * MARGIN) / BARS_PER_ROW
    pages: list[list[str]] = [[]]
    y = MARGIN + 24.0
    pages[0].append(_text(MARGIN, y, title, 22, "bold"))
    y += 22
    pages[0].append(_text(MARGIN, y, subtitle, 11))
    y += 22
    bottom = PAGE_HEIGHT - MARGIN - 16
    for section, heading in zip(sections, _headings(sections), strict=True):
        rows = math.ceil(section.bars / BARS_PER_ROW)
        if y + HEADING_HEIGHT + min(rows, 2) * ROW_HEIGHT > bottom:
            pages.append([])
            y = float(MARGIN)
        span = f"bars {section.start_bar + 1}-{section.start_bar + section.bars}"
        pages[-1].append(_text(MARGIN, y + 18, f"{heading} · {span}", 12, "bold"))
        y += HEADING_HEIGHT
        for row in range(rows):
            if y + ROW_HEIGHT > bottom:
                pages.append([])
                y = float(MARGIN)
            for column in range(BARS_PER_ROW):
                index = row * BARS_PER_ROW + column
                if index >= section.bars:
                    break
                bar = section.start_bar + index
                x = MARGIN + column * cell
                pages[-1].append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{ROW_HEIGHT}" fill="none" '
                    'stroke="#333" stroke-width="0.8"/>'
                )
                pages[-1].append(_text(x + 3, y + 9, str(bar + 1), 6.5))
                repeat = index > 0 and bar < len(symbols) and symbols[bar] == symbols[bar - 1]
                label = "%" if repeat else "  ".join(symbols[bar]) if bar < len(symbols) else ""
                pages[-1].append(_text(x + cell / 2, y + 23, label, 13, anchor="middle"))
            y += ROW_HEIGHT
        y += 8
    count = len(pages)
    documents = []
    for number, body in enumerate(pages, start=1):
        footer = _text(
            PAGE_WIDTH / 2,
            PAGE_HEIGHT - MARGIN / 2,
            f"{title} · chord chart · page {number} of {count}",
            8,
            anchor="middle",
        )
        documents.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_WIDTH}pt" height="{PAGE_HEIGHT}pt" '
            f'viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}"><rect width="100%" height="100%" fill="white"/>'
            f"{''.join(body)}{footer}</svg>"
        )
    return documents


def svg_to_pdf(pages: list[str]) -> bytes:
    """SVG pages as one PDF, through ``rsvg-convert``."""
    program = shutil.which("rsvg-convert")
    if program is None:
        raise EngineDependencyError("rsvg-convert is required for the chord chart PDF (apt-get install librsvg2-bin)")
    with tempfile.TemporaryDirectory(prefix="coprod-chart-") as folder:
        names = []
        for number, page in enumerate(pages, start=1):
            path = Path(folder) / f"page{number:03d}.svg"
            path.write_text(page, encoding="utf-8")
            names.append(str(path))
        target = Path(folder) / "chart.pdf"
        completed = subprocess.run(  # noqa: S603 - a fixed program on our own files
            [program, "--format", "pdf", "--output", str(target), *names], capture_output=True, check=False, timeout=60
        )
        if completed.returncode != 0 or not target.is_file():
            message = completed.stderr.decode("utf-8", "replace").strip()[-300:]
            raise EngineDependencyError(f"rsvg-convert could not write the chord chart: {message}")
        return target.read_bytes()


def chord_chart(
    *, title: str, subtitle: str, sections: list[Section], chords: list[ChordEvent], bars: int
) -> ChordChart:
    """The chord chart as a PDF (and its SVG pages)."""
    pages = chart_pages(title=title, subtitle=subtitle, sections=sections, chords=chords, bars=bars)
    return ChordChart(pdf=svg_to_pdf(pages), pages=len(pages), svg_pages=tuple(pages))
