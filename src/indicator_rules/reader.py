"""The one file reader: every file the library reads (rule files, actuals, convert inputs,
workbooks) comes in through here, with a size limit and one way of telling its encoding.

Encodings are told in a fixed order, the same with or without a detector installed:

1. an explicit `encoding=` (CLI `--encoding`), decoded strictly;
2. a byte-order mark: UTF-8 with BOM, UTF-16 or UTF-32 (LE or BE);
3. binary content (NUL bytes, ZIP/XLSX, old .xls, PDF, control characters) is refused;
4. strict UTF-8;
5. strict GB18030 (which contains GBK and GB2312: what Excel writes on a Chinese Windows), kept
   only when the text reads as simplified Chinese — nine in ten of its non-ASCII characters in
   GB2312. Big5 or Shift_JIS bytes also decode as GB18030, into rare characters, and are refused
   here rather than guessed;
6. with the `[detect]` extra, charset-normalizer's best match for anything else; without it, or
   when it has no confident match, a clear `InputFileError` asking for `--encoding`.

Never a `UnicodeDecodeError`: every failure is an `InputFileError` naming the path.

>>> decode("指标名称,实际完成值\\n".encode("gbk"), "a.csv")
'指标名称,实际完成值\\n'
>>> detect_encoding("培训人数".encode("utf-16"), "a.csv")
'utf-16'
>>> decode(b"\\x00\\x01\\x02binary", "a.csv")
Traceback (most recent call last):
...
indicator_rules.errors.InputFileError: a.csv: 是二进制文件，不是文本（含 NUL 字节）
提示：规则文件和实际完成值应为文本（UTF-8、GBK 或 UTF-16）、.xlsx 或 .json
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata

from .errors import InputFileError

__all__ = ["DEFAULT_LIMIT", "decode", "detect_encoding", "parse_size", "read_bytes", "read_text"]

DEFAULT_LIMIT = 64 * 1024 * 1024  # bytes; `limit=` / CLI `--max-size` changes it

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"PK\x03\x04", "是 ZIP 压缩文件（如 .xlsx），不是文本", "XLSX 请以 .xlsx 为扩展名"),
    (
        b"\xd0\xcf\x11\xe0",
        "是旧版 Office 文件（如 .xls），不是文本",
        "在 Excel 中另存为 .xlsx 或 CSV",
    ),
    (b"%PDF", "是 PDF 文件，不是文本", "请提供原始表格（.xlsx 或 CSV）"),
)
_TEXT_HINT = "规则文件和实际完成值应为文本（UTF-8、GBK 或 UTF-16）、.xlsx 或 .json"
_SIMPLIFIED_SHARE = 0.9  # of non-ASCII characters in GB2312, for GB18030 to be kept
_ALLOWED_CONTROLS = "\t\n\r\f\v\x1a"  # \x1a: the DOS end-of-file mark some exports carry


def parse_size(text: str | int) -> int:
    """A size in bytes from `65536`, `500K`, `64M` or `1G` (binary multiples).

    >>> parse_size("64M"), parse_size("500k"), parse_size(1024)
    (67108864, 512000, 1024)
    """
    if isinstance(text, int):
        return text
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", str(text))
    if not match:
        raise InputFileError(f"无法识别的文件大小“{text}”", hint="写作 65536、500K、64M 或 1G")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    return int(match.group(1)) * factor


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MB" if size >= 1024**2 else f"{size} 字节"


def read_bytes(path, *, limit: int | str | None = None) -> bytes:
    """The bytes of `path`, refusing past `limit` (default `DEFAULT_LIMIT`) and any OS error."""
    source = os.fspath(path)
    limit = DEFAULT_LIMIT if limit is None else parse_size(limit)
    try:
        with open(source, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputFileError("文件不存在", source=source) from None
    except IsADirectoryError:
        raise InputFileError(
            "是目录，不是文件", source=source, hint="给整个目录评分用 indicator-rules score 目录"
        ) from None
    except PermissionError:
        raise InputFileError("没有读取权限", source=source) from None
    except OSError as error:
        raise InputFileError(f"无法读取：{error.strerror or error}", source=source) from None
    if len(data) > limit:
        raise InputFileError(
            f"文件超过大小上限 {_megabytes(limit)}",
            source=source,
            hint="确认文件无误后用 limit=… 或 --max-size 放宽上限，如 --max-size 256M",
        )
    return data


def _refuse_binary(data: bytes, source: str) -> None:
    for magic, message, hint in _MAGIC:
        if data.startswith(magic):
            raise InputFileError(message, source=source, hint=hint)
    if b"\x00" not in data:
        return
    head = data[:400]
    for parity, name in ((1, "utf-16-le"), (0, "utf-16-be")):
        nuls = head[parity::2].count(0)
        if nuls < 4 or nuls <= 4 * head[1 - parity :: 2].count(0) or len(data) % 2:
            continue  # ASCII in UTF-16 puts its NUL bytes on one side
        text = _strict(data, name)
        if text is not None and _control_at(text) is None:
            raise InputFileError(
                "像是没有字节顺序标记（BOM）的 UTF-16 文本，无法确定字节序",
                source=source,
                hint=f"用 --encoding {name}（或 encoding=“{name}”）指明",
            )
    raise InputFileError("是二进制文件，不是文本（含 NUL 字节）", source=source, hint=_TEXT_HINT)


def _control_at(text: str) -> int | None:
    for index, ch in enumerate(text):
        if (ch < " " and ch not in _ALLOWED_CONTROLS) or ch == "\x7f":
            return index
    return None


def _reads_as_simplified(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return True
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= _SIMPLIFIED_SHARE * len(wide)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _detector_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        return None
    return best.encoding


def detect_encoding(data: bytes, source: str = "<bytes>") -> str:
    """The encoding `decode` uses for `data`, by the order in the module docstring."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    _refuse_binary(data, source)
    if _strict(data, "utf-8") is not None:
        return "utf-8"
    chinese = _strict(data, "gb18030")
    if chinese is not None and _reads_as_simplified(chinese):
        return "gb18030"
    guess = _detector_guess(data)
    if guess is not None:
        return guess
    bad = _first_bad(data, "utf-8")
    raise InputFileError(
        f"无法确定文件编码：不是 UTF-8（第{bad[0]}行第{bad[1]}字节起）、UTF-16 或 GBK/GB18030",
        source=source,
        hint="用 encoding=… 或 --encoding 指明编码，如 --encoding big5；"
        "或安装 pip install 'indicator-rules[detect]' 自动识别其他编码",
    )


def _first_bad(data: bytes, encoding: str) -> tuple[int, int]:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        start = error.start
        line_start = data.rfind(b"\n", 0, start) + 1
        return data.count(b"\n", 0, start) + 1, start - line_start + 1
    return 1, 1


def decode(data: bytes, source: str = "<bytes>", *, encoding: str | None = None) -> str:
    """`data` as text: by `encoding` when given, else detected; a leading BOM is dropped."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise InputFileError(
                f"未知的编码“{encoding}”", source=source, hint="如 utf-8、gbk、gb18030、utf-16"
            ) from None
        if name == "utf-8":
            name = "utf-8-sig"
    else:
        name = detect_encoding(data, source)
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        line, column = _first_bad(data, name)
        raise InputFileError(
            f"不是有效的 {encoding} 编码（第{line}行第{column}字节起）",
            source=source,
            hint="核对 --encoding；不指定时自动识别 UTF-8、UTF-16 和 GBK",
        ) from None
    text = text.removeprefix("\ufeff")
    bad = _control_at(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        raise InputFileError(
            f"是二进制文件，不是文本（第{line}行有控制字符 U+{ord(text[bad]):04X}"
            f"{'：' + unicodedata.name(text[bad], '') if unicodedata.name(text[bad], '') else ''}）",
            source=source,
            hint=_TEXT_HINT,
        )
    return text.rstrip("\x1a")


def read_text(
    path,
    *,
    encoding: str | None = None,
    limit: int | str | None = None,
    newlines: bool = True,
) -> str:
    """The text of `path`: `read_bytes`, then `decode`; `newlines` turns \\r\\n and \\r into \\n
    as `open()` does (CSV readers pass False and let the csv module see the raw line ends)."""
    source = os.fspath(path)
    text = decode(read_bytes(source, limit=limit), source, encoding=encoding)
    if newlines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
