import re

from django.contrib.auth.password_validation import MinimumLengthValidator as _MinimumLength
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(_MinimumLength):
    """Django's minimum length rule with its message in Vietnamese (Django's vi catalogue lacks this one)."""

    def get_error_message(self):
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short",
                                  params={"min_length": self.min_length})

    def get_help_text(self):
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


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


class NotCurrentPasswordValidator:
    """Refuse the user's current password as the new one (a password change that changes nothing)."""

    def validate(self, password, user=None):
        from django.contrib.auth.hashers import check_password

        encoded = getattr(user, "password", "") if user is not None else ""
        # check_password() of the hashers module: no hash upgrade and no save() as a side effect
        if encoded and check_password(password, encoded):
            raise ValidationError(_("Mật khẩu mới phải khác mật khẩu hiện tại."), code="password_unchanged")

    def get_help_text(self):
        return _("Mật khẩu mới phải khác mật khẩu hiện tại.")
