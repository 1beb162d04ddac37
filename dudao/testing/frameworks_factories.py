"""Test helpers for indicator frameworks: a small valid library as a dict, and loading it."""

import copy

from dudao.frameworks.services import library_load

SMALL_LIBRARY = {
    "urn": "urn:dudao:test:small",
    "version": 1,
    "name": "测试指标体系",
    "kind": "school_supervision",
    "provider": "测试机构",
    "publication_date": "2024-01-01",
    "source": "测试依据",
    "scoring": {
        "max_score": 100,
        "grades": [{"name": "优秀", "min": 90}, {"name": "合格", "min": 60}, {"name": "不合格", "min": 0}],
        "colours": [{"colour": "red", "when": {"veto": True}}, {"colour": "yellow", "when": {"score_below": 90}},
                    {"colour": "green"}],
    },
    "indicators": [
        {"code": "A1", "name": "一级指标一", "weight": 60, "children": [
            {"code": "A1-1", "name": "等级项", "method": "levels", "levels": [
                {"name": "好", "points": 10}, {"name": "一般", "points": 6}, {"name": "差", "points": 0, "pass": False}]},
            {"code": "A1-2", "name": "赋分项", "method": "points", "max_points": 20,
             "observation_points": ["观测点一", "观测点二"], "evidence": ["材料一"]},
        ]},
        {"code": "A2", "name": "一级指标二", "weight": 40, "children": [
            {"code": "A2-1", "name": "定量项", "method": "quantitative", "direction": "gte",
             "thresholds": {"primary": 4.2, "junior": 5.3}, "unit": "人",
             "formula": "a / b * 100", "inputs": ["a", "b"]},
            {"code": "A2-2", "name": "否决项", "method": "yes_no", "veto": True, "weight": 0},
        ]},
    ],
}


def small_library(**overrides) -> dict:
    data = copy.deepcopy(SMALL_LIBRARY)
    data.update(overrides)
    return data


def load_small(*, region=None, actor=None, publish=True, **overrides):
    version, _changed = library_load(actor=actor, data=small_library(**overrides), region=region, publish=publish)
    return version
