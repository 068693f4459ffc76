"""Generated hostile and messy inputs for every entry point (tests/test_hostile.py, the probe
benchmarks/hostile_probe.py): numbers that would blow up Decimal or int, dates and phrases where
numbers go, control characters, bidi overrides, lone surrogates, deep nesting, long texts, and
malformed files of each actuals format. Everything is drawn from a seeded `random.Random`, so a
failing input is found again from its seed and index.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_RULES = ROOT / "examples" / "chenggong-medical-insurance-2026.rules"
EXAMPLE_ACTUALS = ROOT / "examples" / "chenggong-medical-insurance-2026-actuals.csv"

HUGE_NUMBERS = (
    "1e9999999",
    "1e999999999",
    "-1e999999999",
    "1E+999999999",
    "1e-999999999",
    "0e999999999",
    "9" * 5000,
    "1" + "0" * 4400,
    "0." + "1" * 100_000,
    "1" * 100_000,
    "NaN",
    "nan",
    "sNaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "inf",
    "1e308",
    "1e-308",
    "9" * 16,
    "0.0900000762939453",
    "4.9e-324",
)
ODD_NUMBERS = (
    "0",
    "-0",
    "-1",
    "-5%",
    "0.005",
    "1,000,000",
    "1,00",
    "1_000",
    "0x10",
    "--5",
    "+-5",
    ".5",
    "5.",
    "1.2.3",
    "１２３",  # full-width digits
    "٣٤",  # Arabic-Indic digits
    "Ⅻ",
    "²",
    "½",
    "一万二千",
    "百分之九十",
    "两",
    "1万亿亿",
    "999999999999999万",
)
DATES = (
    "9月前",
    "8月",
    "2026年12月",
    "2026年13月",
    "2026年2月30日",
    "0年0月",
    "99999999999999年",
    "2026-02-30",
    "年底前",
    "12月31日前",
    "2026年12月31日24时",
)
PHRASES = (
    "",
    " ",
    "\u3000",
    "完成",
    "达成年度指标",
    "部分达成",
    "优",
    "好坏",
    "优良中差",
    "有",
    "没有",
    "不符合",
    "无",
    "None",
    "null",
    "{}",
    '{"items": [1, 3]}',
    '{"grade": "良", "score": 8}',
    '{"budget": "x", "executed": "y"}',
    "{",
    "[]",
)
UNITS = ("%", "万元", "元", "人", "人次", "个百分点", "天", "名", "次", "亿", "万", "km", "台")
OPERATORS = ("≥", ">=", "≤", "<=", "=", "==", ">", "<", "＞", "≠", "≈", "不低于", "以上", "前")
CHARACTERS = (
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\u0085",
    "\u202e",  # right-to-left override
    "\u202d",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\ufffd",
    "\ud800",  # lone surrogates
    "\udfff",
    "\U0001f600",
    "\u0301",  # combining acute
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u2028",
    "：",
    ":",
    "，",
    "；",
    "、",
    "（",
    ")",
    "【",
    "“",
    '"',
    "'",
    "\\",
    "%",
    "分",
    "得",
    "扣",
    "每",
)
RULES = (
    "达标得满分",
    "达标得满分10分，否则不得分",
    "医保政策知晓率达80%得满分10分，否则每少10%扣2分",
    "达90%得满分10分，否则按完成比例得分",
    "≥90%得10分；80%(含)-90%得8分；60%(含)-80%得5分；<60%不得分",
    "每发生一次扣1分，扣完为止",
    "有工作方案得2分，没有不得分",
    "逾期每天扣1分，扣完为止",
    "排名前5名得满分，6-10名扣0.5分",
    "优100% 良90% 中85% 差85%",
    "设有目标(1分)目标明确(1分)",
    "分别对猪瘟、猪蓝耳病免疫密度达到90%以上各得5分",
    "A.符合要求,13-15分;B.基本符合,8-12分;C.不符合,0分",
    "酌情扣分",
    "得分=执行率×分值",
    "每高0.1个比点加扣0.1分",
    "东部地区≥90%",
    "按完成比例得分，最多扣5分",
    "得基础分6分，按比例增分",
)
TARGETS = ("≥80%", "≥90%", "114803", "100", "≤5天", "9月前", "2026年12月", "效果显著", "第1名", "0")
NAMES = (
    "呈贡区医疗保障人数",
    "医保系统网络覆盖率",
    "医保宣传资料发放及时率",
    "发现问题处置率",
    "医保基金使用进一步规范",
    "全年执行数",
    "全年预算数",
    "执行数",
    "调整后预算数",
    "不存在的指标",
)


class _Unhashable(list):
    pass


class _Exploding:
    """An object whose str() raises: what an embedding app's own type may do."""

    def __str__(self):
        raise RuntimeError("str() of a foreign object")

    __repr__ = __str__


def long_text(rng: random.Random, size: int) -> str:
    """A text of about `size` characters built to hurt a backtracking regex: runs of one
    atom, alternations of two, spaces."""
    unit = rng.choice(
        ("9", " ", "东部", "分", "得", "1.", "%", "9 ", "扣", "、", "a", "（", ":", "0,")
    )
    if rng.random() < 0.5:
        return unit * (size // len(unit))
    other = rng.choice(("≥", "分", " ", "0", "次", "。"))
    return (unit + other) * (size // (len(unit) + 1))


def hostile_number(rng: random.Random) -> str:
    pool = rng.choice((HUGE_NUMBERS, ODD_NUMBERS, DATES, PHRASES))
    text = rng.choice(pool)
    if rng.random() < 0.3:
        text += rng.choice(UNITS)
    if rng.random() < 0.2:
        text = rng.choice(OPERATORS) + text
    return text


def mutate(rng: random.Random, text: str) -> str:
    """`text` with one to three small damages: a hostile character or number put in, a piece
    cut, doubled or swapped."""
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(text))
        kind = rng.random()
        if kind < 0.35:
            text = text[:at] + rng.choice(CHARACTERS) + text[at:]
        elif kind < 0.6:
            text = text[:at] + hostile_number(rng) + text[at:]
        elif kind < 0.75:
            text = text[:at] + text[rng.randint(at, len(text)) :]
        elif kind < 0.9:
            piece = text[at : rng.randint(at, len(text))]
            text = text[:at] + piece * rng.randint(2, 5) + text[at:]
        else:
            text = text[:at] + rng.choice(RULES) + text[at:]
    return text


def hostile_text(rng: random.Random, base: tuple[str, ...] = RULES) -> str:
    """A text for a string argument: a valid one damaged, a hostile number, random characters,
    or (rarely) a long adversarial run."""
    roll = rng.random()
    if roll < 0.5:
        return mutate(rng, rng.choice(base))
    if roll < 0.7:
        return hostile_number(rng)
    if roll < 0.97:
        return "".join(
            rng.choice(CHARACTERS + UNITS + OPERATORS) for _ in range(rng.randint(0, 12))
        )
    return long_text(rng, rng.choice((1000, 10_000, 100_000)))


def hostile_object(rng: random.Random):
    """A value of any Python type an embedding app might pass by mistake."""
    return rng.choice(
        (
            None,
            True,
            False,
            0,
            -1,
            10**5000,
            -(10**20),
            1.5,
            float("nan"),
            float("inf"),
            -float("inf"),
            1e308,
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            Decimal("1e999999999"),
            Decimal("1e-999999999"),
            Decimal("9" * 100),
            b"\xff\xfe\x00",
            bytearray(b"10"),
            [],
            [1, 2],
            _Unhashable(["x"]),
            (),
            {},
            {"grade": "良", "score": "1e999999999"},
            {"grade": object(), "ratio": "NaN"},
            {"items": "1"},
            {"items": [[], {}, 10**5000]},
            {"parts": {"1": "NaN", "3": "x"}},
            {"parts": {"9" * 5000: "1"}},
            {"budget": "1e999999999", "executed": "1"},
            {"全年预算数": "2026年12月", "全年执行数": "完成"},
            {"completion": "85%", "score": "Infinity"},
            {"events": "NaN"},
            {1: 2},
            {"x": []},
            {"nested": {"deep": [[[[[[]]]]]]}},
            set(),
            frozenset({"x"}),
            dt.date(2026, 12, 31),
            dt.datetime(1, 1, 1),
            object(),
            _Exploding(),
            nested_list(rng.choice((10, 1000, 100_000))),
        )
    )


def nested_list(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def hostile_argument(rng: random.Random, base: tuple):
    """An argument: often a valid one (so that deeper code is reached), else damaged text, a
    hostile number, or a foreign object."""
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(base)
    if roll < 0.75:
        return hostile_text(rng, tuple(b for b in base if isinstance(b, str)) or RULES)
    if roll < 0.88:
        return hostile_number(rng)
    return hostile_object(rng)


def score_row_kwargs(rng: random.Random) -> dict:
    """The keywords of one `score_row` call, each valid, damaged or hostile."""
    kwargs = {
        "target": hostile_argument(rng, (*TARGETS, None)),
        "weight": hostile_argument(rng, (10, "10", "10分", 5, "2.5", Decimal(15))),
        "rule": hostile_argument(rng, (*RULES, None)),
        "actual": hostile_argument(rng, ("72%", "95%", "100", "8月", "有", "良", 88.0, None)),
    }
    optional = {
        "operator": ("≥", "=", "≤", ">", "定量", None),
        "unit": ("%", "人次", "万元", "天", None),
        "events": (0, 1, 3, "2", {1: 2}, {"发生": 1}, None),
        "options": ({"steps": "floor"}, {"reverse": "linear"}, {"overachievement": "1.2"}, None),
        "kind": ("定量", "定性", "定性指标", None),
        "conditions": ("有工作方案", ["有工作方案"], [1, 2], "设立目标；目标明确", None),
        "judgement": (6, "9", "12.5分", None),
        "year": (2026, "2026年", None),
    }
    for name, base in optional.items():
        if rng.random() < 0.35:
            kwargs[name] = hostile_argument(rng, base)
    if "options" in kwargs and rng.random() < 0.5:
        key = rng.choice(("steps", "reverse", "grade_points", "overachievement", "unknown"))
        kwargs["options"] = {key: hostile_argument(rng, ("ceil", "1.3", ("1", "0.7", "0.3")))}
    return kwargs


# --- rule files ------------------------------------------------------------------------------


def rule_file(rng: random.Random) -> str:
    """The example rule file with lines damaged, doubled, dropped or replaced."""
    lines = EXAMPLE_RULES.read_text(encoding="utf-8").split("\n")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(lines))
        roll = rng.random()
        if roll < 0.4:
            key, sep, value = lines[at].partition("：")
            lines[at] = f"{key}{sep}{hostile_text(rng, (value or '10',))}"
        elif roll < 0.55:
            lines[at] = mutate(rng, lines[at])
        elif roll < 0.7:
            lines.insert(at, lines[at])
        elif roll < 0.8:
            del lines[at]
        elif roll < 0.9:
            lines.insert(at, f"  分值：{hostile_number(rng)}")
        else:
            lines.insert(at, hostile_text(rng))
    text = "\n".join(lines)
    if rng.random() < 0.02:
        text += "\n" + long_text(rng, rng.choice((10_000, 100_000)))
    return text
