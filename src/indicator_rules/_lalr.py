"""A lean run of lark's own LALR tables and contextual lexer: the tree `Lark.parse` gives.

lark spends most of a parse in its per-token machinery (a lexer thread, a line counter, a
parser state object, generator hand-offs), about 4 µs a token here, against 1–2 µs for the
regular expressions themselves. `Driver` runs the same tables and the same compiled
expressions of each state's lexer in one loop: the same tokens (types, values, positions),
the same reductions through lark's own tree callbacks, hence the same tree. What lark's
ChildFilter does at a reduction is done in the loop (a slice of the value stack), and a rule
lark builds only to splice it into its parent (_part) gives the list of its children. The
tables are keyed by plain str (lark's names are Tokens: a Token key costs a Python-level
Token.__eq__ at each lookup, about 5% of a cold parse). Where lark would raise
(`UnexpectedInput`) it returns `FAILED`; the caller asks lark itself for the error. Given a
transformer, it applies it inline, as lark does for a parser built with one: lark's callbacks
made for that transformer, on the tables already loaded (no second parser to load).
At each place a state's lexer tries only the terminals that can start with the character
there and that the text can hold (_firsts.py): the same first alternative of lark's order
matches. tests/test_lalr.py checks tree for tree and failure for failure against `Lark.parse`,
tests/test_firsts.py the lexers' matches against lark's whole alternations.
"""

from __future__ import annotations

import re
import sys
import threading
from functools import partial

from lark import Lark, Token, Transformer
from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders, ExpandSingleChild
from lark.parser_frontends import _get_lexer_callbacks
from lark.parsers.lalr_analysis import Shift

from ._firsts import FirstChars, first_test, needs

__all__ = ["FAILED", "Driver"]

FAILED = object()  # what `Driver.parse` returns where lark raises UnexpectedInput

_new_str = str.__new__
_MAX_NEEDING = 6  # terminals told apart by the characters they need: 2**6 tables a lexer at most
_ALTERNATIONS: dict = {}  # (re module, flags, (name, expression)…) → the match of its alternation


class Driver:
    """The LALR parse of one built `Lark` (lalr, contextual lexer, no postlexer)."""

    __slots__ = (
        "_basic",
        "_compile",
        "_drop",
        "_ends",
        "_lexers",
        "_lock",
        "_needs",
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
        self._states = _actions(table.states, self._starts, callbacks, token_callbacks)
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
        self._needs = _needing(parser.terminals)
        conf = frontend.lexer_conf
        self._compile = partial(_alternation, conf.re_module, conf.g_regex_flags)
        if conf.use_bytes:  # the text is not matched as str: every terminal at every character
            self._compile = None
        self._lexers: list = [None] * len(self._states)  # made on first use, as lark's scanners
        self._lock = threading.Lock()  # one thread makes a lexer (and lark's scanner under it)

    def _lexer(self, state: int) -> tuple:
        """The lexer of a parser state: the match of the terminals that can start with a
        character, by character (a `FirstChars`' tables, _firsts.py), lark's compiled
        expressions, the terminals it ignores, those that may hold a line break, its callbacks
        (lark's keyword retyping), the terminals it makes no token of, how each terminal it
        does not ignore is read: {name: 0 a token, 1 none (dropped), 2 a token given to its
        callback}, and the maker of the match for a character not seen yet."""
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
                compile_ = self._compile
                if compile_ is None or len(matches) > 1:  # lark split its alternation
                    compile_ = partial(_whole, matches[0])
                bits = {name: bit for bit, name, _ in self._needs}
                firsts = FirstChars(basic.scanner.terminals, compile_, bits)
                made = (firsts.tables, matches, ignore, newlines, callbacks, drop, how)
                made += (firsts.match_for,)
            lexers[state] = made  # whole: a thread reading the list without the lock sees it
        return made

    def _absent(self, text: str) -> int:
        """The bits of the terminals (of `_needing`) that cannot match anywhere in `text`."""
        absent = 0
        for bit, _, searches in self._needs:
            for search in searches:
                if search(text) is None:
                    absent |= bit
                    break
        return absent

    def parse(self, text: str, start: str):
        """`Lark.parse(text, start=start)`, or FAILED where that raises `UnexpectedInput`."""
        states, lexers, end_state = self._states, self._lexers, self._ends[start]
        state, absent = self._starts[start], self._absent(text)
        state_stack, values, pos, line, line_start, end = [state], [], 0, 1, 0, len(text)
        while True:
            lexer = lexers[state] or self._lexer(state)
            char = text[pos] if pos < end else None  # the terminals it can start, in this text
            match = None if char is None else lexer[0][absent].get(char) or lexer[7](char, absent)
            found = match and match(text, pos)
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
                    token, pos = None, pos + len(value)
                else:
                    token = _new_str(Token, value)
                    token.type, token.value, token.start_pos = kind, value, pos
                    token.line = token.end_line = line
                    token.column = pos - line_start + 1
                    pos = token.end_pos = pos + len(value)
                    token.end_column = pos - line_start + 1
                    if how == 2:
                        token = lexer[4][kind](token)
                        kind = token.type
            while True:  # as lark's ParserState.feed_token
                try:
                    size, callback, goto, pick = states[state][kind]
                except KeyError:
                    return FAILED
                if size is None:  # a shift: (None, state, the token's callback, None)
                    if at_end:
                        return FAILED
                    state = callback
                    state_stack.append(state)
                    values.append(token if goto is None else goto(token))
                    break
                if callback is None:  # the child stands for the rule: only its state changes
                    state_stack[-1] = state = goto[state_stack[-2]]
                elif size:  # the rule's value in place of its first child, its state likewise
                    # the children lark's ChildFilter keeps: all, a run, or those `_kept` picks
                    children = values[pick] if type(pick) is slice else _kept(values, pick)
                    if size > 1:
                        del values[1 - size :], state_stack[1 - size :]
                    values[-1] = callback(children)
                    state_stack[-1] = state = goto[state_stack[-2]]
                else:
                    values.append(callback([]))
                    state = goto[state_stack[-1]]
                    state_stack.append(state)
                if at_end and state == end_state:
                    return values[-1]


def _needing(terminals) -> tuple:
    """(bit, name, a search for a character of each set it needs, shortest first) of the
    terminals that can start with many characters and need some: those a text without such a
    character cannot hold are not tried in it (SCORE_FORMULA needs ×, * or 乘 …)."""
    found: list = []
    for terminal in terminals:
        regexp = terminal.pattern.to_regexp()
        sets = needs(regexp)
        if sets and first_test(regexp)[1] is None and len(found) < _MAX_NEEDING:
            classes = ("[" + "".join(map(re.escape, sorted(need))) + "]" for need in sets)
            searches = tuple(re.compile(c).search for c in sorted(classes, key=len))  # rare first
            found.append((1 << len(found), _plain(terminal.name), searches))
    return tuple(found)


def _alternation(re_module, flags: int, terminals: tuple):
    """The match of the alternation of `terminals` as lark's Scanner builds it (a group named
    for each, in their order), made once for each such tuple; of none, a match that fails."""
    key = (re_module, flags, tuple((t.name, t.pattern.to_regexp()) for t in terminals))
    match = _ALTERNATIONS.get(key)
    if match is None:
        if not terminals:
            match = _no_match
        else:
            pattern = "|".join(f"(?P<{name}>{regexp})" for name, regexp in key[2])
            match = re_module.compile(pattern, flags).match
        _ALTERNATIONS[key] = match
    return match


def _no_match(text: str, pos: int) -> None:
    return None


def _whole(match, terminals: tuple):
    """`match`, the first of lark's own alternations, whatever the terminals."""
    return match


def _actions(states: dict, starts, callbacks: dict, token_callbacks: dict) -> list:
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
    spliced = _spliced_names(callbacks, starts)
    reductions: dict = {}
    for actions in states.values():
        for what, arg in actions.values():
            if what is not Shift and id(arg) not in reductions:
                call, pick = _reduction(arg, callbacks[arg], spliced)
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


def _reduction(rule, call, spliced: frozenset) -> tuple:
    """(callback, pick) of a reduction: lark's ChildFilter taken apart into the children it
    keeps (`pick`: a slice of the value stack, or what `_kept` reads) and what it then calls;
    a rule that is spliced into its parent makes the list of its children."""
    if rule.origin.name in spliced:
        builder = list
        include = call.to_include if type(call) is ChildFilterLALR_NoPlaceholders else None
    elif len(rule.expansion) == 1 and type(call) is ExpandSingleChild:
        return None, None  # ?rule of one symbol: its one child is its value
    elif type(call) is not ChildFilterLALR_NoPlaceholders:
        builder, include = call, None
    else:
        builder, include = call.node_builder, call.to_include
    size = len(rule.expansion)
    if include is None:
        return builder, slice(-size, None)  # all the children: the top `size` values
    names = [symbol.name for symbol in rule.expansion]
    how = tuple((i, 0 if not x else 1 if names[i] in spliced else 2) for i, x in include)
    keep = [i for i, _ in how]
    first = keep[0] if keep else 0
    if all(h == 0 for _, h in how) and keep == list(range(first, first + len(keep))):
        stop = first + len(keep) - size  # a run of the children, counted from the top
        return builder, slice(first - size, stop or None)
    return builder, (size, how)


def _plain(name: str) -> str:
    """A terminal's or rule's name as an interned plain str (lark's may be a Token)."""
    return sys.intern(str.__str__(name))


def _plains(names) -> frozenset:
    return frozenset(_plain(name) for name in names)


def _splices(rule, callback) -> bool:
    """Whether lark builds a node of `rule` only for its parent to splice its children in: a
    name starting with _, built by lark's default callback (no transformer method of that
    name), maybe inside a ChildFilter."""
    if not rule.origin.name.startswith("_") or rule.alias or rule.options.template_source:
        return False
    inner = getattr(callback, "node_builder", callback)
    if (
        type(callback) not in (partial, ChildFilterLALR_NoPlaceholders)
        or type(inner) is not partial
    ):
        return False
    return inner.args == (rule.origin.name,) and not inner.keywords


def _spliced_names(callbacks: dict, starts) -> frozenset:
    """The rules whose value is the list of children their parent splices in (instead of the
    Tree lark would build, of which the parent reads only `.children`): those whose every
    alternative `_splices`, and that are not where a parse starts."""
    spliced, built = set(), set(starts)
    for rule, callback in callbacks.items():
        if not isinstance(rule, str):  # not a terminal's callback
            (spliced if _splices(rule, callback) else built).add(rule.origin.name)
    return frozenset(spliced - built)


def _kept(values: list, pick: tuple) -> list:
    """What lark's ChildFilterLALR_NoPlaceholders passes on, of the top `size` values, for
    pick = (size, include) as `_reduction` makes it: include has (index, 0 kept · 1 a list
    spliced in · 2 a node whose .children are spliced in); the first spliced list is taken
    itself, as lark does."""
    size, include = pick
    children = values[-size:]
    filtered: list = []
    for i, how in include:
        if how:
            spliced = children[i] if how == 1 else children[i].children
            if filtered:
                filtered += spliced
            else:
                filtered = spliced
        else:
            filtered.append(children[i])
    return filtered


def _next_token(text: str, pos: int, line: int, line_start: int, lexer: tuple) -> tuple:
    """(token, pos, line, line_start) after the next token as lark's BasicLexer.next_token
    makes it: None at the end of the text, False where no terminal of this state matches."""
    _, matches, ignore, newlines, callbacks = lexer[:5]
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
