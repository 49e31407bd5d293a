"""Fonts for the PDF: DejaVu Sans first, fallback fonts for what it lacks, and a visible mark for
what no installed font has. A character is never dropped silently.

Coordinators type notes with emoji (👍), flags (🇳🇱), Chinese, Japanese or Korean, Arabic and
Hebrew, and combining marks. DejaVu Sans (from matplotlib, always there) covers Latin, Greek,
Cyrillic, Arabic, Hebrew and most combining marks. For the rest, fpdf2's fallback fonts are
used, from Debian packages (installed by ``.ci/run`` and the Dockerfile; licences in README.md):

* ``fonts-wqy-microhei``: WenQuanYi Micro Hei, Chinese, Japanese kana and Korean Hangul
  (Apache-2.0 or GPL-3+ with font exception);
* ``fonts-symbola``: Symbola, emoji and symbols in black and white, regional indicator letters
  (a flag prints as its two boxed letters, 🇳🇱 as N L). "Free for any use".

A fallback font is read only when a document needs one of its characters (WenQuanYi is 5 MB).
A character that no available font covers prints as U+FFFD (�), and invisible format
characters (variation selectors, skin-tone modifiers without a glyph) are left out.
Arabic and Hebrew need text shaping (HarfBuzz, ``uharfbuzz``): letters joined, right to left;
it is switched on only for the texts that need it.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fpdf import FPDF

FONT = "DejaVu"
REPLACEMENT = "\ufffd"
FONT_ROOTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# Invisible when a font lacks them: variation selectors and emoji skin-tone modifiers.
_IGNORABLE = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0), range(0x1F3FB, 0x1F400))


@dataclass(frozen=True)
class Fallback:
    family: str
    files: tuple[str, ...]  # file names, the first one found under FONT_ROOTS is used


# In order of preference: a character goes to the first of these that has it.
FALLBACKS = (
    Fallback("WenQuanYi", ("wqy-microhei.ttc",)),
    Fallback("Symbola", ("Symbola_hint.ttf", "Symbola.ttf")),
)


def font_dir() -> Path:
    """matplotlib's DejaVu fonts: always installed with matplotlib."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@functools.cache
def find_font(names: tuple[str, ...]) -> Path | None:
    """The first installed file with one of ``names`` (searched once per process)."""
    for name in names:
        for root in FONT_ROOTS:
            if root.is_dir():
                found = next(iter(sorted(root.rglob(name))), None)
                if found is not None:
                    return found
    return None


@functools.cache
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (read once per process)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def available() -> list[tuple[Fallback, Path]]:
    """The fallback fonts installed on this machine, in order of preference."""
    found = [(f, find_font(f.files)) for f in FALLBACKS]
    return [(f, path) for f, path in found if path is not None]


def _ignorable(code: int) -> bool:
    return any(code in r for r in _IGNORABLE)


@functools.lru_cache(maxsize=4096)
def _needs_shaping(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL") or unicodedata.category(c) == "Mn"


class GlyphFonts:
    """The font set-up of one document: DejaVu regular and bold, then fallbacks on demand."""

    def __init__(self, pdf: FPDF) -> None:
        self._pdf = pdf
        fonts = font_dir()
        pdf.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self._primary = coverage(fonts / "DejaVuSans.ttf") & coverage(fonts / "DejaVuSans-Bold.ttf")
        self._fallbacks = available()
        self._loaded: list[str] = []
        self._shaping = False

    def printable(self, value: str) -> str:
        """``value`` with every character no font has replaced by U+FFFD (and ignorable
        invisible ones left out), so nothing disappears without a trace."""
        if all(ord(c) in self._primary for c in value):
            return value
        kept = []
        for c in value:
            code = ord(c)
            if c == "\n" or code in self._primary or self.load_for(code) is not None:
                kept.append(c)
            elif _ignorable(code) or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp"):
                continue
            else:
                kept.append(REPLACEMENT)
        return "".join(kept)

    def shape_if_needed(self, value: str) -> None:
        """Text shaping for a text with right-to-left letters or combining marks (Arabic joined,
        Hebrew and Arabic right to left, marks placed on their letter). Only for those texts:
        shaping makes a whole document about 2.5 times slower to set."""
        needed = any(_needs_shaping(c) for c in value) if not value.isascii() else False
        if needed != self._shaping:
            self._pdf.set_text_shaping(needed)
            self._shaping = needed

    def load_for(self, code: int) -> str | None:
        """The font id of the fallback that has ``code``, read into the document if needed."""
        for fallback, path in self._fallbacks:
            if code not in coverage(path):
                continue
            font_id = fallback.family.lower()
            if font_id not in self._loaded:
                self._pdf.add_font(fallback.family, "", str(path))
                self._loaded.append(font_id)
                self._pdf.set_fallback_fonts(self._loaded, exact_match=False)
            return font_id
        return None
