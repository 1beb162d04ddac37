"""Redaction of personal data (E2, E11) on realistic Chinese text: mobile numbers, 18-digit identity
card numbers (with X), e-mail addresses and the names listed on a source; what must stay stays."""

import io

import docx
import pytest

from dudao.common.redaction import personal_data_in, pseudonym, redact
from dudao.portal.sources import docx_text, redact_docx

COMPLAINT = ("我是家长张三，孩子在三年级二班。学校周六组织有偿补课，每人收费800元，班主任王小明负责收钱。"
             "我的电话是13912345678，也可以打139-1234-5679或+86 139 1234 5670，邮箱zhangsan_88@qq.com。"
             "我的身份证号是50010819850312123X，孩子的是500108201503121234。")


def test_realistic_complaint_is_redacted():
    out = redact(COMPLAINT, names=["张三", "王小明"])
    for secret in ("张三", "王小明", "13912345678", "139-1234-5679", "139 1234 5670", "zhangsan_88",
                   "50010819850312123X", "500108201503121234"):
        assert secret not in out, secret
    for masked in ("家长张某", "班主任王某", "139****5678", "139****5679", "139****5670", "z***@qq.com"):
        assert masked in out, masked
    assert out.count("*" * 18) == 2
    # the substance survives
    assert "学校周六组织有偿补课，每人收费800元" in out and "三年级二班" in out
    assert personal_data_in(out, ["张三", "王小明"]) == []


@pytest.mark.parametrize("text, expected", [
    ("联系电话：13800138000。", "联系电话：138****8000。"),
    ("手机 8615912345678", "手机 159****5678"),
    ("全角号码１３９１２３４５６７８", "全角号码１３９****５６７８"),
    ("身份证：11010519491231002x", "身份证：" + "*" * 18),
    ("邮箱 Li.Hua+edu@school.edu.cn 已核实", "邮箱 L***@school.edu.cn 已核实"),
    ("邮箱wang@163.com联系", "邮箱w***@163.com联系"),
    ("身份证 110105 19491231 002X 已登记", "身份证 " + "*" * 18 + " 已登记"),
    ("身份证号110105-19491231-002X。", "身份证号" + "*" * 18 + "。"),
    ("老身份证110105491231002，已换证", "老身份证" + "*" * 18 + "，已换证"),
])
def test_patterns(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "督导室电话 023-62888888，传真 023-62888889",  # landlines are the offices' public contacts
    "南岸教督〔2025〕12号",  # document numbers
    "学生 1234 人，班级 36 个，生均面积 12.5 平方米",
    "统一社会信用代码 12500108450412345K",  # 18 characters but not an identity card number
    "订单号 202503121234567890123",  # longer digit runs are left whole
    "12345热线工单 20250312001",
])
def test_what_is_not_personal_stays(text):
    assert redact(text) == text


def test_names_become_surname_mou():
    assert pseudonym("张三") == "张某"
    assert pseudonym("欧阳娜娜") == "欧阳某"
    assert pseudonym("司马光") == "司马某"
    assert pseudonym("欧阳") == "欧某"  # a two-character name is surname + given name
    assert pseudonym("王某") == "王某"
    out = redact("张三丰和张三都在场，李四未到。", names=["张三", "张三丰", "李四", "", " ", "王"])
    assert out == "张某和张某都在场，李某未到。"


def test_redaction_is_idempotent():
    once = redact(COMPLAINT, names=["张三", "王小明"])
    assert redact(once, names=["张三", "王小明"]) == once


def test_docx_paragraphs_tables_and_headers():
    document = docx.Document()
    p = document.add_paragraph("反映人：")
    p.add_run("张三")
    p.add_run("，电话13912345678")
    document.add_table(rows=1, cols=2).rows[0].cells[1].text = "身份证 50010819850312123X"
    document.sections[0].header.paragraphs[0].text = "联系人 王小明"
    buf = io.BytesIO()
    document.save(buf)
    text = docx_text(redact_docx(buf.getvalue(), names=["张三", "王小明"]))
    assert "反映人：张某，电话139****5678" in text and "*" * 18 in text and "联系人 王某" in text
    for secret in ("张三", "13912345678", "50010819850312123X", "王小明"):
        assert secret not in text
