"""Translations per user: catalogs loaded once per locale and cached on an object, never global.

A missing compiled catalog is an error at start, not a silent fall-back to msgids: for the
scan's content the msgids are keys ("statement.sturing.gezag"), which no user should ever see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import Translations

from dialogs.texts import Date, Number, Text

DOMAIN = "messages"
LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"


def locales_dir() -> Path:
    """The compiled catalogs: the ``locales`` package, in the checkout or in an installed wheel."""
    return Path(str(resources.files("locales")))


class MissingCatalogError(RuntimeError):
    """A compiled catalog (.mo) is missing: run `make locales` (pybabel compile)."""


@dataclass
class Translator:
    """Renders core :class:`Text` values for one locale."""

    locale: str
    catalog: Translations

    def __call__(self, value: Text | str) -> str:
        return self.render(value)

    def render(self, value: Text | str) -> str:
        if isinstance(value, str):
            return self.catalog.gettext(value)
        if value.lines:
            return "\n".join(self.render(line) for line in value.lines)
        if value.verbatim:
            return value.msgid
        if value.plural is not None and value.count_param is not None:
            count = int(value.params[value.count_param])
            template = self.catalog.ngettext(value.msgid, value.plural, count)
        else:
            template = self.catalog.gettext(value.msgid)
        if not value.params:
            return template
        return template.format(**{k: self._param(v) for k, v in value.params.items()})

    def _param(self, value: Any) -> Any:
        if isinstance(value, Text):
            return self.render(value)
        if isinstance(value, Date):
            return self.date(value.iso, value.format)
        if isinstance(value, Number):
            pattern = "0." + "0" * value.digits if value.digits else "0"
            return format_decimal(value.value, format=pattern, locale=self.locale)
        return value

    def date(self, iso: str, fmt: str = "long") -> str:
        return format_date(datetime.fromisoformat(iso), format=fmt, locale=self.locale)


class Translators:
    """Loads each locale's catalog once; hands out a :class:`Translator` per locale."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or locales_dir()
        self._cache: dict[str, Translator] = {}
        for locale in LOCALES:  # fail at start, not in the middle of a conversation
            self.get(locale)

    def get(self, locale: str | None) -> Translator:
        locale = locale if locale in LOCALES else DEFAULT_LOCALE
        assert locale is not None
        if locale not in self._cache:
            mo = self.directory / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
            if not mo.is_file():
                raise MissingCatalogError(f"missing catalog {mo}: run `make locales`")
            with mo.open("rb") as fp:
                self._cache[locale] = Translator(locale, Translations(fp, domain=DOMAIN))
        return self._cache[locale]
