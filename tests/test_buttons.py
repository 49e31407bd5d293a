"""The button-data codec: one registry of kinds, unique letters, one parse, one 64-byte limit."""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from types import SimpleNamespace
from typing import Any

import pytest

import bot.buttons
from bot.buttons import codec, exports, peers, privacy, regional, scan, toets
from bot.buttons.base import MAX_BYTES, CallbackTooLong, encode

NOT_FEATURES = {"base", "codec"}


def test_no_letter_is_claimed_by_two_features() -> None:
    claims = Counter(letter for module in codec.FEATURES for letter in module.KINDS)
    assert [letter for letter, n in claims.items() if n > 1] == []
    assert codec.kinds() == frozenset(claims)


def test_every_button_module_is_in_the_registry() -> None:
    names = {m.name for m in pkgutil.iter_modules(bot.buttons.__path__)} - NOT_FEATURES
    modules = {importlib.import_module(f"bot.buttons.{name}") for name in names}
    assert modules == set(codec.FEATURES)


def test_a_letter_claimed_twice_is_refused() -> None:
    twin: Any = SimpleNamespace(__name__="bot.buttons.twin", KINDS={"x": lambda data: data})
    with pytest.raises(codec.DuplicateKind):
        codec.build_table([exports, twin])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (scan.step_data(12, "3"), scan.StepCallback(12, "3")),
        (scan.language_data("en"), scan.LanguageCallback("en")),
        (privacy.forget_data(privacy.CANCEL), privacy.ForgetCallback(privacy.CANCEL)),
        (privacy.consent_data("reminders", False), privacy.ConsentCallback("reminders", False)),
        (regional.resume_data(), regional.ResumeCallback()),
        (regional.staff_data("p", "pause", "ab12"), regional.StaffCallback("p", "pause", "ab12")),
        (peers.ask(-100, "regie"), peers.PeerAction("ask", -100, knelpunt="regie")),
        (peers.answer(5, True), peers.PeerAction("answer", 5, yes=True)),
        (toets.new_toets(), toets.ToetsAction("new")),
        (toets.invite("0123456789", True), toets.ToetsAction("invite", "0123456789", "y")),
        (toets.act("0123456789", "rr", 42), toets.ToetsAction("rr", "0123456789", "42")),
        (
            exports.scan_format("abcdef12", "md"),
            exports.ExportAction("scan_format", "abcdef12", "md"),
        ),
        (exports.choose_region("VR07"), exports.ExportAction("region", "VR07")),
    ],
)
def test_what_a_builder_makes_the_codec_parses_back(data: str, expected: object) -> None:
    assert len(data.encode()) <= MAX_BYTES
    assert codec.parse(data) == expected


@pytest.mark.parametrize(
    "data",
    [None, 7, "", "|", "z|1", "s|x|1", "l|de", "c|a|1", "g|other", "m|z|go|", "q|1", "x|f|abc|pdf",
     "s|1|" + "a" * 70],
)  # fmt: skip
def test_malformed_or_forged_data_parses_to_nothing(data: object) -> None:
    assert codec.parse(data) is None


def test_data_over_64_bytes_is_refused_when_built() -> None:
    with pytest.raises(CallbackTooLong):
        encode("s", 1, "é" * 40)


def test_a_pattern_names_only_registered_kinds() -> None:
    assert codec.pattern("q", "a") == r"^(q|a)\|"
    with pytest.raises(ValueError):
        codec.pattern("z")


def test_every_registered_export_format_fits_on_a_button() -> None:
    from regiescan.renderers.formats import REGION_FORMATS, SCAN_FORMATS

    for fmt in SCAN_FORMATS:
        data = exports.scan_format("f" * 32, fmt)
        assert codec.parse(data) == exports.ExportAction("scan_format", "f" * 32, fmt)
    for fmt in REGION_FORMATS:
        data = exports.region_format("VR25", fmt)
        assert codec.parse(data) == exports.ExportAction("region_format", "VR25", fmt)
