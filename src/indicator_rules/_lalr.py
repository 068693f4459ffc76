"""A lean run of lark's own LALR tables and contextual lexer: the tree `Lark.parse` gives.

lark spends most of a parse in its per-token machinery (a lexer thread, a line counter, a
parser state object, generator hand-offs), about 4 µs a token here, against 1–2 µs for the
regular expressions themselves. `Driver` runs the same tables and the same compiled
expressions of each state's lexer in one loop: the same tokens (types, values, positions),
the same reductions through lark's own tree callbacks, hence the same tree. Where lark would
raise (`UnexpectedInput`) it returns `FAILED`; the caller asks lark itself for the error.
Given a transformer, it applies it inline, as lark does for a parser built with one: lark's
callbacks made for that transformer, on the tables already loaded (no second parser to load).
tests/test_lalr.py checks tree for tree and failure for failure against `Lark.parse`.
"""

from __future__ import annotations

import sys
import threading
from copy import copy
from functools import partial

from lark import Lark, Token, Transformer
from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders, ExpandSingleChild
from lark.parser_frontends import _get_lexer_callbacks
from lark.parsers.lalr_analysis import Shift

__all__ = ["FAILED", "Driver"]

FAILED = object()  # what `Driver.parse` returns where lark raises UnexpectedInput

_new_str = str.__new__


class Driver:
    """The LALR parse of one built `Lark` (lalr, contextual lexer, no postlexer)."""

    __slots__ = (
        "_basic",
        "_drop",
        "_ends",
        "_lexers",
        "_lock",
        "_starts",
        "_states",
    )

    def __init__(self, parser: Lark, transformer: Transformer | None = None) -> None:
        frontend = parser.parser
        if frontend.lexer_conf.postlex is not None or parser.options.lexer != "contextual":
            raise ValueError("Driver runs the contextual lexer without a postlexer only")
        if parser.options.transformer is not None and transformer is not None:
            raise ValueError("Driver applies a transformer to a parser built without one")
        lalr = frontend.parser.parser
        table = lalr.parse_table
        callbacks = lalr.callbacks
        if transformer is not None:  # as Lark._prepare_callbacks makes them
            callbacks = parser._parse_tree_builder.create_callback(transformer)
            callbacks.update(_get_lexer_callbacks(transformer, parser.terminals))
        self._starts, self._ends = table.start_states, table.end_states
        token_callbacks = {_plain(k): v for k, v in callbacks.items() if isinstance(k, str)}
        if sorted(table.states) != list(range(len(table.states))):
            raise ValueError("Driver runs tables whose states are numbered 0…n-1")
        self._states = _actions(table.states, callbacks, token_callbacks)
        # terminals that lark's ChildFilter drops from every rule (_SEP, _FEN, "的" …): no Token
        # is made for them (None holds their place), unless a callback sees them
        kept, filtered = set(token_callbacks), set()
        for rule in parser.rules:
            for symbol in rule.expansion:
                if symbol.is_term:
                    dropped = symbol.filter_out and not rule.options.keep_all_tokens
                    (filtered if dropped else kept).add(_plain(symbol.name))
        self._drop = frozenset(filtered - kept)
        self._basic = frontend.lexer.lexers
        self._lexers: list = [None] * len(self._states)  # made on first use, as lark's scanners
        self._lock = threading.Lock()  # one thread makes a lexer (and lark's scanner under it)

    def _lexer(self, state: int) -> tuple:
        """The lexer of a parser state: its first compiled expression, all of them, the terminals
        it ignores, those that may hold a line break, its callbacks (lark's keyword retyping),
        the terminals it makes no token of, and how each terminal it does not ignore is read:
        {name: 0 a token, 1 none (dropped), 2 a token given to its callback}."""
        with self._lock:
            made = self._lexers[state]
            if made is not None:  # another thread made it meanwhile
                return made
            basic = self._basic[state]
            lexers = self._lexers
            made = next((m for s, m in enumerate(lexers) if m and self._basic[s] is basic), None)
            if made is None:
                matches = tuple(mre.match for mre in basic.scanner._mres)  # lark builds it now
                ignore, newlines = _plains(basic.ignore_types), _plains(basic.newline_types)
                callbacks = {_plain(k): v for k, v in basic.callback.items()}
                drop = self._drop - callbacks.keys()
                names = {_plain(t.name) for t in basic.scanner.terminals} - ignore
                how = {n: 1 if n in drop else 2 if n in callbacks else 0 for n in names}
                made = (matches[0], matches, ignore, newlines, callbacks, drop, how)
            lexers[state] = made  # whole: a thread reading the list without the lock sees it
        return made

    def parse(self, text: str, start: str):
        """`Lark.parse(text, start=start)`, or FAILED where that raises `UnexpectedInput`."""
        states, lexers, end_state = self._states, self._lexers, self._ends[start]
        state = self._starts[start]
        state_stack, value_stack = [state], []
        pos, line, line_start, end = 0, 1, 0, len(text)
        while True:
            lexer = lexers[state] or self._lexer(state)
            found = lexer[0](text, pos) if pos < end else None
            if found is not None:
                kind, value = found.lastgroup, found.group()
            how = lexer[6].get(kind) if found is not None and "\n" not in value else None
            if how is None:  # the end, another expression, an ignored terminal, a line break
                token, pos, line, line_start = _next_token(text, pos, line, line_start, lexer)
                if token is False:
                    return FAILED
                at_end = token is None
                kind = "$END" if at_end else token.type
            else:  # the common case, inline: one token on this line
                at_end = False
                if how == 1:  # a token every rule filters out: none is made
                    token, pos = None, found.end()
                else:
                    token = _new_str(Token, value)
                    token.type, token.value, token.start_pos = kind, value, pos
                    token.line = token.end_line = line
                    token.column = pos - line_start + 1
                    pos = token.end_pos = found.end()
                    token.end_column = pos - line_start + 1
                    if how == 2:
                        token = lexer[4][kind](token)
                        kind = token.type
            while True:  # as lark's ParserState.feed_token
                action = states[state].get(kind)
                if action is None:
                    return FAILED
                size, callback, goto, pick = action
                if size is None:  # a shift: (None, state, the token's callback, None)
                    if at_end:
                        return FAILED
                    state = callback
                    state_stack.append(state)
                    value_stack.append(token if goto is None else goto(token))
                    break
                if callback is None:  # the child stands for the rule
                    del state_stack[-1]
                elif size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                    if pick is not None:  # the children lark's ChildFilter keeps
                        children = children[pick]
                    value_stack.append(callback(children))
                else:
                    value_stack.append(callback([]))
                state = goto[state_stack[-1]]
                state_stack.append(state)
                if at_end and state == end_state:
                    return value_stack[-1]


def _actions(states: dict, callbacks: dict, token_callbacks: dict) -> list:
    """Each state's actions as plain data, by terminal or rule name, in a list by number.

    A shift is (None, state after, the transformer's callback of the token or None, None); a
    reduction (rule's size, its callback, its goto {state below: state after}, which children
    lark's ChildFilter keeps: None all, or a slice): no Rule hashed per reduction, and no
    ChildFilter called where it keeps a run of children. lark wraps the callback of a ?rule in
    ExpandSingleChild, the outermost wrapper when nothing is filtered: of one symbol, that
    returns its child (callback None). Keyed by plain str: lark's names are Tokens (of the
    grammar's own lexer) where the tables were built from the grammar, and a Token key costs a
    Python-level Token.__eq__ per lookup of the terminal a regular expression names."""
    gotos: dict = {}
    for state, actions in states.items():
        for kind, (what, arg) in actions.items():
            if what is Shift and not kind.isupper() and kind != "$END":
                gotos.setdefault(kind, {})[state] = arg
    reductions: dict = {}
    for actions in states.values():
        for what, arg in actions.values():
            if what is not Shift and id(arg) not in reductions:
                call, pick = _reduction(arg, _spliced(arg, callbacks[arg]))
                goto = gotos.get(arg.origin.name, {})
                reductions[id(arg)] = (len(arg.expansion), call, goto, pick)
    return [
        {
            _plain(kind): (None, arg, token_callbacks.get(_plain(kind)), None)
            if what is Shift
            else reductions[id(arg)]
            for kind, (what, arg) in states[state].items()
        }
        for state in range(len(states))
    ]


def _reduction(rule, call) -> tuple:
    """(callback, pick) of a reduction: lark's ChildFilter that keeps a run of the children
    taken apart into that run (`pick`, a slice) and what it then calls."""
    if len(rule.expansion) == 1 and type(call) is ExpandSingleChild:
        return None, None  # ?rule of one symbol: its one child is its value
    if type(call) is not ChildFilterLALR_NoPlaceholders:
        return call, None
    keep = [i for i, spliced in call.to_include if not spliced]
    first = keep[0] if keep else 0
    if len(keep) < len(call.to_include) or keep != list(range(first, first + len(keep))):
        return call, None  # a child spliced in, or kept children apart: lark's own filter
    return call.node_builder, slice(first, first + len(keep))


def _plain(name: str) -> str:
    """A terminal's or rule's name as an interned plain str (lark's may be a Token)."""
    return sys.intern(str.__str__(name))


def _plains(names) -> frozenset:
    return frozenset(_plain(name) for name in names)


class _Spliced:
    """What an inlined rule (_part, and lark's own __start_star_0 …) gives its parent: the
    children that lark's ChildFilter of the parent splices in (`.children`, all it reads of
    the Tree lark would build there)."""

    __slots__ = ("children",)

    def __init__(self, children: list) -> None:
        self.children = children


def _spliced(rule, callback):
    """The callback of `rule`, making a `_Spliced` instead of a Tree for a rule that is only
    ever spliced into its parent: a name starting with _, built by lark's default callback
    (no transformer method of that name), maybe inside a ChildFilter."""
    if not rule.origin.name.startswith("_") or rule.alias or rule.options.template_source:
        return callback
    inner = getattr(callback, "node_builder", callback)
    if (
        type(callback) not in (partial, ChildFilterLALR_NoPlaceholders)
        or type(inner) is not partial
    ):
        return callback
    if inner.args != (rule.origin.name,) or inner.keywords:
        return callback
    if callback is inner:
        return _Spliced
    callback = copy(callback)
    callback.node_builder = _Spliced
    return callback


def _next_token(text: str, pos: int, line: int, line_start: int, lexer: tuple) -> tuple:
    """(token, pos, line, line_start) after the next token as lark's BasicLexer.next_token
    makes it: None at the end of the text, False where no terminal of this state matches."""
    _, matches, ignore, newlines, callbacks, _, _ = lexer
    end = len(text)
    while pos < end:
        for match in matches:
            found = match(text, pos)
            if found:
                break
        else:
            return False, pos, line, line_start
        value, kind = found.group(0), found.lastgroup
        ignored = kind in ignore
        token = None
        if not ignored or kind in callbacks:
            token = _new_str(Token, value)
            token.type, token.value, token.start_pos = kind, value, pos
            token.line, token.column = line, pos - line_start + 1
        if kind in newlines and "\n" in value:
            line += value.count("\n")
            line_start = pos + value.rindex("\n") + 1
        pos += len(value)
        if token is not None:
            token.end_line, token.end_column, token.end_pos = line, pos - line_start + 1, pos
            if kind in callbacks:
                token = callbacks[kind](token)
            if not ignored:
                return token, pos, line, line_start
    return None, pos, line, line_start
