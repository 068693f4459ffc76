"""The one file reader: encodings, size limit, binary refusals; TSV actuals; bytes in."""

import random
import shutil
import sys
from pathlib import Path

import pytest

from indicator_rules.actuals import read_actuals
from indicator_rules.cli import main
from indicator_rules.errors import IndicatorRulesError, InputFileError
from indicator_rules.project import load
from indicator_rules.reader import decode, detect_encoding, read_bytes, read_text

EXAMPLES = Path(__file__).parent.parent / "examples"
RULES = EXAMPLES / "chenggong-medical-insurance-2026.rules"
ACTUALS = EXAMPLES / "chenggong-medical-insurance-2026-actuals.csv"


def _scores(rules, actuals, **reading):
    evaluation = load(rules, **reading).evaluate(read_actuals(actuals, **reading))
    return evaluation.total, evaluation.grade, [row.score for row in evaluation.rows]


def _copy(tmp_path, encoding, *, bom=b""):
    rules = tmp_path / f"{encoding}.rules"
    actuals = tmp_path / f"{encoding}-actuals.csv"
    rules.write_bytes(bom + RULES.read_text(encoding="utf-8").encode(encoding))
    actuals.write_bytes(bom + ACTUALS.read_text(encoding="utf-8").encode(encoding))
    return rules, actuals


@pytest.fixture
def no_detector(monkeypatch):
    """charset-normalizer absent: the strict order alone decides."""
    monkeypatch.setitem(sys.modules, "charset_normalizer", None)


class TestEncodings:
    """Rule files and actuals in every supported encoding score as the UTF-8 originals."""

    @pytest.mark.parametrize(
        ("encoding", "bom"),
        [("gbk", b""), ("gb18030", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")],
    )
    def test_copy_scores_the_same(self, tmp_path, encoding, bom, no_detector):
        """A GBK / GB18030 / UTF-16 / UTF-8-with-BOM copy of the bundled example scores the same."""
        expected = _scores(RULES, ACTUALS)
        assert _scores(*_copy(tmp_path, encoding, bom=bom)) == expected
        assert expected[1] == "优"

    def test_gbk_copy_is_not_utf8(self, tmp_path):
        """The GBK copy is really GBK: decoding it as UTF-8 fails, and it is told as GB18030."""
        rules, _ = _copy(tmp_path, "gbk")
        with pytest.raises(UnicodeDecodeError):
            rules.read_bytes().decode("utf-8")
        assert detect_encoding(rules.read_bytes()) == "gb18030"

    def test_explicit_encoding(self, tmp_path):
        """encoding= decodes strictly; a wrong one is an InputFileError naming the path."""
        rules, actuals = _copy(tmp_path, "gbk")
        assert _scores(rules, actuals, encoding="gbk") == _scores(RULES, ACTUALS)
        with pytest.raises(InputFileError) as caught:
            load(rules, encoding="utf-8")
        assert str(rules) in str(caught.value) and "utf-8" in str(caught.value)
        with pytest.raises(InputFileError, match="未知的编码"):
            load(rules, encoding="klingon")

    def test_utf16_without_bom_names_the_byte_order(self):
        """UTF-16 without a BOM is not guessed: the error names the --encoding to give."""
        data = ACTUALS.read_text(encoding="utf-8").encode("utf-16-le")
        with pytest.raises(InputFileError, match="--encoding utf-16-le"):
            decode(data, "a.csv")
        assert decode(data, "a.csv", encoding="utf-16-le") == ACTUALS.read_text(encoding="utf-8")
        with pytest.raises(InputFileError, match="--encoding utf-16-be"):
            decode(data.decode("utf-16-le").encode("utf-16-be"), "a.csv")

    def test_big5_is_refused_without_a_detector(self, no_detector):
        """Big5 bytes also decode as GB18030 (into rare characters): refused, not guessed."""
        data = "醫療保險專項經費項目，參保人數達到標準，滿意度調查".encode("big5")
        with pytest.raises(InputFileError, match="无法确定文件编码") as caught:
            decode(data, "x.csv")
        assert "--encoding" in str(caught.value) and "[detect]" in str(caught.value)
        assert decode(data, "x.csv", encoding="big5").startswith("醫療保險")

    def test_big5_with_the_detector(self):
        """With charset-normalizer installed, a Big5 file is read by its best match."""
        pytest.importorskip("charset_normalizer")
        text = "醫療保險專項經費項目，參保人數達到標準，滿意度調查"
        assert decode(text.encode("big5"), "x.csv") == text


class TestRefusals:
    """Unreadable, binary, too large or undecodable files: InputFileError with the path."""

    def test_binary_garbage(self, tmp_path, no_detector):
        """NUL bytes, random high bytes, a ZIP: clear errors, never UnicodeDecodeError."""
        rng = random.Random(15)
        cases = {
            "nul.rules": bytes(rng.randrange(256) for _ in range(2000)) + b"\x00",
            "high.rules": bytes(rng.randrange(128, 256) for _ in range(2000)),
            "zip.rules": b"PK\x03\x04" + bytes(200),
            "ctrl.rules": "项目名称：示例\x01\x02".encode(),
        }
        for name, data in cases.items():
            path = tmp_path / name
            path.write_bytes(data)
            with pytest.raises(InputFileError) as caught:
                load(path)
            assert str(path) in str(caught.value), name

    def test_too_large(self, tmp_path):
        """Past the limit: refused with the limit and how to raise it."""
        with pytest.raises(InputFileError, match="大小上限") as caught:
            read_bytes(RULES, limit=100)
        assert "--max-size" in str(caught.value)
        assert read_bytes(RULES, limit="1M") == RULES.read_bytes()

    def test_missing_and_directory(self, tmp_path):
        """A missing path and a directory are InputFileErrors too."""
        with pytest.raises(InputFileError, match="文件不存在"):
            read_text(tmp_path / "none.rules")
        with pytest.raises(InputFileError, match="是目录"):
            read_text(tmp_path)
        with pytest.raises(InputFileError, match="是目录"):
            load(tmp_path)

    def test_cli_reports_binary_in_one_message(self, tmp_path, capsys):
        """The command line prints the path and the reason, exit 2, no traceback."""
        bad = tmp_path / "bad.csv"
        bad.write_bytes(bytes(range(256)))
        assert main(["score", str(RULES), str(bad)]) == 2
        err = capsys.readouterr().err
        assert str(bad) in err and "二进制" in err and "Traceback" not in err


class TestCommandLine:
    """--encoding and --max-size on score, check and convert."""

    def test_score_gbk_prints_the_same(self, tmp_path, capsys):
        """score on the GBK copy prints the same 自评表 as on the UTF-8 files."""
        assert main(["score", str(RULES), str(ACTUALS)]) == 0
        utf8 = capsys.readouterr().out
        rules, actuals = _copy(tmp_path, "gbk")
        assert main(["score", str(rules), str(actuals)]) == 0
        assert capsys.readouterr().out == utf8
        assert main(["score", str(rules), str(actuals), "--encoding", "gbk"]) == 0
        assert capsys.readouterr().out == utf8
        assert main(["check", str(rules), "--max-size", "10"]) == 2
        assert "大小上限" in capsys.readouterr().err

    @pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
    def test_whole_output_is_the_same(self, tmp_path, monkeypatch, capsys, encoding):
        """examples/* re-encoded (same names, same relative paths): score prints byte for byte
        the 自评表, the JSON, the Markdown and the 自评报告 of the UTF-8 originals."""
        relative = [str(p.relative_to(EXAMPLES.parent)) for p in (RULES, ACTUALS)]
        copy = tmp_path / "examples"
        copy.mkdir()
        for path in (RULES, ACTUALS):
            data = path.read_text(encoding="utf-8").encode(encoding)
            assert data != path.read_bytes()
            (copy / path.name).write_bytes(data)
        for fmt in ("text", "json", "markdown", "report"):
            monkeypatch.chdir(EXAMPLES.parent)
            assert main(["score", *relative, "--format", fmt]) == 0
            original = capsys.readouterr().out
            monkeypatch.chdir(tmp_path)
            assert main(["score", *relative, "--format", fmt]) == 0
            assert capsys.readouterr().out == original, fmt
            assert "93.95" in original

    def test_convert_gbk_export(self, tmp_path, capsys):
        """convert on a GBK copy of a seed export writes the same rule file."""
        seed = Path(__file__).parent / "data" / "seeds" / "002_4fb231647e5688d7.txt"
        assert main(["convert", str(seed)]) == 0
        utf8 = capsys.readouterr().out
        copy = tmp_path / "seed.txt"
        copy.write_bytes(seed.read_text(encoding="utf-8").encode("gb18030"))
        assert main(["convert", str(copy)]) == 0
        assert capsys.readouterr().out == utf8 and "三级：" in utf8


class TestDelimited:
    """TSV as well as CSV: by extension and by the header line."""

    def _tsv(self):
        return ACTUALS.read_text(encoding="utf-8").replace(",", "\t")

    def test_tsv_csv_and_unicode_text(self, tmp_path):
        """.tsv, a tab-separated .csv and Excel's "Unicode text" (UTF-16 .txt) score the same."""
        expected = _scores(RULES, ACTUALS)
        tsv = tmp_path / "a.tsv"
        tsv.write_text(self._tsv(), encoding="utf-8")
        tabbed_csv = tmp_path / "b.csv"
        tabbed_csv.write_text(self._tsv(), encoding="gbk")
        unicode_text = tmp_path / "c.txt"
        unicode_text.write_bytes(self._tsv().replace("\n", "\r\n").encode("utf-16"))
        for path in (tsv, tabbed_csv, unicode_text):
            assert _scores(RULES, path) == expected, path

    def test_bytes(self):
        """Bytes in: CSV and TSV sniffed, JSON by its brace."""
        csv_bytes = ACTUALS.read_bytes()
        assert read_actuals(csv_bytes) == read_actuals(ACTUALS)
        assert read_actuals(self._tsv().encode("gbk"), format="tsv") == read_actuals(ACTUALS)
        actuals = read_actuals('{"培训人数": "180人"}'.encode("utf-16"), format="json")
        assert actuals.entries["培训人数"].actual == "180人"
        with pytest.raises(IndicatorRulesError, match="未知的实际完成值格式"):
            read_actuals(csv_bytes, format="ods")


class TestXlsxActuals:
    """XLSX actuals: read through the reader, cells by their number format."""

    def test_percent_cells_and_bytes(self, tmp_path):
        """0.995 formatted 0.0% reads as 99.5%; the workbook's bytes give the same actuals."""
        openpyxl = pytest.importorskip("openpyxl")
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for line in ACTUALS.read_text(encoding="utf-8").splitlines():
            sheet.append(line.split(","))
        for row in sheet.iter_rows(min_row=2):
            text = row[1].value
            if text.endswith("%"):
                row[1].value = float(text[:-1]) / 100
                row[1].number_format = "0.0%"
        path = tmp_path / "actuals.xlsx"
        workbook.save(path)
        assert _scores(RULES, path) == _scores(RULES, ACTUALS)
        assert read_actuals(path).entries["医保系统网络正常使用"].actual == "99.5%"
        assert read_actuals(path.read_bytes()) == read_actuals(path)
        shutil.copy(path, tmp_path / "renamed.csv")
        with pytest.raises(InputFileError, match="ZIP"):
            read_actuals(tmp_path / "renamed.csv")
