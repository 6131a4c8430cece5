"""X12 tokenizer: separators from the ISA header, segments with their positions.

The element separator is the character after ``ISA``; the component separator is ISA16 and the
segment terminator the character after it (position 105 of a fixed-width ISA, found by counting
separators so that an ISA whose fields were not padded is read too); the repetition separator is
ISA11 from version 00402 on. Whitespace around segments (a newline after each terminator, or a
newline as the terminator with indentation) is ignored. An interchange that declares other
separators than the one before it is split with its own. A bare transaction set (``ST`` first, no
envelope) is read with separators inferred from the ST segment, and says so.

Text is decoded as Latin-1, so a character index is a byte offset. Positions are computed only
when a message needs one: segment ordinal (1-based, counting non-empty segments in the file),
segment id, element reference (``SV107-2``), byte offset and line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, pairwise

from dermclaim.errors import DermClaimError

__all__ = ["Position", "Separators", "Tokens", "X12ReadError", "tokenize"]

MAX_X12_BYTES = 200_000_000
"""Largest X12 file read (bytes)."""


@dataclass(frozen=True, slots=True)
class Separators:
    element: str
    component: str
    repetition: str | None
    segment: str


@dataclass(frozen=True, slots=True)
class Position:
    """Where something is in an X12 file. ``segment`` is the 1-based ordinal of the segment."""

    segment: int
    segment_id: str
    element: str
    offset: int
    line: int

    def __str__(self) -> str:
        where = f"segment {self.segment}" + (f" ({self.segment_id})" if self.segment_id else "")
        if self.element:
            where += f" {self.element}"
        return f"{where}, byte {self.offset}" + (f", line {self.line}" if self.line > 1 else "")

    def to_json(self) -> dict[str, object]:
        return {
            "segment": self.segment,
            "segment_id": self.segment_id,
            "element": self.element,
            "offset": self.offset,
            "line": self.line,
        }


class X12ReadError(DermClaimError):
    """The input cannot be read as X12 at all; ``position`` says where reading stopped."""

    def __init__(self, message: str, position: Position | None = None, *, source: str = "input") -> None:
        self.reason = message
        self.position = position
        self.source = source
        where = f" at {position}" if position else ""
        super().__init__(f"{source}: {message}{where}")


@dataclass(slots=True)
class _Chunk:
    first: int  # index of its first piece in Tokens.segs
    base: int  # byte offset of its first piece
    raw: list[str]  # unstripped pieces
    seps: Separators
    splitter: str
    starts: list[int] | None = None


_WS = " \t\r\n\x0b\x0c"


class Tokens:
    """The segments of one X12 file: ``segs[i]`` is segment text (stripped, possibly empty)."""

    __slots__ = ("_chunks", "_newlines", "_ordinals", "notes", "segs", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.segs: list[str] = []
        self._chunks: list[_Chunk] = []
        self._ordinals: list[int] | None = None
        self._newlines: list[int] | None = None
        self.notes: list[tuple[str, int]] = []
        """Tolerated irregularities: (message, segment index)."""

    @property
    def seps(self) -> Separators:
        return self._chunks[0].seps

    def seps_at(self, index: int) -> Separators:
        chunk = self._chunk(index)
        return chunk.seps

    def _chunk(self, index: int) -> _Chunk:
        found = self._chunks[0]
        for chunk in self._chunks:
            if chunk.first <= index:
                found = chunk
            else:
                break
        return found

    def elements(self, index: int) -> list[str]:
        return self.segs[index].split(self.seps_at(index).element)

    def offset(self, index: int) -> int:
        chunk = self._chunk(index)
        if chunk.starts is None:
            tl = len(chunk.splitter)
            chunk.starts = [0, *accumulate(len(p) + tl for p in chunk.raw)]
        k = index - chunk.first
        raw = chunk.raw[k] if k < len(chunk.raw) else ""
        lead = len(raw) - len(raw.lstrip(_WS))
        return chunk.base + chunk.starts[k] + lead

    def ordinal(self, index: int) -> int:
        """1-based number of the segment among the file's non-empty segments."""
        if self._ordinals is None:
            self._ordinals = list(accumulate(map(bool, self.segs)))
        return self._ordinals[index] if index < len(self._ordinals) else len(self.segs)

    def position(self, index: int, element: str = "") -> Position:
        if not self.segs:
            return Position(0, "", element, 0, 1)
        index = min(max(index, 0), len(self.segs) - 1)
        seg = self.segs[index]
        seps = self.seps_at(index)
        seg_id = seg.split(seps.element, 1)[0][:3] if seg else ""
        off = self.offset(index)
        return Position(self.ordinal(index), seg_id, element, off, self.line_of(off))

    def line_of(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect_left(self._newlines, offset) + 1

    def end_position(self) -> Position:
        n = len(self.segs)
        return Position(self.ordinal(n - 1) if n else 0, "", "", len(self.text), self.text.count("\n") + 1)


def _isa_separators(text: str, start: int, source: str, segment: int = 1) -> tuple[Separators, int]:
    """Separators declared by the ISA at ``start`` (the file's ``segment``-th segment); returns them
    and the ISA's end offset."""
    line = text.count("\n", 0, start) + 1
    if len(text) < start + 16:
        raise X12ReadError(
            "the ISA segment is cut short", Position(segment, "ISA", "", start, line), source=source
        )
    elem = text[start + 3]
    if elem.isalnum() or elem in _WS:
        raise X12ReadError(
            f"ISA is followed by {elem!r}, not an element separator",
            Position(segment, "ISA", "ISA01", start + 3, line),
            source=source,
        )
    seps_at = [start + 3]
    while len(seps_at) < 16:
        nxt = text.find(elem, seps_at[-1] + 1, seps_at[-1] + 1 + 40)
        if nxt < 0:
            raise X12ReadError(
                f"the ISA segment does not have 16 elements separated by {elem!r}",
                Position(segment, "ISA", f"ISA{len(seps_at):02d}", seps_at[-1], line),
                source=source,
            )
        seps_at.append(nxt)
    fields = [text[a + 1 : b] for a, b in pairwise(seps_at)]
    pos = seps_at[-1]
    # pos is the separator before ISA16; ISA16 is one character, then the terminator
    if pos + 2 >= len(text):
        raise X12ReadError(
            "the ISA segment is cut short", Position(segment, "ISA", "ISA16", pos, line), source=source
        )
    component = text[pos + 1]
    term = text[pos + 2]
    if term == "\r" and text[pos + 3 : pos + 4] == "\n":
        term = "\n"
    if term.isalnum() and term not in "\n":
        raise X12ReadError(
            f"the segment terminator after ISA16 is {term!r}, a letter or digit",
            Position(segment, "ISA", "ISA16", pos + 2, line),
            source=source,
        )
    version = fields[11].strip() if len(fields) > 11 else ""
    rep_field = fields[10] if len(fields) > 10 else ""
    repetition: str | None = None
    if version >= "00402" and len(rep_field) == 1 and not rep_field.isalnum() and rep_field != " ":
        repetition = rep_field
    return Separators(elem, component, repetition, term), pos + 3


def _bare_separators(text: str, start: int, source: str) -> Separators:
    elem = text[start + 2 : start + 3]
    if not elem or elem.isalnum() or elem in _WS:
        raise X12ReadError("not an X12 transaction set", Position(1, "ST", "", start, 1), source=source)
    i = start + 3
    while i < len(text) and (text[i].isalnum() or text[i] == elem or text[i] == " "):
        i += 1
    if i >= len(text):
        raise X12ReadError("no segment terminator after ST", Position(1, "ST", "", start, 1), source=source)
    term = text[i]
    if term == "\r" and text[i + 1 : i + 2] == "\n":
        term = "\n"
    component = ">" if elem == ":" else ":"
    return Separators(elem, component, None, term)


def tokenize(data: bytes | str, *, source: str = "input") -> Tokens:
    """Split an X12 file into segments. Raises :class:`X12ReadError` when it is not X12."""
    text = data.decode("latin-1") if isinstance(data, bytes | bytearray) else data
    if len(text) > MAX_X12_BYTES:
        raise X12ReadError(
            f"input is {len(text):,} bytes; the limit is {MAX_X12_BYTES:,}",
            Position(0, "", "", MAX_X12_BYTES, 1),
            source=source,
        )
    tokens = Tokens(text)
    start = 0
    if text.startswith("\xef\xbb\xbf"):
        start = 3
    while start < len(text) and text[start] in _WS:
        start += 1
    if start >= len(text):
        raise X12ReadError(
            "empty input: expected an X12 interchange (ISA …)",
            Position(0, "", "", len(text), text.count("\n") + 1),
            source=source,
        )
    head = text[start : start + 3]
    if head == "ISA":
        seps, _ = _isa_separators(text, start, source)
    elif head[:2] == "ST":
        seps = _bare_separators(text, start, source)
        tokens.notes.append(("no ISA/GS envelope: a bare transaction set, separators inferred from ST", 0))
    else:
        # what the file holds is not echoed: it may be patient data
        kind = " (it looks like JSON)" if text[start] in "{[" else ""
        raise X12ReadError(
            f"not an X12 file: it does not begin with 'ISA' or 'ST'{kind}",
            Position(1, head if head.isalnum() else "", "", start, text.count("\n", 0, start) + 1),
            source=source,
        )
    _split_from(tokens, start, seps, source)
    return tokens


def _split_from(tokens: Tokens, start: int, seps: Separators, source: str) -> None:
    text = tokens.text
    while True:
        body = text[start:]
        term = seps.segment
        # the common layouts split in C: "~", "~\n" or "~\r\n" after every segment
        splitter = term
        has_cr = "\r" in body
        if term not in "\r\n" and "\n" in body:
            n_term = body.count(term)
            ends_with_term = body.rstrip(_WS).endswith(term)
            for trail in ("\r\n", "\n") if has_cr else ("\n",):
                n_trail = body.count(term + trail)
                if n_term and (n_trail == n_term or (n_trail == n_term - 1 and ends_with_term)):
                    splitter = term + trail
                    break
        raw = body.split(splitter)
        if splitter != term and raw and raw[-1].rstrip(_WS).endswith(term):
            last = raw[-1].rstrip(_WS)
            raw[-1:] = [last[: -len(term)], raw[-1][len(last) :]]
        first = len(tokens.segs)
        chunk = _Chunk(first, start, raw, seps, splitter)
        tokens._chunks.append(chunk)
        core = body.rstrip(_WS)
        # whitespace other than the splitters' own (inside the file, not after its last segment)
        in_core = core.count(splitter) if splitter != term else 0
        stray = (
            any(ch in core for ch in "\t\x0b\x0c")
            or core.count("\n") != (in_core if "\n" in splitter else 0)
            or (has_cr and core.count("\r") != (in_core if "\r" in splitter else 0))
        )
        if stray or body[:1] == " ":
            segs = [p.strip(_WS) for p in raw]
        else:
            segs = list(raw)
            if segs:
                segs[-1] = segs[-1].strip(_WS)
        if segs and segs[-1].strip(_WS) == "":
            segs[-1] = ""
        restart = _later_interchange(body, segs, seps)
        if restart is None:
            tokens.segs.extend(segs)
            return
        tokens.segs.extend(segs[:restart])
        chunk.raw = raw[:restart]
        offset = start + sum(len(p) + len(splitter) for p in raw[:restart])
        offset += len(raw[restart]) - len(raw[restart].lstrip(_WS))
        new, _ = _isa_separators(text, offset, source, len(tokens.segs) - tokens.segs.count("") + 1)
        tokens.notes.append(
            (
                f"interchange declares other separators ({new.element} {new.component} {new.segment!r})",
                first + restart,
            )
        )
        start, seps = offset, new


def _later_interchange(body: str, segs: list[str], seps: Separators) -> int | None:
    """Index of the first later ISA whose separators differ from ``seps`` (None: all agree)."""
    if body.find("ISA", 1) < 0:
        return None
    term = re.escape(seps.segment)
    k = 0
    last = 0
    for m in re.finditer(term + r"[ \t\r\n]*ISA", body):
        k += body.count(seps.segment, last, m.start() + 1)
        last = m.start() + 1
        # k terminators before this ISA: it is segment k unless the split ate a trailing newline
        while k < len(segs) and not segs[k].startswith("ISA"):
            k += 1
        if k >= len(segs):
            return None
        seg = segs[k]
        if len(seg) < 4 or seg[3] != seps.element or _isa_differs(seg, seps):
            return k
    return None


def _isa_differs(seg: str, seps: Separators) -> bool:
    parts = seg.split(seps.element)
    return len(parts) < 17 or parts[16] != seps.component
