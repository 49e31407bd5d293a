"""Telegram's ``parse_mode`` handling, strict enough to catch formatting bugs in tests.

:func:`parse_text` turns a text plus ``parse_mode`` into what the recipient sees: the plain
text and its ``MessageEntity`` dicts (offsets in UTF-16 code units), or raises
:class:`FormattingError` with Telegram's wording ("Can't find end tag ...", "Character '.' is
reserved ...") where the server would answer "Bad Request: can't parse entities: ...".

The parsers follow the rules of https://core.telegram.org/bots/api#formatting-options; corner
cases of the real server (e.g. ``___`` ambiguity in MarkdownV2) are approximated.
"""

from __future__ import annotations

import re
from typing import Any

Entity = dict[str, Any]

_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "tg-time": "date_time",
}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ATTR = re.compile(r"""\s*([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")


class FormattingError(ValueError):
    """The text cannot be parsed; ``str(exc)`` is the part after "can't parse entities: "."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


class _Builder:
    """Collects visible text and entities while a parser walks the source."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0  # UTF-16 offset of the end of the visible text so far
        self.entities: list[Entity] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += utf16_len(text)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos - start, **extra}
            )

    def result(self) -> tuple[str, list[Entity]]:
        return "".join(self.parts), sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _parse_html(source: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[tuple[str, int, dict[str, str], int]] = []  # tag, start, attributes, index
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            match = re.match(r"&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z]+));", source[i:])
            if match and match.group(3) in _HTML_NAMED:
                out.add(_HTML_NAMED[match.group(3)])
            elif match and (match.group(1) or match.group(2)):
                number = int(match.group(1) or match.group(2), 10 if match.group(1) else 16)
                out.add(chr(number) if 0 < number < 0x110000 else "\ufffd")
            else:  # an unknown or malformed entity stays literal text, as Telegram does
                out.add("&")
                i += 1
                continue
            i += match.end()
            continue
        if char != "<":
            out.add(char)
            i += 1
            continue
        end = source.find(">", i)
        if end < 0:
            raise FormattingError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
        body = source[i + 1 : end]
        if body.startswith("/"):
            name = body[1:].strip().lower()
            if not stack:
                raise FormattingError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, i)}"
                )
            tag, start, attrs, _ = stack.pop()
            if name != tag:
                raise FormattingError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, i)}, "
                    f'expected "</{tag}>", found "</{name}>"'
                )
            _html_entity(out, tag, start, attrs)
        else:
            match = re.match(r"[a-zA-Z][a-zA-Z0-9-]*", body)
            name = match.group(0).lower() if match else ""
            if name not in _HTML_TAGS:
                raise FormattingError(
                    f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, i)}'
                )
            attrs = {
                m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                for m in _HTML_ATTR.finditer(body[len(name) :])
                if m.group(1)
            }
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise FormattingError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(source, i)}"
                )
            stack.append((name, out.pos, attrs, i))
        i = end + 1
    if stack:
        tag = stack[-1][0]
        raise FormattingError(f'Can\'t find end tag corresponding to start tag "{tag}"')
    return out.result()


def _html_entity(out: _Builder, tag: str, start: int, attrs: dict[str, str]) -> None:
    kind = _HTML_TAGS[tag]
    if kind == "text_link":
        href = attrs.get("href", "")
        user = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if user:
            out.entity("text_mention", start, user={"id": int(user.group(1))})
        elif href:
            out.entity("text_link", start, url=href)
    elif kind == "pre" and attrs.get("class", "").startswith("language-"):
        out.entity("pre", start, language=attrs["class"].removeprefix("language-"))
    elif kind == "blockquote" and "expandable" in attrs:
        out.entity("expandable_blockquote", start)
    elif kind == "custom_emoji":
        out.entity(kind, start, custom_emoji_id=attrs.get("emoji-id", ""))
    else:
        out.entity(kind, start)


_MDV2_MARKS = [
    ("```", "pre", "Pre"),
    ("||", "spoiler", "Spoiler"),
    ("__", "underline", "Underline"),
    ("*", "bold", "Bold"),
    ("_", "italic", "Italic"),
    ("~", "strikethrough", "Strikethrough"),
    ("`", "code", "Code"),
]


def _parse_markdown_v2(source: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    # token, kind, name (the language for pre), visible start, source index
    stack: list[tuple[str, str, str, int, int]] = []
    i = 0
    while i < len(source):
        char = source[i]
        in_code = bool(stack) and stack[-1][1] in ("pre", "code")
        if char == "\\" and i + 1 < len(source) and 0 < ord(source[i + 1]) < 127:
            out.add(source[i + 1])
            i += 2
            continue
        if in_code and char not in "`\\":
            out.add(char)
            i += 1
            continue
        if char == "]" and stack and stack[-1][1] == "text_link":
            _, _, _, start, index = stack.pop()
            url_match = re.match(r"\(((?:\\.|[^)\\])*)\)", source[i + 1 :])
            if not url_match:
                raise FormattingError(
                    f"Can't find end of a URL at byte offset {_byte_offset(source, index)}"
                )
            url = re.sub(r"\\(.)", r"\1", url_match.group(1))
            user = re.fullmatch(r"tg://user\?id=(\d+)", url)
            if user:
                out.entity("text_mention", start, user={"id": int(user.group(1))})
            else:
                out.entity("text_link", start, url=url)
            i += 1 + url_match.end()
            continue
        if char == "[":
            stack.append(("]", "text_link", "TextUrl", out.pos, i))
            i += 1
            continue
        if char == ">" and (i == 0 or source[i - 1] == "\n"):
            line_end = source.find("\n", i)
            line_end = len(source) if line_end < 0 else line_end
            start = out.pos
            inner_text, inner_entities = _parse_markdown_v2(source[i + 1 : line_end])
            for entity in inner_entities:
                out.entities.append({**entity, "offset": entity["offset"] + start})
            out.add(inner_text)
            out.entity("blockquote", start)
            i = line_end
            continue
        mark = next((m for m in _MDV2_MARKS if source.startswith(m[0], i)), None)
        if mark is None or (in_code and mark[0] != stack[-1][0]):
            if char in _MDV2_RESERVED:
                raise FormattingError(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            out.add(char)
            i += 1
            continue
        token, kind, name = mark
        if stack and stack[-1][0] == token:
            _, _, language, start, _ = stack.pop()
            if kind == "pre" and language:
                out.entity(kind, start, language=language)
            else:
                out.entity(kind, start)
            i += len(token)
            continue
        if kind == "pre":
            newline = source.find("\n", i + 3)
            first_line = source[i + 3 : newline] if newline >= 0 else ""
            if newline >= 0 and re.fullmatch(r"[\w+#.-]+", first_line):
                stack.append((token, kind, first_line, out.pos, i))
                i = newline + 1
                continue
        stack.append((token, kind, name if kind != "pre" else "", out.pos, i))
        i += len(token)
    if stack:
        _, kind, name, _, index = stack[-1]
        label = "Pre" if kind == "pre" else name
        raise FormattingError(
            f"Can't find end of {label} entity at byte offset {_byte_offset(source, index)}"
        )
    return out.result()


def _parse_markdown(source: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    i = 0
    marks = {"*": "bold", "_": "italic", "`": "code"}
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "*_`[":
            out.add(source[i + 1])
            i += 2
            continue
        if source.startswith("```", i):
            end = source.find("```", i + 3)
            if end < 0:
                raise FormattingError(
                    "Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(source, i)}"
                )
            start = out.pos
            out.add(source[i + 3 : end])
            out.entity("pre", start)
            i = end + 3
            continue
        if char in marks:
            end = source.find(char, i + 1)
            if end < 0:
                raise FormattingError(
                    "Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(source, i)}"
                )
            start = out.pos
            out.add(source[i + 1 : end])
            out.entity(marks[char], start)
            i = end + 1
            continue
        link = re.match(r"\[([^\]]*)\]\(([^)]*)\)", source[i:]) if char == "[" else None
        if link:
            start = out.pos
            out.add(link.group(1))
            out.entity("text_link", start, url=link.group(2))
            i += link.end()
            continue
        out.add(char)
        i += 1
    return out.result()


def _strip(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Telegram trims leading and trailing whitespace; entities move along."""
    leading = utf16_len(text) - utf16_len(text.lstrip())
    stripped = text.strip()
    size = utf16_len(stripped)
    moved = []
    for entity in entities:
        start = max(entity["offset"] - leading, 0)
        end = min(entity["offset"] + entity["length"] - leading, size)
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return stripped, moved


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Return the visible (trimmed) text and its entities; raise :class:`FormattingError`."""
    mode = (parse_mode or "").lower()
    if mode == "":
        return text.strip(), []
    if mode == "html":
        return _strip(*_parse_html(text))
    if mode == "markdownv2":
        return _strip(*_parse_markdown_v2(text))
    if mode == "markdown":
        return _strip(*_parse_markdown(text))
    raise FormattingError(f"unsupported parse_mode {parse_mode!r}")
