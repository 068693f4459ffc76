"""The indicator-rules command line."""

import json

from indicator_rules.cli import main


def test_explain_prints_score_and_reason(capsys):
    code = main(
        [
            "explain",
            "--target",
            ">=80%",
            "--weight",
            "10",
            "--actual",
            "72%",
            "--rule",
            "医保政策知晓率达80%得满分10分，否则每少10%扣2分",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "得分：8.00 / 10" in out and "每少10%扣2分" in out


def test_explain_json(capsys):
    assert (
        main(
            [
                "explain",
                "--target",
                "效果显著",
                "--weight",
                "10",
                "--grade",
                "部分达成年度指标并具有一定效果",
                "--ratio",
                "75%",
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["score"] == "7.50"


def test_parse_prints_canonical(capsys):
    assert main(["parse", "按时补助得20分，未按时补助不得分"]) == 0
    assert capsys.readouterr().out.strip() == "按时补助得满分20分，否则不得分"


def test_errors_go_to_stderr_with_status_2(capsys):
    assert main(["parse", "达标得满分10份"]) == 2
    captured = capsys.readouterr()
    assert (
        captured.out == "" and "评分标准:1:8:" in captured.err and "Traceback" not in captured.err
    )


def test_file_formats_need_a_matching_output(tmp_path, capsys):
    """--format xlsx/png/svg: refused without -o or with -o of another type, nothing written."""
    from pathlib import Path

    examples = Path(__file__).parent.parent / "examples"
    base = ["score", str(examples / "chenggong-medical-insurance-2026.rules"),
            str(examples / "chenggong-medical-insurance-2026-actuals.csv")]  # fmt: skip
    for fmt, output in (("xlsx", None), ("png", None), ("svg", "a.png"), ("xlsx", "a.csv")):
        args = [*base, "--format", fmt] + (["-o", str(tmp_path / output)] if output else [])
        assert main(args) == 2
        assert f"-o 自评表.{fmt}" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
