"""Many records at once: Project.evaluate_many and the Dask adapter on a local cluster."""

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from indicator_rules.project import load

EXAMPLE = Path(__file__).parent.parent / "examples" / "chenggong-medical-insurance-2026.rules"
NUMERIC = {  # the example's numeric indicators, in their units (人次, %, 天)
    "呈贡区医疗保障人数": [114803, 100000, 120000],
    "医保系统网络覆盖率": [100, 96, 0],
    "医保系统网络正常使用": [99.5, 100, 50],
    "发现问题处置率": [87.5, 100, 10],
    "城乡居民基本医疗保险工作支付到位率": [100, 92.34, 100],
    "全区居民人人参保城乡居民基本医疗保险，人人正常享受参保待遇": [98, 100, 50],
    "医保政策宣传内容知晓率": [72, 85, 0],
    "全区居民对参加城乡居民基本医疗保险的满意度": [93, 96, 70],
}


@pytest.fixture(scope="module")
def project():
    full = load(EXAMPLE)
    # the indicators measured in numbers (tests/test_table.py scores every kind)
    from attrs import evolve

    return evolve(full, indicators=tuple(i for i in full.indicators if i.name in NUMERIC))


def test_evaluate_many_equals_evaluate(project):
    table = dict(NUMERIC, 全年执行数=[145000, 150015.05, 0])
    many = project.evaluate_many(table)
    for row in range(3):
        single = project.evaluate(
            {
                **{k: v[row] for k, v in NUMERIC.items()},
                "全年执行数": str(table["全年执行数"][row]),
            }
        )
        assert Decimal(int(many.totals[row])).scaleb(-2) == single.total
        assert many.grades[row] == single.grade


def test_pandas_and_pyarrow_tables(project):
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    frame = pd.DataFrame(NUMERIC)
    a = project.evaluate_many(frame).totals
    b = project.evaluate_many(pa.Table.from_pandas(frame)).totals
    assert a.tolist() == b.tolist()


def test_dask_on_a_local_cluster(project):
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    pd = pytest.importorskip("pandas")
    from indicator_rules.distributed import score_dask

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({name: np.round(rng.uniform(0, 120, 400), 2) for name in NUMERIC})
    frame["呈贡区医疗保障人数"] = rng.integers(90000, 130000, 400)
    expected = project.evaluate_many(frame).to_frame()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        result = score_dask(project, dd.from_pandas(frame, npartitions=4)).compute()
    assert result["总分"].tolist() == expected["总分"].tolist()
    assert result["等级"].tolist() == expected["等级"].tolist()
