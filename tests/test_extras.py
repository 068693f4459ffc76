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


class TestOneHintClass:
    """Every feature behind an extra raises the one public MissingExtraError."""

    def test_charts_and_serve_raise_the_public_class(self, monkeypatch):
        """Without matplotlib / fastapi, plot and service raise indicator_rules.MissingExtraError."""
        import importlib

        from indicator_rules import MissingExtraError as Public
        from indicator_rules.plot import indicator_figure

        _absent(monkeypatch, "matplotlib")
        with pytest.raises(Public, match=r"indicator-rules\[charts\]"):
            indicator_figure(load(RULES).indicators[0])
        _absent(monkeypatch, "fastapi")
        monkeypatch.delitem(sys.modules, "indicator_rules.service", raising=False)
        with pytest.raises(Public, match=r"indicator-rules\[serve\]"):
            importlib.import_module("indicator_rules.service")


ACTUALS = ROOT / "examples" / "chenggong-medical-insurance-2026-actuals.csv"


class TestEveryExtra:
    """Each extra of pyproject.toml, uninstalled, turns its features into a one-line hint."""

    @pytest.mark.parametrize(
        ("modules", "extra", "args"),
        [
            (("openpyxl",), "excel", ["score", RULES, ACTUALS, "--format", "xlsx", "-o", "x.xlsx"]),
            (("openpyxl",), "excel", ["convert", "goals.xlsx", "-o", "x.rules"]),
            (
                ("matplotlib",),
                "charts",
                ["score", RULES, ACTUALS, "--format", "png", "-o", "x.png"],
            ),
            (("matplotlib",), "charts", ["plot", RULES, ACTUALS, "-o", "x.svg"]),
            (("fastapi", "uvicorn"), "serve", ["serve"]),
            (("matplotlib",), "charts", ["score", RULES, RULES, "--format", "svg", "-o", "x.d"]),
            (("openpyxl",), "excel", ["score", RULES, RULES, "--format", "xlsx", "-o", "x.d"]),
        ],
    )
    def test_command_line(self, monkeypatch, tmp_path, capsys, modules, extra, args):
        """The command exits 2 with one line on stderr naming `pip install 'indicator-rules[…]'`."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "goals.xlsx").write_bytes(b"PK\x03\x04" + bytes(100))
        _absent(monkeypatch, *modules)
        assert main([str(a) for a in args]) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and f"pip install 'indicator-rules[{extra}]'" in err, err
        assert not list(tmp_path.glob("x.*"))  # nothing half-written

    def test_library_calls(self, monkeypatch):
        """pandas for frames ([dataframes]) and for Dask ([dask]) name their extras."""
        from indicator_rules.distributed import _meta
        from indicator_rules.project import loads

        project = loads("项目名称：示例\n一级：产出指标\n二级：数量指标\n"
                        "三级：培训人数\n  指标值：≥200人\n  分值：90\n")  # fmt: skip
        result = project.evaluate_many({"培训人数": [180, 200]})
        assert list(result.totals) == [8100, 9000]  # cents: scored without pandas
        _absent(monkeypatch, "pandas")
        with pytest.raises(MissingExtraError, match=r"indicator-rules\[dataframes\]"):
            result.to_frame()
        with pytest.raises(MissingExtraError, match=r"indicator-rules\[dask\]"):
            _meta(project)

    def test_detect_and_progress_fall_back(self, monkeypatch):
        """Without [detect] an unknown encoding asks for --encoding or [detect]; without
        [progress] a terminal gets a plain counter instead of tqdm's bar."""
        import io

        from indicator_rules.errors import InputFileError
        from indicator_rules.many import _Counter, _progress
        from indicator_rules.reader import decode

        _absent(monkeypatch, "charset_normalizer", "tqdm")
        with pytest.raises(InputFileError, match=r"\[detect\]"):
            decode("醫療保險專項經費項目，參保人數達到標準".encode("big5"), "x.csv")

        class Terminal(io.StringIO):
            def isatty(self):
                return True

        terminal = Terminal()
        bar = _progress(2, False, terminal)
        assert isinstance(bar, _Counter)
        bar.update()
        assert terminal.getvalue().endswith("1/2")
