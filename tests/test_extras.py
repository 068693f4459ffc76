"""Optional extras: a missing one is a one-line hint naming it, never a ModuleNotFoundError."""

import sys
from pathlib import Path

import pytest

from indicator_rules.cli import main
from indicator_rules.errors import IndicatorRulesError, MissingExtraError
from indicator_rules.extras import EXTRAS, available, require
from indicator_rules.project import load

ROOT = Path(__file__).parent.parent
RULES = ROOT / "examples" / "chenggong-medical-insurance-2026.rules"


def _absent(monkeypatch, *modules):
    """Simulate uninstalled packages: importing them raises ImportError."""
    for module in modules:
        for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, module, None)


class TestRequire:
    """extras.require, the one place that imports an optional library."""

    def test_missing_module_names_the_extra(self, monkeypatch):
        """The error is ours, one line, names `pip install 'indicator-rules[excel]'`."""
        _absent(monkeypatch, "openpyxl")
        with pytest.raises(MissingExtraError) as caught:
            require("openpyxl", "excel")
        error = caught.value
        assert isinstance(error, IndicatorRulesError) and isinstance(error, ImportError)
        assert not isinstance(error, ModuleNotFoundError)
        assert "\n" not in str(error) and "pip install 'indicator-rules[excel]'" in str(error)
        assert not available("openpyxl")

    def test_every_extra_named_is_declared(self):
        """Every extra the hints name exists in pyproject.toml, and [all] holds them all."""
        tomllib = pytest.importorskip("tomllib")  # Python 3.11+
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]
        for name in EXTRAS:
            assert name in extras, name
            assert name in extras["all"][0], name
        base = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert not any(dep.startswith("numpy") for dep in base["dependencies"])


class TestWithoutExcel:
    """Without openpyxl: XLSX actuals, the XLSX 自评表 and goal workbooks say [excel]."""

    def test_actuals_and_cli(self, monkeypatch, tmp_path, capsys):
        """read_actuals(.xlsx) raises the hint; the CLI prints it on one line, exit 2."""
        path = tmp_path / "actuals.xlsx"
        path.write_bytes(b"PK\x03\x04" + bytes(100))
        _absent(monkeypatch, "openpyxl")
        from indicator_rules.actuals import read_actuals

        with pytest.raises(MissingExtraError, match=r"indicator-rules\[excel\]"):
            read_actuals(path)
        assert main(["score", str(RULES), str(path)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "[excel]" in err and "Traceback" not in err
        assert main(["convert", str(RULES), "-o", str(tmp_path / "goals.xlsx")]) == 2
        assert "[excel]" in capsys.readouterr().err


class TestWithoutNumpy:
    """numpy is not in the base install: the batch path asks for [dataframes]."""

    def test_evaluate_many(self, monkeypatch):
        """Project.evaluate_many without numpy: MissingExtraError naming [dataframes]."""
        project = load(RULES)
        _absent(monkeypatch, "numpy")
        for module in ("indicator_rules.batch", "indicator_rules.table"):
            monkeypatch.delitem(sys.modules, module, raising=False)
        with pytest.raises(MissingExtraError, match=r"indicator-rules\[dataframes\]"):
            project.evaluate_many({"呈贡区医疗保障人数": [114803]})

    def test_scoring_never_imports_numpy(self, monkeypatch, capsys):
        """The CLI's main job runs with numpy absent."""
        _absent(monkeypatch, "numpy")
        actuals = ROOT / "examples" / "chenggong-medical-insurance-2026-actuals.csv"
        assert main(["score", str(RULES), str(actuals)]) == 0
        assert "93.95" in capsys.readouterr().out
