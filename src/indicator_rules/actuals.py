"""Actual results (实际完成情况): CSV, TSV, XLSX, JSON or a Python mapping → `Actuals`.

A file has one row per indicator with the columns 指标名称, 实际完成值, and optionally 事件次数
(for per-event rules) and 自评得分 (the agency's own score, for review). The budget execution
comes as a row named 全年执行数 (and, to override the rule file, 全年预算数). A mapping is
{指标名称: 实际完成值 or {"实际完成值": …, "事件次数": …, "自评得分": …}, "全年执行数": …}.
"""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal

import attrs

from .errors import ActualValueError, IndicatorRulesError, InputFileError
from .limits import check_depth, elide, load_json, read_decimal, text_of
from .reader import decode, read_bytes
from .targets import check_size

__all__ = ["ActualEntry", "Actuals", "read_actuals"]

NAME_COLUMNS = ("指标名称", "三级指标", "指标", "name")
VALUE_COLUMNS = ("实际完成值", "全年实际值", "实际值", "actual")
EVENT_COLUMNS = ("事件次数", "次数", "events")
SCORE_COLUMNS = ("自评得分", "得分", "agency_score", "score")
CONDITION_COLUMNS = ("成立条件", "conditions")
JUDGEMENT_COLUMNS = ("评价得分", "评定得分", "judgement")
EXECUTED_NAMES = ("全年执行数", "执行数", "预算执行数")
BUDGET_NAMES = ("全年预算数", "调整后预算数")
_RESERVED = frozenset(EXECUTED_NAMES + BUDGET_NAMES)


@attrs.define(slots=True)
class ActualEntry:
    """One indicator's actual: the value as given, event counts, and the agency's own score.

    Not frozen, for speed (one is made per indicator of every evaluation); treat as read-only.
    """

    name: str
    actual: object
    events: object = None
    agency_score: Decimal | None = None
    conditions: object = None  # conditions of the rule that hold (；-separated text or a list)
    judgement: object = None  # the evaluator's score where the rule leaves it to them
    where: str = attrs.field(default="", eq=False)


@attrs.frozen(slots=True, kw_only=True)
class Actuals:
    """All actuals of one project, keyed by indicator name, plus the budget execution."""

    entries: dict[str, ActualEntry] = attrs.field(factory=dict)
    executed: str | None = None
    budget: str | None = None
    source: str = attrs.field(default="<mapping>", eq=False)


def _decimal_or_none(value, where: str) -> Decimal | None:
    text = None if value is None else text_of(value, f"{where}：自评得分").strip()
    if not text:
        return None
    try:
        return read_decimal(text.removesuffix("分"))
    except ValueError:
        raise ActualValueError(f"{where}：自评得分“{elide(text)}”不是数字") from None


def _structured(value, where: str):
    """A 实际完成值 cell as written, or the structured form of docs/api.md when it holds a
    JSON object ({"items": [1, 3]}, {"grade": "良", "score": 8}, {"budget": …, "executed": …})."""
    if not isinstance(value, str) or not value.lstrip().startswith("{"):
        return value
    try:
        data = load_json(value)
    except json.JSONDecodeError as error:
        raise ActualValueError(
            f"{where}：实际完成值“{elide(value)}”以“{{”开头，但不是有效的 JSON（第{error.colno}个字符：{error.msg}）",
            hint='结构化的实际完成值写成 JSON 对象，如 {"items": [1, 3]}',
        ) from None
    except ValueError as error:
        raise ActualValueError(f"{where}：实际完成值的 JSON {error}") from None
    if not isinstance(data, dict):
        raise ActualValueError(f"{where}：实际完成值的 JSON 应为对象")
    return data


def _events(value, where: str):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dict):
        return check_depth(value, f"{where}：事件次数")
    text = text_of(value, f"{where}：事件次数").strip()
    if text.startswith("{"):
        try:
            return load_json(text)
        except ValueError:
            raise ActualValueError(f"{where}：事件次数“{elide(text)}”无法读取") from None
    try:  # bounded before int(): 1e999999999 is refused here, never expanded
        number = check_size(read_decimal(text.removesuffix("次")))
    except ValueError:
        raise ActualValueError(
            f"{where}：事件次数“{elide(text)}”不是数字", hint="填写整数，如 3"
        ) from None
    return int(number) if number == number.to_integral_value() else number


def from_mapping(mapping: dict, source: str = "<mapping>") -> Actuals:
    """Actuals from {name: value or {…}}; reserved names carry the budget execution."""
    entries, executed, budget = {}, None, None
    for name, value in mapping.items():
        name = name.strip() if name.__class__ is str else text_of(name, "指标名称").strip()
        where = f"{source}: {elide(name)}"
        if name in _RESERVED:  # one set lookup for the many rows that are indicators
            if name in EXECUTED_NAMES:
                executed = None if value is None else text_of(value, f"{where}：全年执行数")
            else:
                budget = None if value is None else text_of(value, f"{where}：全年预算数")
            continue
        if value.__class__ is not str and isinstance(value, dict) and "grade" not in value:
            actual = _first(value, VALUE_COLUMNS)
            if isinstance(actual, dict) or (actual is None and "grade" in value):
                actual = actual or value
            entry = ActualEntry(
                name=name,
                actual=actual,
                events=_events(_first(value, EVENT_COLUMNS), where),
                agency_score=_decimal_or_none(_first(value, SCORE_COLUMNS), where),
                conditions=_first(value, CONDITION_COLUMNS),
                judgement=_first(value, JUDGEMENT_COLUMNS),
                where=where,
            )
        else:
            entry = ActualEntry(name, value, None, None, None, None, where)
        entries[name] = entry
    return Actuals(entries=entries, executed=executed, budget=budget, source=source)


def _first(mapping: dict, keys):
    for key in keys:
        if key in mapping:
            return mapping[key]
    return None


def _header_keys(rows: list[dict], source: str) -> tuple:
    """The header's columns: 指标名称 and 实际完成值 (both required), then 事件次数, 成立条件,
    评价得分 and 自评得分 (each None when absent)."""
    if not rows:
        raise IndicatorRulesError(f"{source}：没有任何数据行")
    columns = [c for c in rows[0] if c is not None]
    name_key = _column(columns, NAME_COLUMNS, "指标名称", source)
    value_key = _column(columns, VALUE_COLUMNS, "实际完成值", source)
    if name_key is None or value_key is None:
        raise IndicatorRulesError(
            f"{source}：表头应包含“指标名称”和“实际完成值”，实际为：{'、'.join(str(c) for c in columns)}",
            hint="第一行写表头：指标名称,实际完成值,事件次数,自评得分",
        )
    return (
        name_key,
        value_key,
        _column(columns, EVENT_COLUMNS, "事件次数", source),
        _column(columns, CONDITION_COLUMNS, "成立条件", source),
        _column(columns, JUDGEMENT_COLUMNS, "评价得分", source),
        _column(columns, SCORE_COLUMNS, "自评得分", source),
    )


def _from_rows(rows: list[dict], source: str, line_offset: int = 2) -> Actuals:
    keys = _header_keys(rows, source)
    name_key, value_key, event_key, condition_key, judgement_key, score_key = keys
    entries, executed, budget, problems = {}, None, None, []
    funds: dict[str, str] = {}
    for number, row in enumerate(rows, start=line_offset):
        name = str(row.get(name_key) or "").strip()
        where = f"{source}:{number}"
        extra = [cell for cell in row.get(None) or () if str(cell).strip()]
        if extra:
            problems.append(
                ActualValueError(
                    f"{where}：这一行比表头多出{len(extra)}个单元格（“{extra[0]}”），无法确定哪个是实际值",
                    hint="数字中的千位分隔逗号请去掉，或给含逗号的单元格加引号",
                )
            )
            continue
        if not name:
            continue
        value = row.get(value_key)
        if name in EXECUTED_NAMES or name in BUDGET_NAMES:
            key = "executed" if name in EXECUTED_NAMES else "budget"
            if key in funds:
                problems.append(
                    ActualValueError(f"{where}：“{name}”重复（{funds[key]}已有），无法确定用哪一个")
                )
            funds[key] = where
            if key == "executed":
                executed = str(value)
            else:
                budget = str(value)
            continue
        if name in entries:
            problems.append(
                ActualValueError(f"{where}：指标“{name}”重复（{entries[name].where}已有）")
            )
            continue
        try:
            entries[name] = ActualEntry(
                name=name,
                actual=_structured(value, where) if value is not None else "",
                events=_events(row.get(event_key), where) if event_key else None,
                agency_score=_decimal_or_none(row.get(score_key), where) if score_key else None,
                conditions=row.get(condition_key) if condition_key else None,
                judgement=row.get(judgement_key) if judgement_key else None,
                where=where,
            )
        except IndicatorRulesError as error:
            problems.append(error)
    if problems:
        from .errors import RuleFileError

        raise RuleFileError(problems, source=source)
    return Actuals(entries=entries, executed=executed, budget=budget, source=source)


def _column(columns, names, label: str, source: str):
    """The one column of a header named by any of `names`; two such columns are an error."""
    found = [c for c in columns if c and str(c).strip() in names]
    if len(found) > 1:
        raise ActualValueError(
            f"{source}：表头中有{len(found)}列都是“{label}”（{'、'.join(found)}），无法确定用哪一列",
            hint="只保留其中一列",
        )
    return found[0] if found else None


_SUFFIX_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
FORMATS = ("csv", "tsv", "json", "xlsx")


def read_actuals(
    source, *, format: str | None = None, encoding: str | None = None, limit=None
) -> Actuals:
    """Read actuals from a path (.csv, .tsv, .txt, .xlsx, .json), from bytes (`format` names
    the format, else it is sniffed), a mapping, or an `Actuals`. Files come in through the one
    file reader (`reader`): size limit, encoding told or given by `encoding`."""
    if isinstance(source, Actuals):
        return source
    if isinstance(source, dict):
        return from_mapping(source)
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), "<bytes>"
        kind = format or _sniff(data)
    else:
        name = os.fspath(source)
        kind = format or _SUFFIX_FORMATS.get(os.path.splitext(name)[1].lower())
        if kind is None:
            raise IndicatorRulesError(
                f"无法识别实际完成值文件“{name}”的格式",
                hint="支持 .csv、.tsv、.txt（逗号或制表符分隔）、.xlsx、.json",
            )
        data = read_bytes(name, limit=limit)
    if kind not in FORMATS:
        raise IndicatorRulesError(f"未知的实际完成值格式“{kind}”，可用：{'、'.join(FORMATS)}")
    if kind == "xlsx":
        return _from_xlsx(data, name)
    text = decode(data, name, encoding=encoding)
    if kind == "json":
        return _from_json(text, name)
    return _from_delimited(text, name, tab=kind == "tsv")


def _sniff(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head.startswith(b"{") else "csv"


def _from_delimited(text: str, source: str, *, tab: bool) -> Actuals:
    """CSV or TSV: the header line decides (more tabs than commas: tab-separated); a tie goes
    to the extension (.tsv/.tab: tab)."""
    header = text.split("\n", 1)[0]
    tabs, commas = header.count("\t"), header.count(",")
    delimiter = "\t" if tabs > commas or (tabs == commas and tab) else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:  # a cell over the csv module's 131 072 characters, say
        raise InputFileError(
            f"第{reader.line_num}行无法读取：{error}",
            source=source,
            hint="检查该行是否有未闭合的引号，或把过长的单元格缩短",
        ) from None
    return _from_rows(rows, source)


def _from_json(text: str, source: str) -> Actuals:
    try:
        data = load_json(text)
    except json.JSONDecodeError as error:
        raise IndicatorRulesError(
            f"{source}:{error.lineno}:{error.colno}: JSON 格式错误：{error.msg}"
        ) from None
    except ValueError as error:  # past the limits: nesting, NaN, a number of 10⁵ digits
        raise InputFileError(f"JSON 无法使用：{error}", source=source) from None
    if not isinstance(data, dict):
        raise IndicatorRulesError(f"{source}：JSON 顶层应为对象 {{指标名称: 实际完成值}}")
    return from_mapping(data, source)


def _from_xlsx(data: bytes, source: str) -> Actuals:
    from .excel import sheet_texts

    rows = sheet_texts(data, source)
    if not rows:
        raise IndicatorRulesError(f"{source}：工作表为空")
    header = [c.strip() if c is not None else "" for c in rows[0]]
    records = []
    for row in rows[1:]:
        record = {header[i]: value for i, value in enumerate(row) if i < len(header)}
        extra = [value for value in row[len(header) :] if value not in (None, "")]
        if extra:
            record[None] = extra
        records.append(record)
    return _from_rows(records, source)
