"""Run the batch path on an existing distributed engine: Dask (and the same function on Spark).

`score_dask(project, ddf)` maps `Project.evaluate_many` over the partitions of a Dask DataFrame
whose columns are the project's indicator names; every partition is scored exactly as the local
batch path scores it. No scheduler of our own: Dask (or Spark, with the recipe in docs/api.md)
distributes the partitions.
"""

from __future__ import annotations

__all__ = ["score_dask", "score_partition"]


def score_partition(frame, project, options=None):
    """A pandas partition in, the same rows' scores out (one column per indicator, 总分, 等级)."""
    result = project.evaluate_many(frame, options=options).to_frame()
    result.index = frame.index
    return result


def _meta(project):
    from .extras import require

    pd = require("pandas", "dask", "Dask 评分")

    columns = {indicator.name: pd.Series(dtype="float64") for indicator in project.indicators}
    if project.budget is not None:
        columns["预算执行率"] = pd.Series(dtype="float64")
    columns["总分"] = pd.Series(dtype="float64")
    columns["等级"] = pd.Series(dtype="object")
    return pd.DataFrame(columns)


def score_dask(project, ddf, options=None):
    """Score a Dask DataFrame partition by partition with `dask.dataframe.map_partitions`."""
    meta = _meta(project)
    if "全年执行数" not in ddf.columns:
        meta = meta.drop(columns=["预算执行率"], errors="ignore")
    return ddf.map_partitions(score_partition, project, options, meta=meta)
