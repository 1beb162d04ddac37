"""Demo data of the dashboards: nothing of their own — the ledger's demo ages its items with
``QuerySet.update`` (which the rollup upkeep cannot see), so the rollup is rebuilt from the items
once every app's demo has run (this app loads after them); and the national indices of every county
with counted index forms (南岸区, 大足区: 2025 and 2026) are computed ahead, as ``manage.py
refresh_indices`` does. Loading again changes nothing."""

from . import index_results, rollup


def load(context, stdout):
    rows = rollup.rebuild()
    stdout.write(f"数据看板：台账汇总 {rows} 行")
    done = index_results.refresh()
    stdout.write(f"数据看板：监测指数结果 {done} 个区县·年度")
