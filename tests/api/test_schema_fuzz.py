"""Schemathesis against the app's own OpenAPI schema: no 5xx, every response matches its schema."""

import shutil
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from qa.api import create_app
from qa.assistant import Assistant
from qa.settings import Settings
from tests.conftest import SEED_CORPUS


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    root: Path = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    app_settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index", embed_model="hashing-64",
                            api_key="fuzz-key")
    assistant = Assistant(app_settings)
    assistant.warm_up()
    app = create_app(app_settings, assistant=assistant)
    app.state.assistant = assistant  # the lifespan would do this; schemathesis calls the app directly
    app.state.settings = app_settings
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_api_conforms_to_its_schema(api_schema) -> None:
    """Every operation, a bounded number of generated requests each."""
    checked = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
            case.validate_response(response)

        check()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert "POST /ask" in checked and "GET /documents/{doc_id}" in checked
