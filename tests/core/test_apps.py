"""Every app of the project is a declared ``DomainConfig``: its audited models and registrations take effect."""

from auditlog.registry import auditlog
from django.apps import apps

from cchc.core import jobs
from cchc.core.apps import DomainConfig


def test_every_project_app_is_its_own_domain_config():
    configs = [c for c in apps.get_app_configs() if c.name.startswith("cchc.")]
    assert len(configs) >= 15
    for config in configs:
        # an apps.py importing DomainConfig must not fall back to Django's bare AppConfig (nothing audited)
        assert isinstance(config, DomainConfig) and type(config) is not DomainConfig, config.name


def test_declared_models_are_audited_with_their_options():
    for config in (c for c in apps.get_app_configs() if isinstance(c, DomainConfig)):
        for entry in config.audited:
            name, options = (entry, {}) if isinstance(entry, str) else entry
            model = config.get_model(name)
            assert auditlog.contains(model), model
            for key, value in options.items():
                # django-auditlog keeps the options per model in its registry (no public getter for m2m_fields)
                assert set(auditlog._registry[model][key]) == set(value), (model, key)


def test_registered_modules_ran():
    assert {"plans.parse_import", "dossiers.import", "knowledge.index_document", "notifications.digest"} <= set(
        jobs.registered())
