"""Load the .lark grammars shipped in the package, and turn lark's errors into ours.

The grammars live in the top-level `grammar/` folder of the source tree, installed as the
package `indicator_rules.grammar`. Each is built once, LALR with the contextual lexer, in lark's
strict mode so that a terminal collision fails at build time rather than misreading a rule.

Building the LALR tables takes seconds; a process that only scores one row (the command line)
cannot pay that each time. The tables are kept with lark's `cache=` in the user's cache folder,
one file per grammar named by a hash of its text, options and the lark and Python versions
(a standalone parser generated at build time would also do, but it is a second copy of each
grammar to keep in step, and an editable install would read a stale one). lark's cache is a
pickle, so only a file in a folder of our own that no other user can write is ever read;
when there is no such folder the tables are built in memory as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.resources
import os
import re
import stat
import sys
import threading
from pathlib import Path

import lark
from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ._lalr import FAILED, Driver
from .errors import IndicatorRulesError

__all__ = [
    "BUILT",
    "FAILED",
    "TERMINAL_LABELS",
    "cache_dir",
    "cache_path",
    "clear_shapes",
    "driver",
    "load_parser",
    "parse_by_shape",
    "raise_detached",
    "raise_syntax_error",
    "shape_of",
]

# What each terminal is called in an "expected …" message.
TERMINAL_LABELS = {
    "_FEN": "“分”",
    "NUMBER": "数字（如 10）",
    "_NAME": "指标名称（如“完工率”）",
    "CN_NUMBER": "中文数字（如 一）",
    "GET_FULL": "“得满分”",
    "GET": "“得”或“计”",
    "AT_POINTS": "“按…分计”",
    "_AT_END": "“计”或“计算”",
    "SCORE_WORD": "“得分”或“评分”",
    "ZERO": "“不得分”",
    "MEET": "“达标”",
    "REACH": "“达”或“达到”",
    "ONTIME": "“按时”",
    "OTHERWISE": "“否则”",
    "NOT": "“未”",
    "BY": "“按”或“根据”",
    "_EACH": "“每”",
    "_DEDUCT": "“扣”",
    "CMP_WORD": "“少”“低于”“超过”等比较词",
    "LATE": "“逾期”",
    "OP": "运算符（≥ ≤ = > <）",
    "AND": "“且”",
    "DASH": "“-”",
    "INCL": "“(含)”",
    "BOUND_WORD": "“以上”或“以下”",
    "CAP": "“扣完为止”",
    "CAP_UPTO": "“扣完”",
    "CAP_UNTIL": "“直至扣完”",
    "_UNTIL": "“为止”",
    "UNIT": "单位（如 %、人、次、天）",
    "SUBJECT": "指标或事项名称",
    "BASIS": "计分依据（如 完成比例）",
    "_SEP": "分隔符（，或；）",
    "PERCENT": "“%”",
    "MAGNITUDE": "“万”或“亿”",
    "PREFIX_WORD": "“不超过”等词",
    "SUFFIX_WORD": "“以上”“以下”等词",
    "DATE_YMD": "日期（如 2026年12月）",
    "DATE_ISO": "日期（如 2026-12）",
    "DATE_Y": "年份（如 2026年）",
    "DATE_MD": "月份（如 9月）",
    "YEAR_END": "“年底”",
    "CN_PERCENT": "“百分之…”",
    "CAP_MAX": "“最多扣”",
    "MISSED": "“达不到”“未达到”等",
    "EACH_ITEM": "“以上每项”",
    "_MINUS": "“-”（扣分，如“-5分”）",
    "DISCRETION": "“酌情扣分”或“酌情给分”",
    "DISCRETION_GIVE": "“酌情给”（如“酌情给0-5分”）",
    "PAREN_RANGE": "括号中的分数范围（如“(0-1分)”）",
    "EVENT_VERB": "“发现”“缺”等词",
    "FULL_BY": "“按满分计算”",
    "NOTE": "条件或说明文字",
    "EVIDENCE": "依据说明（如“以文件为依据”）",
    "PAREN_POINTS": "“(1分)”",
    "WEIGHT_TIMES": "“(分值*执行率)”",
    "SCORE_FORMULA": "计分公式（如“得分=预算执行率×分值”）",
    "_DE": "“的”",
    "GET_BASE": "“得基础分”",
    "PERCENT_PAIR": "百分比区间（如 70%-89%）",
    "INTERP": "“按比例增分”",
    "BASE_SHARE": "“分值的”",
    "BASE_IS": "“为基础分”",
    "RANK_BY": "“按排位打分”",
    "RANK_UNIT": "“位次”",
    "_BY_POINTS": "“按”",
    "DECREASE": "“递减”",
    "GRADE_LIMITS": "等级界限（如 优90% 良80%）",
    "GRADE_LIST": "等级列表（如“按优、良、差3档划分”）",
    "GRADE_POINTS": "各等级的分数（如“计分为5分、3分、1分”）",
    "RANK_TOP": "“排名前”",
    "ORDINAL": "“第”",
    "RANK_AFTER": "“以后”",
    "FULL_MARK": "“满分”",
    "GLUED_FULL": "“得满分”",
    "DEDUCT_BY": "“扣分”",
    "RISING": "“第一起扣5分、第二起扣6分”",
    "AMOUNTS": "各次扣分（如 5分、6分、7分）",
    "ETC": "“以此类推”",
    "EACH_WORD": "“分别”",
    "GET_EACH": "“各得”",
    "COUNT_FORMULA": "按个数计分的公式（如“4×实达标数”）",
    "CAP_GET": "“最多得”",
    "ADD": "“加”（加分，如“加1分”）",
    "POINT_RANGE": "分数范围（如“13-15分”）",
    "PER_EVENT": "“/例”（每例扣分，如“扣0.5分/例”）",
    "REF_CMP": "“少于目标值”等比较词",
    "BONUS_CAP": "“最高加”",
    "BONUS_UNTIL": "“加分至基本分值封顶”",
    "$END": "结尾",
}


# Per-grammar options. rulefile.lark is line-oriented: a value may hold anything up to the end of
# its line, spaces and "#" included, which strict mode reports as collisions with the ignored
# whitespace and comments.
# rule.lark has a second entry point: a condition segment read again on its own.
_OPTIONS = {
    "rulefile": {"strict": False},
    "rule": {"start": ["start", "condition_only"]},
}


# Threads: a parser or driver is built by one thread while the others asking for it wait (a
# build takes seconds); once built it is only read. lark's own lexers and the driver's are made
# on first use; the driver's under its lock; lark's without one, which is safe here because no
# grammar has lexer callbacks (what a second, simultaneous build would wrap twice): each build
# assigns whole, equal objects (tests/test_threads.py).
_BUILDING = threading.RLock()
_PARSERS: dict = {}  # (name, transformer, cached) → Lark
_DRIVERS: dict = {}  # (name, transformer) → Driver


def load_parser(name: str, transformer: Transformer | None = None, *, cached: bool = True) -> Lark:
    """The LALR parser for `grammar/<name>.lark`, built once per process.

    The parse tables are kept in the user's cache directory (see `cache_path`): a later process
    loads them instead of building them again. `cached=False` builds from the grammar's source
    (what `hypothesis.extra.lark.from_lark` needs: the grammar itself, not only its tables).
    """
    key = (name, transformer, cached)
    parser = _PARSERS.get(key)
    if parser is None:
        with _BUILDING:
            parser = _PARSERS.get(key)
            if parser is None:
                parser = _PARSERS[key] = _build(name, transformer, cached)
    return parser


def _build(name: str, transformer: Transformer | None, cached: bool) -> Lark:
    options = {
        "parser": "lalr",
        "lexer": "contextual",
        "maybe_placeholders": False,
        # Transformers read positions from their tokens: no tree metadata is needed.
        "strict": True,
        "propagate_positions": False,
        **_OPTIONS.get(name, {}),
    }
    path = cache_path(name, options) if cached else None
    if path is None or not _trusted(path):
        parser = _open(name, transformer, options, None)
    else:
        # lark writes the file in place: one process at a time builds it, none reads half of it.
        with _locked(path):
            parser = _open(name, transformer, options, str(path))
            with contextlib.suppress(OSError):
                path.chmod(0o600)  # whatever the umask: nobody else may write what we unpickle
    BUILT[name] = "cache" if parser.source_path == "<deserialized>" else "grammar"
    return parser


@contextlib.contextmanager
def _locked(path: Path):
    try:
        import fcntl
    except ImportError:  # no advisory locks here: lark rebuilds a cache file it cannot read
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# How each grammar was last made in this process: "grammar" (built from source) or "cache".
BUILT: dict[str, str] = {}


def _open(name: str, transformer, options: dict, cache: str | None) -> Lark:
    return Lark.open_from_package(
        "indicator_rules.grammar",
        f"{name}.lark",
        transformer=transformer,
        cache=cache or False,
        **options,
    )


def cache_dir() -> Path | None:
    """Where the parse tables are kept: $XDG_CACHE_HOME/indicator-rules, else
    ~/.cache/indicator-rules, created private to the user; None when that is not possible."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "indicator-rules"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if _trusted(folder) and os.access(folder, os.W_OK) else None


def cache_path(name: str, options: dict) -> Path | None:
    """The cache file of one grammar: named by the hash of the grammar files (a grammar and the
    fragments it imports), its options, the lark and Python versions, so a changed grammar or an
    upgraded lark never reads old tables."""
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(name.encode())
    for part in (*_grammar_sources(), repr(sorted(options.items())), lark.__version__):
        key.update(part if isinstance(part, bytes) else part.encode())
    key.update(repr(sys.version_info[:2]).encode())
    return folder / f"{name}-{key.hexdigest()[:32]}.lark-cache"


def _grammar_sources() -> list[bytes]:
    """Every .lark file of the package, by name: rule.lark %imports its construct fragments, so
    a change to any of them is a change to the grammar."""
    folder = importlib.resources.files("indicator_rules.grammar")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".lark")), key=lambda f: f.name)
    return [f.name.encode() + b"\0" + f.read_bytes() for f in files]


def _trusted(path: Path) -> bool:
    """lark's cache is a pickle: read only a file (or folder) that is ours and that no other
    user can write. A path that does not exist yet is trusted if its folder is."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return path.parent == path or _trusted(path.parent)
    except OSError:
        return False
    if stat.S_ISLNK(status.st_mode):
        return False
    owner = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return owner and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _expected(names) -> str:
    labels = sorted({TERMINAL_LABELS.get(name, name) for name in names if name != "$END"})
    if "$END" in names:
        labels.append(TERMINAL_LABELS["$END"])
    return "、".join(labels[:6]) + ("等" if len(labels) > 6 else "")


def _replacement_hint(found: str, names) -> str | None:
    """“把“份”改为“分”” when exactly one word would fit here."""
    names = [n for n in names if n != "$END"]
    if len(names) == 1 and TERMINAL_LABELS.get(names[0], "").count("“") == 1:
        return f"是否要写{TERMINAL_LABELS[names[0]]}？把“{found}”改为{TERMINAL_LABELS[names[0]]}"
    return None


def raise_syntax_error(
    error: UnexpectedInput, text: str, cls: type[IndicatorRulesError], what: str
) -> None:
    """Re-raise a lark error as `cls`, in Chinese, with position, caret and expectations.

    `what` names the text (评分标准, 指标值, …); it is the error's source label.
    """
    line, column = error.line, error.column
    if isinstance(error, UnexpectedCharacters):
        found = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
        message = f"无法识别“{found}”，此处应为{_expected(error.allowed)}"
        hint = _replacement_hint(found, error.allowed)
    elif isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        lines = text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
        message = f"不完整，结尾处应为{_expected(error.expected)}"
        hint = "规则需要写完整，例如“达标得满分10分，否则不得分”"
    else:
        assert isinstance(error, UnexpectedToken)
        found = str(error.token)
        found = found if len(found) <= 8 else found[:8] + "…"
        message = f"此处不应出现“{found}”，此处应为{_expected(error.expected)}"
        hint = _replacement_hint(found, error.expected)
    raise_detached(cls(message, text=text, line=line, column=column, hint=hint, source=what))


def raise_detached(error: IndicatorRulesError) -> None:
    """Raise `error` made while handling a lark exception, without that exception as its context.
    lark's exception holds the parser's state, which does not pickle, and tblib (installed by
    Dask's workers) pickles an error with its context: the error would not travel. Re-raising
    the error itself keeps the context it is given here."""
    try:
        raise error
    except IndicatorRulesError:
        error.__context__ = None
        raise


# --- parsing by shape -------------------------------------------------------------------------
# Rules in one table differ mostly in their numbers: 达80%得满分10分 and 达90%得满分5分 lex into
# the same terminals at the same places and parse into trees of one shape. rule.lark never tells
# the digits 1–9 apart (its tests check this), so a text with each of them written as 1 — its
# *shape*, same length, same positions — lexes and parses exactly like the text. A shape seen a
# second time is parsed once into a program (the tree in post-order); each later text only
# replays that program, calling the transformer with tokens cut from its own characters: no
# lexing, no parse tables. A shape seen the first time is parsed with the transformer applied
# inline (what the program would replay, without building it: most texts of a file of varied
# rules are the only one of their shape). A shape that does not parse is remembered at once.

_new_str = str.__new__
_ONE_DIGIT = str.maketrans("23456789", "11111111")
_OTHER_DIGITS = re.compile("[2-9]")

_FAILS = "fails"  # the program of a shape that does not parse
_ONCE = "once"  # a shape parsed once, inline: its program is made when it comes again
_SHAPES: dict = {}  # (name, transformer, shape, start) → _FAILS, _ONCE or the program
_MAX_SHAPES = 4096
_SHAPES_LOCK = threading.Lock()


def shape_of(text: str) -> str:
    """The text with each digit 2–9 written as 1 (`text.translate(_ONE_DIGIT)`, faster)."""
    return _OTHER_DIGITS.sub("1", text)


def parse_by_shape(name: str, transformer: Transformer, text: str, start: str, *, failed=_FAILS):
    """What `load_parser(name, transformer).parse(text, start)` returns, by replaying the parse
    of the text's shape. A text that does not parse is parsed inline after all, so that its
    error is the one that parse raises: the first in the text, syntax or transformer's.

    A shape that does not parse is remembered as such. A caller that only asks whether the
    text parses gives `failed`: it is returned for such a text without parsing anything."""
    key = (name, transformer, _OTHER_DIGITS.sub("1", text), start)  # shape_of(text)
    program = _SHAPES.get(key)
    if program is None:
        return _first_sight(key, text, failed)
    if program is _ONCE:
        program = _remember(key, _program(name, transformer, key[2], start))
    if program is _FAILS:
        if failed is not _FAILS:
            return failed
        return load_parser(name, transformer).parse(text, start=start)
    return _replay(program, text)


def _first_sight(key: tuple, text: str, failed):
    """The text of a shape not seen before, parsed with the transformer inline."""
    name, transformer, shape, start = key
    try:
        result = (_DRIVERS.get((name, transformer)) or driver(name, transformer)).parse(text, start)
    except Exception:
        if failed is _FAILS or driver(name).parse(shape, start) is not FAILED:
            raise  # what replaying the shape's program raises too
        result = FAILED  # the shape does not parse: the caller asked only whether it does
    if result is FAILED:
        _remember(key, _FAILS)
        if failed is not _FAILS:
            return failed
        return load_parser(name, transformer).parse(text, start=start)  # raises lark's error
    _remember(key, _ONCE)
    return result


def _remember(key: tuple, program):
    with _SHAPES_LOCK:  # two threads evicting at once would both take the same oldest entry
        while len(_SHAPES) >= _MAX_SHAPES:
            del _SHAPES[next(iter(_SHAPES))]  # the oldest
        _SHAPES[key] = program
    return program


def _replay(program: tuple, text: str):
    stack: list = []
    for step in program:
        if step[0] is None:  # a token: (None, type, start, end, line, column, end_line,
            # end_column, the transformer's callback of the terminal or None)
            _, kind, begin, end, line, column, end_line, end_column, on_token = step
            value = text[begin:end]
            token = _new_str(Token, value)
            token.type, token.value, token.start_pos, token.end_pos = kind, value, begin, end
            token.line, token.column = line, column
            token.end_line, token.end_column = end_line, end_column
            stack.append(token if on_token is None else on_token(token))
        else:  # a rule: (callback, number of children)
            callback, count = step
            if count:
                children = stack[-count:]
                del stack[-count:]
            else:
                children = []
            stack.append(callback(children))
    return stack[0]


def clear_shapes() -> None:
    """Forget every parsed shape (for measuring cold parses)."""
    _SHAPES.clear()


def _program(name: str, transformer: Transformer, shape: str, start: str) -> tuple | str:
    tree = driver(name).parse(shape, start)
    if tree is FAILED:
        return _FAILS  # the shape lexes and parses as the text does: every such text fails
    return _program_of(tree, transformer)


def driver(name: str, transformer: Transformer | None = None) -> Driver:
    """The lean run of `load_parser(name)`'s tables (see _lalr.py), building lark's trees, or
    with `transformer`'s callbacks applied inline: what `Lark.parse` returns, or FAILED."""
    key = (name, transformer)
    made = _DRIVERS.get(key)
    if made is None:
        with _BUILDING:
            made = _DRIVERS.get(key)
            if made is None:
                made = _DRIVERS[key] = Driver(load_parser(name), transformer)
    return made


def _program_of(tree: Tree, transformer: Transformer) -> tuple:
    """The tree in post-order: its tokens' places, and the transformer's callback of each rule
    (called as the LALR parser calls it when the transformer is applied inline)."""
    steps = []

    def walk(node) -> None:
        if isinstance(node, Token):
            place = (node.start_pos, node.end_pos, node.line, node.column)
            on_token = getattr(transformer, node.type, None)  # as lark's lexer calls it inline
            steps.append((None, node.type, *place, node.end_line, node.end_column, on_token))
            return
        for child in node.children:
            walk(child)
        callback = getattr(transformer, node.data, None)
        if callback is None:
            callback = functools.partial(transformer.__default__, node.data, meta=None)
        steps.append((callback, len(node.children)))

    walk(tree)
    return tuple(steps)
