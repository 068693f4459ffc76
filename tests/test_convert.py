"""Converting the seed goal-table exports into rule files."""

from pathlib import Path

import pytest

from indicator_rules.convert import convert_text
from indicator_rules.lint import lint_text
from indicator_rules.project import loads

SEEDS = Path(__file__).parent / "data" / "seeds"
TABLES = sorted(SEEDS.glob("00[0-3]_*.txt"))


def _convert(path):
    return convert_text(path.read_text(encoding="utf-8"), path.name)


def test_four_tables_are_present():
    assert len(TABLES) == 4


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name[:3])
def test_every_seed_table_converts_and_loads(path):
    for project in _convert(path):
        loaded = loads(project.text)
        assert loaded.indicators and loaded.name


def test_seed_001_holds_two_projects():
    names = [p.name for p in _convert(SEEDS / "001_7ebfdcad82a08165.txt")]
    assert names == ["城乡居民医疗保险业务经办工作经费", "社保专线网络租赁费"]


def test_seed_002_matches_the_bundled_example():
    (project,) = _convert(SEEDS / "002_4fb231647e5688d7.txt")
    converted = loads(project.text)
    example = loads(
        (
            Path(__file__).parent.parent / "examples" / "chenggong-medical-insurance-2026.rules"
        ).read_text(encoding="utf-8")
    )
    assert converted.indicators == example.indicators
    assert converted.budget == example.budget


def test_damaged_rows_of_seed_003_are_reported_and_kept():
    """The broken rows are named with their line; their cells survive as comments."""
    (project,) = _convert(SEEDS / "003_e4e62af6ebfe4cc6.txt")
    assert [p.split(":")[1] for p in project.problems] == ["51", "65"]
    assert "# 第51行无法转换" in project.text
    assert "#   补助覆盖率达到100%得20分，否则根据覆盖率完成比例评分" in project.text
    assert len(loads(project.text).indicators) == 3


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name[:3])
def test_nothing_in_the_table_is_lost(path):
    """Every non-empty cell of the indicator table appears in the rule file."""
    text = path.read_text(encoding="utf-8")
    output = "\n".join(p.text for p in _convert(path)).replace(" ", "")
    inside = False
    for line in text[text.find("产出指标") - 1 :].split("\n"):
        # 001 holds two forms: only the indicator grid (绩效指标 … 综合评定等级) is the table.
        if line.startswith("绩效指标"):
            inside = True
            continue
        if "综合评定等级" in line:
            inside = False
        if "部门项目支出预算绩效目标申报表" in text and not inside:
            continue
        for cell in line.split("\t"):
            cell = cell.strip()
            if not cell or cell == "空":
                continue
            # 001's grid writes “指标1: 名称” and “数量指标 (必填)”: the name itself must survive.
            cell = cell.split(": ", 1)[-1].split("(")[0].replace(" ", "")
            assert cell in output, cell


def test_weights_without_a_source_are_split_and_marked():
    project = _convert(SEEDS / "000_a7aff032e0bed68c.txt")[0]
    assert "原表未给出分值" in project.text
    assert loads(project.text).total_weight == 90


def test_check_on_seed_002():
    """Issue 3: check prints the weights (90 + 10) and flags the 定性 row with a numeric rule."""
    (project,) = _convert(SEEDS / "002_4fb231647e5688d7.txt")
    findings = [str(f) for f in lint_text(project.text, "002.rules")]
    assert any("指标分值合计90分，加预算执行率10分，共100分" in f for f in findings)
    assert any(
        "医保系统网络正常使用：该指标标为定性指标，但评分标准按数值计分" in f for f in findings
    )


def test_check_reports_load_errors_as_findings():
    findings = lint_text(
        "项目名称：x\n一级：产出指标\n二级：数量指标\n三级：a\n指标值：≥9O%\n分值：10\n", "x.rules"
    )
    assert findings[0].severity == "错误" and "x.rules:5" in findings[0].where
