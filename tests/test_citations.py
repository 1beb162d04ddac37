"""Every encoded national number cites the article that fixes it, and cites the right one (issue 16
item 10): notice → 条例第十七条, 2 visits a semester → 第十四条, team → 第十六条, 意见书/整改 →
第二十一条, publication → 第二十三条; township codes are 统计用区划代码, not GB/T 2260."""

import pytest
from django.core.exceptions import ValidationError

from dudao.regions.codes import level_of
from dudao.regionsettings.registry import SPECS

CITED = {
    "inspection.notice_days_ahead": "第十七条",
    "visits.min_per_semester": "《教育督导条例》第十四条",
    "inspection.min_team_size": "第十六条",
    "inspection.objection_days": "第二十条",
    "ledger.auto_notice": "第二十一条",
    "portal.report_publish_mode": "第二十三条",
    "term.years": "第六条",
    "qualification.min_years_in_education": "第七条",
    # local rules of the seed plans ([L]): cited, and marked 待核实 as national rules
    "committee.min_plenary_per_year": "至少召开1次全体成员会议",
    "committee.min_member_activities_per_year": "每年至少参加1次教育督导活动",
    "committee.office_staff_min": "3-5名专兼职",
    "committee.office_staff_max": "3-5名专兼职",
}


def test_local_committee_rules_are_marked_unverified():
    for key in ("committee.min_plenary_per_year", "committee.min_member_activities_per_year",
                "committee.office_staff_min", "committee.office_staff_max"):
        assert "待核实" in str(SPECS[key].source), key


@pytest.mark.parametrize(("key", "article"), CITED.items())
def test_setting_cites_its_article(key, article):
    assert article in str(SPECS[key].source)


def test_every_setting_names_its_source():
    for key, spec in SPECS.items():
        assert str(spec.source).strip(), key


def test_township_codes_are_statistical_codes_not_gb_t_2260():
    with pytest.raises(ValidationError) as refused:
        level_of("5001080")
    assert "统计用区划代码" in refused.value.messages[0]


def test_the_api_describes_township_codes_as_statistical_codes(client):
    schema = client.get("/api/v1/openapi.json").json()
    text = str(schema)
    assert "统计用区划代码" in text and "GB/T 2260 区划代码" not in text


def test_docs_list_every_bound_setting_and_every_test_they_name():
    """docs/law.md lists every number the law fixes, and every test file it names exists."""
    import re
    from pathlib import Path

    from dudao.regionsettings.registry import FREE

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "law.md").read_text(encoding="utf-8")
    for key, spec in SPECS.items():
        if spec.bound != FREE:
            assert f"`{key}`" in text, key
    for name in set(re.findall(r"`([\w/]*test_\w+\.py)", text)):
        matches = list((root / "dudao").rglob(Path(name).name)) + list((root / "tests").glob(Path(name).name))
        assert matches, name
