"""The terminals of a lexer state that can start with a given character.

lark's contextual lexer matches, at each position, one alternation of every terminal the parser
state accepts, in lark's order (priority, then length): the first alternative that matches is
the token. Most alternatives cannot start with the character at that position — a free-text
NOTE is tried, and fails at the end of its run, before the SUBJECT that matches — and each costs
the regular expression engine its attempt. `FirstChars` keeps, for each character seen, the
alternation of only the terminals that can start with it, in the same order and with the same
group names: the same first alternative matches, so the same token is made.

What a terminal can start with is read from its parsed expression (`first_test`): literals,
classes, branches, optional and repeated parts, groups; assertions are zero-width and only
narrow what follows, so they are read through. Whatever is not understood (a back-reference,
ignored case) admits every character: a terminal is dropped only where it cannot match.
tests/test_lalr.py checks the drivers against lark's own parser, and these tests against
strings generated from every terminal's expression.
"""

from __future__ import annotations

import functools
import re

try:  # Python 3.11+
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["FirstChars", "first_test", "needs"]

_MAX_RANGE = 2048  # a larger range of characters is tested, never listed
_MAX_OTHERS = 1024  # characters of no terminal's list remembered per lexer (memory stays bounded)
_MAX_NEED = 32  # a larger set of characters a match needs is not worth looking for
_CATEGORIES = {
    _sre.CATEGORY_DIGIT: re.compile(r"\d"),
    _sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    _sre.CATEGORY_SPACE: re.compile(r"\s"),
    _sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    _sre.CATEGORY_WORD: re.compile(r"\w"),
    _sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}
_ANY = "any"  # an atom every character is in


@functools.lru_cache(maxsize=1024)  # a terminal is in many lexer states: read it once
def first_test(regexp: str, flags: int = 0) -> tuple:
    """(test, listed, mentioned) of an expression: `test(char)` is False only where no match can
    start with `char`; `listed` is every character a match can start with, or None where that is
    not a short list; `mentioned` the characters its first atoms name (negated or not)."""
    parsed = _sre_parse.parse(regexp, flags)
    atoms: list = []
    if parsed.state.flags & re.IGNORECASE or _firsts(parsed, atoms):
        atoms.append(_ANY)  # ignoring case, or a match may be empty: at any character
    listed, mentioned = set(), set()
    for atom in atoms:
        if atom is _ANY:
            listed = None
            continue
        items, negated = atom
        for op, av in items:
            chars = _chars(op, av)
            mentioned |= chars or set()
            if listed is not None and (negated or chars is None):
                listed = None
            elif listed is not None:
                listed |= chars
    if listed is not None:
        listed = frozenset(listed)
        return listed.__contains__, listed, frozenset(mentioned)
    return (lambda char: any(_admits(atom, char) for atom in atoms)), None, frozenset(mentioned)


def _firsts(items, atoms: list) -> bool:
    """Add to `atoms` what a match of `items` (a sequence) can start with; whether it can be
    empty. An atom is `_ANY` or (class items as sre_parse gives them, negated)."""
    for op, av in items:
        if op is _sre.LITERAL or op is _sre.NOT_LITERAL:
            atoms.append((((_sre.LITERAL, av),), op is _sre.NOT_LITERAL))
            return False
        if op is _sre.IN:
            negated = bool(av) and av[0][0] is _sre.NEGATE
            atoms.append((tuple(av[1:] if negated else av), negated))
            return False
        if op is _sre.BRANCH:
            empty = False
            for branch in av[1]:
                empty = _firsts(branch, atoms) or empty
            if not empty:
                return False
        elif op is _sre.SUBPATTERN or op is getattr(_sre, "ATOMIC_GROUP", None):
            inner = av[-1] if op is _sre.SUBPATTERN else av
            if op is _sre.SUBPATTERN and av[1] & re.IGNORECASE:
                atoms.append(_ANY)
            if not _firsts(inner, atoms):
                return False
        elif op in _REPEATS:
            low, _, inner = av
            if not _firsts(inner, atoms) and low > 0:
                return False
        elif op not in _ZERO_WIDTH:  # ANY, a back-reference, anything else: every character
            atoms.append(_ANY)
            if op is _sre.ANY:
                return False
    return True


def _chars(op, av) -> set | None:
    """The characters a class item names, or None (a category, a large range)."""
    if op is _sre.LITERAL:
        return {chr(av)}
    if op is _sre.RANGE and av[1] - av[0] < _MAX_RANGE:
        return {chr(c) for c in range(av[0], av[1] + 1)}
    return None


def _admits(atom, char: str) -> bool:
    if atom is _ANY:
        return True
    items, negated = atom
    code = ord(char)
    for op, av in items:
        if op is _sre.LITERAL:
            inside = av == code
        elif op is _sre.RANGE:
            inside = av[0] <= code <= av[1]
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            inside = _CATEGORIES[av].match(char) is not None
        else:  # something this does not read: it may match
            return True
        if inside:
            return not negated
    return negated


def needs(regexp: str) -> tuple:
    """Sets of characters a text holds one of (each set) wherever `regexp` matches in it: the
    literals and short classes a match cannot pass by, a positive assertion's too (what it
    reads is in the text as well). None where that is not sure (ignored case)."""
    parsed = _sre_parse.parse(regexp)
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return tuple(frozenset(need) for need in _needs(parsed) if len(need) <= _MAX_NEED)


def _needs(items) -> list:
    found: list = []
    for op, av in items:
        if op is _sre.LITERAL or op is _sre.IN:
            chars = _chars(op, av) if op is _sre.LITERAL else _listed(av)
            found += [chars] if chars else []
        elif op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            found += _needs(av[-1])
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            found += _needs(av)
        elif op in _REPEATS and av[0] > 0:
            found += _needs(av[2])
        elif op is _sre.ASSERT:  # a lookahead or lookbehind that must hold
            found += _needs(av[1])
        elif op is _sre.BRANCH:  # each branch needs one of its own: one of them all is needed
            each = [min(_needs(branch), key=len, default=None) for branch in av[1]]
            found += [set().union(*each)] if None not in each else []
    return found


def _listed(items) -> set | None:
    """The characters of a class that is not negated and only lists them, else None."""
    chars: set = set()
    for op, av in items:
        named = _chars(op, av) if op is _sre.LITERAL or op is _sre.RANGE else None
        if named is None:
            return None
        chars |= named
    return chars


class FirstChars:
    """For one lexer state: the match, by first character, of the alternation of its terminals
    that can start with it and that the text can hold. `tables[absent]` holds, by character,
    what was asked already for texts that cannot hold the terminals of the bits of `absent`
    (`bits`: the terminal's bit, for some of them); `match_for` adds to it."""

    __slots__ = ("_bits", "_compile", "_mentioned", "_names", "_tests", "tables")

    def __init__(self, terminals, compile_alternation, bits: dict) -> None:
        """`terminals` in lark's order; `compile_alternation(terminals)` the compiled alternation
        of some of them, as lark's scanner builds its own."""
        self._names = tuple(terminals)
        self._compile = compile_alternation
        firsts = [first_test(t.pattern.to_regexp()) for t in terminals]
        self._tests = [test for test, _, _ in firsts]
        self._bits = [bits.get(t.name, 0) for t in terminals]
        self._mentioned = frozenset().union(*(m for _, _, m in firsts))
        self.tables: list = [{} for _ in range(1 << len(bits))]

    def match_for(self, char: str, absent: int = 0):
        """The match of the terminals that can start with `char`, but those of `absent`
        (remembered: every character some terminal names, and a bounded number of others)."""
        terminals = zip(self._names, self._tests, self._bits, strict=True)
        chosen = tuple(t for t, test, bit in terminals if not bit & absent and test(char))
        match = self._compile(chosen)
        table = self.tables[absent]
        if char in self._mentioned or len(table) < _MAX_OTHERS:
            table[char] = match
        return match
