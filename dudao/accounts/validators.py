from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CharacterClassesValidator:
    """At least ``min_classes`` of the four classes: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            [
                any(c.isascii() and c.isupper() for c in password),
                any(c.isascii() and c.islower() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password, user=None):
        if self.classes(password or "") < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类") % {"n": self.min_classes},
                code="password_classes",
            )

    def get_help_text(self):
        return ngettext(
            "须包含大写字母、小写字母、数字、符号中的至少%(n)d类",
            "须包含大写字母、小写字母、数字、符号中的至少%(n)d类",
            self.min_classes,
        ) % {"n": self.min_classes}
