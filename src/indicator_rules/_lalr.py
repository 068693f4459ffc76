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

from lark import Lark, Token, Transformer
from lark.parser_frontends import _get_lexer_callbacks
from lark.parsers.lalr_analysis import Shift

__all__ = ["FAILED", "Driver"]

FAILED = object()  # what `Driver.parse` returns where lark raises UnexpectedInput

_new_str = str.__new__


class Driver:
    """The LALR parse of one built `Lark` (lalr, contextual lexer, no postlexer)."""

    __slots__ = ("_ends", "_lexers", "_starts", "_states", "_token_callbacks")

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
        # Each action once as plain data: a shift (None, state), a reduction (rule's size,
        # lark's tree callback of the rule, the rule's name): no Rule hashed per reduction.
        reductions: dict = {}
        for actions in table.states.values():
            for what, arg in actions.values():
                if what is not Shift and id(arg) not in reductions:
                    reductions[id(arg)] = (len(arg.expansion), callbacks[arg], arg.origin.name)
        self._states = {
            state: {
                kind: (None, arg) if what is Shift else reductions[id(arg)]
                for kind, (what, arg) in actions.items()
            }
            for state, actions in table.states.items()
        }
        self._token_callbacks = {k: v for k, v in callbacks.items() if isinstance(k, str)}
        made: dict[int, tuple] = {}
        self._lexers = {}
        for state, basic in frontend.lexer.lexers.items():
            if id(basic) not in made:
                scanner = basic.scanner  # built on first use: build it now
                made[id(basic)] = (
                    tuple(mre.match for mre in scanner._mres),
                    basic.ignore_types,
                    basic.newline_types,
                    dict(basic.callback),
                )
            self._lexers[state] = made[id(basic)]

    def parse(self, text: str, start: str):
        """`Lark.parse(text, start=start)`, or FAILED where that raises `UnexpectedInput`."""
        states, lexers, token_callbacks = self._states, self._lexers, self._token_callbacks
        state_stack = [self._starts[start]]
        value_stack: list = []
        end_state = self._ends[start]
        place = [0, 1, 0]  # position, line, start of the line
        while True:
            token = _next_token(text, place, lexers[state_stack[-1]])
            if token is False:
                return FAILED
            kind = "$END" if token is None else token.type
            while True:  # as lark's ParserState.feed_token
                action = states[state_stack[-1]].get(kind)
                if action is None:
                    return FAILED
                if action[0] is None:  # shift
                    if token is None:
                        return FAILED
                    state_stack.append(action[1])
                    call = token_callbacks.get(kind) if token_callbacks else None
                    value_stack.append(token if call is None else call(token))
                    break
                size, callback, origin = action
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                value_stack.append(callback(children))
                state_stack.append(states[state_stack[-1]][origin][1])
                if token is None and state_stack[-1] == end_state:
                    return value_stack[-1]


def _next_token(text: str, place: list, lexer: tuple):
    """The next token as lark's BasicLexer.next_token makes it (None at the end of the text,
    False where no terminal of this state matches). `place` moves past it."""
    matches, ignore, newlines, callbacks = lexer
    pos, line, line_start = place
    end = len(text)
    while pos < end:
        for match in matches:
            found = match(text, pos)
            if found:
                break
        else:
            return False
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
                place[:] = pos, line, line_start
                return token
    place[:] = pos, line, line_start
    return None
