"""Every msgid the product uses exists, translated, in both catalogs, and the .mo files are
compiled from the current .po files (a missing .mo would silently show msgids)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from dialogs.scan.content import Content
from regiescan.wiring.i18n import LOCALES, MissingCatalogError, Translators, locales_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def used_msgids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    keywords = ["-k", "N_", "-k", "text", "-k", "plural:1,2"]
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         *keywords, "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot.open("rb")) if m.id}
    assert len(ids) > 100, "extraction found too few msgids: is babel.cfg right?"
    return ids


@pytest.mark.parametrize("locale", LOCALES)
def test_every_used_msgid_is_translated(locale: str, used_msgids: set[str]):
    po = read_po((locales_dir() / locale / "LC_MESSAGES" / "messages.po").open("rb"))
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in po
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    }
    missing = sorted(used_msgids - translated)
    assert not missing, f"untranslated in {locale}: {missing[:10]}"


def _complete(value: object) -> bool:
    return all(value) if isinstance(value, list | tuple) else bool(value)


def _key(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_matches_po(locale: str):
    folder = locales_dir() / locale / "LC_MESSAGES"

    def pairs(catalog) -> dict:
        return {_key(m.id): _key(m.string) for m in catalog if m.id and _complete(m.string)}

    po = pairs(read_po((folder / "messages.po").open("rb")))
    mo = pairs(read_mo((folder / "messages.mo").open("rb")))
    stale = {k: v for k, v in po.items() if mo.get(k) != v}
    assert not stale, "run `make locales` to recompile the catalogs"


def test_content_keys_render_as_text_in_both_languages(content: Content, translators: Translators):
    for locale in LOCALES:
        t = translators.get(locale)
        for s in content.statements:
            assert t(s.msgid) != s.msgid and len(t(s.msgid)) > 20
        for k in content.knelpunten:
            assert t(k.title_msgid) != k.title_msgid


def test_dutch_and_english_differ(translators: Translators):
    assert translators.get("nl")("Vorige") == "Vorige"
    assert translators.get("en")("Vorige") == "Previous"


def test_missing_catalog_fails_loudly(tmp_path: Path):
    with pytest.raises(MissingCatalogError):
        Translators(tmp_path)
