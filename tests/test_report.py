"""The 自评表 outputs: text, Markdown, JSON, XLSX."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from indicator_rules.cli import main
from indicator_rules.project import load
from indicator_rules.report import (
    FUNDS_HEADERS,
    INDICATOR_HEADERS,
    to_markdown,
    to_text,
    write_xlsx,
)

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "chenggong-medical-insurance-2026.rules"
ACTUALS = ROOT / "examples" / "chenggong-medical-insurance-2026-actuals.csv"


@pytest.fixture(scope="module")
def evaluation():
    return load(EXAMPLE).evaluate(ACTUALS)


def test_text_and_markdown_show_totals(evaluation):
    assert "总分：93.95" in to_text(evaluation) and "评价等级：优" in to_text(evaluation)
    assert "| 偏差原因分析及改进措施 |" in to_markdown(evaluation)


def test_json_schema(evaluation):
    data = json.loads(evaluation.to_json())
    assert data["total"] == "93.95" and data["grade"] == "优"
    assert data["funds"]["score"] == "9.67"
    first = data["indicators"][0]
    assert set(first) >= {
        "level1",
        "level2",
        "name",
        "target",
        "actual",
        "weight",
        "score",
        "explanation",
    }


def test_xlsx_reopens_with_the_same_figures(evaluation, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "自评表.xlsx"
    write_xlsx(evaluation, path)
    sheet = openpyxl.load_workbook(path).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(rows[2][: len(FUNDS_HEADERS)]) == FUNDS_HEADERS
    header = next(
        i for i, r in enumerate(rows) if tuple(r[: len(INDICATOR_HEADERS)]) == INDICATOR_HEADERS
    )
    data = json.loads(evaluation.to_json())
    scores = [
        Decimal(str(r[7])).quantize(Decimal("0.01"))
        for r in rows[header + 1 : header + 1 + len(data["indicators"])]
    ]
    assert scores == [Decimal(i["score"]) for i in data["indicators"]]
    total_row = next(r for r in rows if r[0] == "总分")
    assert Decimal(str(total_row[7])) == Decimal("93.95")


def test_failed_write_leaves_the_old_file(evaluation, tmp_path, monkeypatch):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")

    def broken(self, filename):
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError):
        write_xlsx(evaluation, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_cli_score(capsys):
    assert main(["score", str(EXAMPLE), str(ACTUALS)]) == 0
    out = capsys.readouterr().out
    assert "总分：93.95" in out and "评价等级：优" in out


def test_cli_score_json_and_xlsx(capsys, tmp_path):
    assert main(["score", str(EXAMPLE), str(ACTUALS), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["grade"] == "优"
    assert (
        main(
            [
                "score",
                str(EXAMPLE),
                str(ACTUALS),
                "--format",
                "xlsx",
                "-o",
                str(tmp_path / "a.xlsx"),
            ]
        )
        == 0
    )
    assert (tmp_path / "a.xlsx").exists()


def test_cli_check_and_convert(capsys, tmp_path):
    seed = Path(__file__).parent / "data" / "seeds" / "003_e4e62af6ebfe4cc6.txt"
    assert main(["convert", str(seed), "-o", str(tmp_path / "p.rules")]) == 0
    captured = capsys.readouterr()
    assert "003_e4e62af6ebfe4cc6.txt:51" in captured.err
    assert main(["check", str(tmp_path / "p.rules")]) == 0
    assert "错误 0 条" in capsys.readouterr().out


def test_cli_bad_rule_file(capsys, tmp_path):
    bad = tmp_path / "bad.rules"
    bad.write_text(
        "项目名称：x\n一级：产出指标\n二级：数量指标\n三级：a\n指标值：≥90%\n分值：10\n评分标准：达标得满分10份\n",
        encoding="utf-8",
    )
    assert main(["score", str(bad), str(ACTUALS)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:7:" in err and "Traceback" not in err
