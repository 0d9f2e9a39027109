from tests.plans.conftest import small_plan  # noqa: F401 - the confirmed test plan fixture
