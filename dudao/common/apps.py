from django.apps import AppConfig
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def personal_data_keys(app_configs, **kwargs):
    """``check --deploy``: production must not run on keys derived from the secret key."""
    from .crypto import keys_configured

    if keys_configured():
        from .crypto import _fernet

        try:
            _fernet()
        except ValueError as exc:
            return [checks.Error(f"DUDAO_FIELD_KEYS 无效：{exc}", id="dudao.E001")]
        return []
    return [checks.Warning(
        "个人信息加密密钥未配置：请设置 DUDAO_FIELD_KEYS 与 DUDAO_BLIND_INDEX_KEY（docs/security.md）",
        hint="python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
        id="dudao.W001")]


class CommonConfig(AppConfig):
    name = "dudao.common"
    label = "common"
    verbose_name = "公共"

    def ready(self):
        from .display import install

        install()
