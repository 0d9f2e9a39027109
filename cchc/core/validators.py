import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Require lower case, upper case, a digit and a symbol."""

    def validate(self, password, user=None):
        missing = []
        if not re.search(r"[a-z]", password):
            missing.append(_("chữ thường"))
        if not re.search(r"[A-Z]", password):
            missing.append(_("chữ hoa"))
        if not re.search(r"\d", password):
            missing.append(_("chữ số"))
        if not re.search(r"[^A-Za-z0-9]", password):
            missing.append(_("ký tự đặc biệt"))
        if missing:
            raise ValidationError(
                _("Mật khẩu phải có ít nhất: %(items)s.") % {"items": ", ".join(missing)},
                code="password_character_classes",
            )

    def get_help_text(self):
        return _("Mật khẩu phải có chữ thường, chữ hoa, chữ số và ký tự đặc biệt.")
