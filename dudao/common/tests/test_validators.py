import pytest
from django.core.exceptions import ValidationError

from dudao.common.pinyin import search_key
from dudao.common.validators import make_credit_code, validate_credit_code


def test_known_valid_credit_code_passes():
    from dudao.common.validators import credit_code_check_char

    assert credit_code_check_char("91350100M000100Y4") == "3"
    validate_credit_code("91350100M000100Y43")


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y44", "checksum"),
        ("91350100M0001O0Y43", "charset"),
        ("91AB0100M000100Y43", "region"),
    ],
)
def test_bad_credit_codes_are_rejected_with_reason(code, error):
    with pytest.raises(ValidationError) as info:
        validate_credit_code(code)
    assert info.value.code == error


def test_generated_credit_codes_validate():
    codes = {make_credit_code("500108", serial) for serial in (1, 42, 99999999)}
    assert len(codes) == 3
    for code in codes:
        assert len(code) == 18 and code[2:8] == "500108"
        validate_credit_code(code)


def test_search_key_has_initials_without_admin_suffix():
    key = search_key("南岸区开心幼儿园")
    assert "naqkxyey" in key
    assert "nakxyey" in key
    assert "nananqu" in key
