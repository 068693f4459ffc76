"""Generated malformed actuals files of each format (CSV, TSV, TXT, JSON, XLSX): the example's
rows with hostile cells, damaged bytes and encodings, deep JSON, broken or encrypted-looking
workbooks (tests/test_hostile.py, benchmarks/hostile_probe.py).
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile

from .hostile_inputs import (
    EXAMPLE_ACTUALS,
    NAMES,
    hostile_argument,
    hostile_number,
    hostile_text,
    mutate,
)

ACTUALS_FORMATS = ("csv", "tsv", "txt", "json", "xlsx")


def actuals_rows(rng: random.Random) -> list[list[str]]:
    """A table of actuals: the example's rows, some of them hostile, and a header that may be
    damaged."""
    with open(EXAMPLE_ACTUALS, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for _ in range(rng.randint(1, 5)):
        at = rng.randrange(len(rows))
        row = rows[at]
        roll = rng.random()
        if roll < 0.6 and at:
            column = rng.randrange(len(row))
            cell = hostile_argument(rng, (row[column],)) if column else rng.choice(NAMES)
            row[column] = cell if isinstance(cell, str) else hostile_number(rng)
        elif roll < 0.7:
            rows.insert(at, list(row))
        elif roll < 0.8:
            rows.append([rng.choice(NAMES[5:9]), hostile_number(rng), hostile_number(rng), ""])
        elif roll < 0.9:
            row.append(hostile_text(rng))
        else:
            rows[at] = [mutate(rng, cell) for cell in row]
    if rng.random() < 0.02:
        rows[1][1] = "9" * 140_000  # over the csv module's 131 072-character field limit
    return rows


def _encode(rng: random.Random, text: str) -> bytes:
    encoding = rng.choice(("utf-8", "utf-8", "utf-8-sig", "gbk", "utf-16", "utf-16-le", "latin-1"))
    errors = rng.choice(("surrogatepass", "replace", "ignore"))
    if errors == "surrogatepass" and not encoding.startswith("utf"):
        errors = "replace"
    data = text.encode(encoding, errors=errors)
    return damage_bytes(rng, data) if rng.random() < 0.2 else data


def damage_bytes(rng: random.Random, data: bytes) -> bytes:
    """`data` with bytes flipped, cut or spliced."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        at = rng.randrange(len(data))
        roll = rng.random()
        if roll < 0.5:
            data[at] = rng.randrange(256)
        elif roll < 0.7:
            del data[at:]
        elif roll < 0.85:
            data[at:at] = rng.randbytes(rng.randint(1, 16))
        else:
            data[at:at] = rng.choice((b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"PK\x03\x04"))
    return bytes(data)


def delimited_bytes(rng: random.Random, rows: list[list[str]], tab: bool) -> bytes:
    buffer = io.StringIO()
    if rng.random() < 0.8:
        csv.writer(buffer, delimiter="\t" if tab else ",").writerows(rows)
    else:  # no quoting: commas and quotes inside cells break the columns
        buffer.write("\n".join(("\t" if tab else ",").join(row) for row in rows))
    return _encode(rng, buffer.getvalue())


def json_bytes(rng: random.Random, rows: list[list[str]]) -> bytes:
    header, *body = rows
    roll = rng.random()
    if roll < 0.05:
        return (b"[" * 100_000) + (b"]" * 100_000)
    if roll < 0.1:
        return b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    mapping: dict = {}
    for row in body:
        if not row:
            continue
        if rng.random() < 0.5:
            mapping[row[0]] = row[1] if len(row) > 1 else None
        else:
            mapping[row[0]] = dict(zip(header[1:], row[1:], strict=False))
    if rng.random() < 0.3:
        key = rng.choice(list(mapping) or ["x"])
        mapping[key] = hostile_json_value(rng)
    text = json.dumps(mapping, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.1:
        text = text[: rng.randint(0, len(text))]
    return _encode(rng, text)


def hostile_json_value(rng: random.Random):
    return rng.choice(
        (
            None,
            True,
            [],
            [1, "2"],
            {"实际完成值": {"grade": []}},
            {"实际完成值": "95%", "事件次数": "Infinity"},
            {"实际完成值": "95%", "事件次数": "1e999999999"},
            {"实际完成值": "95%", "事件次数": 1e308},
            {"实际完成值": "95%", "自评得分": "NaN"},
            {"events": {"1": "1e999999999"}},
            {"actual": nested_dict(rng.choice((10, 500)))},
            1e308,
            -0.0,
            10**30,
            "2026年12月",
            hostile_number(rng),
        )
    )


def nested_dict(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(rng: random.Random, reference: str, value: str) -> str:
    roll = rng.random()
    if roll < 0.1:  # a number Excel would never write
        number = rng.choice(("1e999999", "-1e999999", "NaN", "inf", "1e308", "9" * 400, "x"))
        return f'<c r="{reference}"><v>{number}</v></c>'
    if roll < 0.15:  # a date serial, a boolean, an error cell
        kind, shown = rng.choice((("d", "2026-13-45T00:00:00"), ("b", "2"), ("e", "#DIV/0!")))
        return f'<c r="{reference}" t="{kind}"><v>{shown}</v></c>'
    if roll < 0.18:  # a shared string with no shared strings table
        return f'<c r="{reference}" t="s"><v>{rng.randint(0, 10**6)}</v></c>'
    escaped = _xml_escape(value.encode("utf-8", "replace").decode("utf-8"))
    return f'<c r="{reference}" t="inlineStr"><is><t>{escaped}</t></is></c>'


def _sheet(rng: random.Random, rows: list[list[str]]) -> str:
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(rng, f"{chr(65 + c)}{r}", v) for c, v in enumerate(row[:26]))
        lines.append(f'<row r="{r}">{cells}</row>')
    dimension = rng.choice(("A1:D12", "A1:XFD1048576", "A1"))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{"".join(lines)}</sheetData></worksheet>'
    )


def xlsx_bytes(rng: random.Random, rows: list[list[str]]) -> bytes:
    """A minimal workbook of `rows` (inline strings), often broken: a part missing or
    malformed, compressed data damaged, an encrypted-looking (OLE) file, a cut archive."""
    roll = rng.random()
    if roll < 0.05:  # an encrypted workbook is an OLE compound file, not a ZIP
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(rng.randint(0, 4096))
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": _sheet(rng, rows),
    }
    if rng.random() < 0.1:
        del parts[rng.choice(list(parts))]
    if rng.random() < 0.1:
        name = rng.choice(list(parts))
        parts[name] = mutate(rng, parts[name])[: rng.randint(0, len(parts[name]) + 10)]
    if rng.random() < 0.03:  # entity expansion
        parts["xl/worksheets/sheet1.xml"] = (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet>&b;</worksheet>'
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8", "surrogatepass"))
    data = buffer.getvalue()
    if rng.random() < 0.25:
        data = damage_bytes(rng, data)
    return data


def actuals_bytes(rng: random.Random, kind: str) -> bytes:
    """A malformed (or sometimes well-formed) actuals file of format `kind`."""
    rows = actuals_rows(rng)
    if kind == "json":
        return json_bytes(rng, rows)
    if kind == "xlsx":
        return xlsx_bytes(rng, rows)
    if rng.random() < 0.03:
        return rng.randbytes(rng.randint(0, 2048))
    return delimited_bytes(rng, rows, tab=kind == "tsv")
