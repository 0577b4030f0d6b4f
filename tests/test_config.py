import os
from pathlib import Path

from assistant.config import Settings, load_settings
from assistant.privacy import disable_telemetry, mask_secrets


def test_settings_come_from_walkaway_variables(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("WALKAWAY_ENGINE", "llm")
    monkeypatch.setenv("WALKAWAY_MODEL", "llama3.1")
    monkeypatch.setenv("WALKAWAY_STORE_PATH", str(tmp_path / "s"))
    settings = load_settings()
    assert (settings.engine, settings.model, settings.chroma_path) == (
        "llm",
        "llama3.1",
        tmp_path / "s",
    )


def test_openai_variables_are_understood_too(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-abcdefgh12345678")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    settings = load_settings()
    assert settings.key_value() == "sk-abcdefgh12345678"
    assert settings.base_url == "http://127.0.0.1:11434/v1" and settings.has_llm


def test_a_dotenv_file_is_read(monkeypatch, tmp_path: Path):
    env = tmp_path / ".env"
    env.write_text("WALKAWAY_MODEL=from-dotenv\n")
    assert Settings(_env_file=env).model == "from-dotenv"


def test_the_key_is_hidden_in_the_settings_repr(monkeypatch):
    monkeypatch.setenv("WALKAWAY_API_KEY", "sk-secret-abcdefghijkl")
    settings = load_settings()
    assert "sk-secret" not in repr(settings) and "sk-secret" not in settings.model_dump_json()


def test_mask_secrets_removes_keys_and_bearer_tokens():
    text = "failed with sk-abcdefghijklmnop and Bearer abc.def.ghijkl for mine123"
    masked = mask_secrets(text, "mine123")
    assert "sk-abc" not in masked and "abc.def" not in masked and "mine123" not in masked


def test_telemetry_switches_are_forced_off(monkeypatch):
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "True")
    monkeypatch.setenv("LANGSMITH_TRACING", "true")
    disable_telemetry()
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"
    assert os.environ["ORT_DISABLE_TELEMETRY"] == "1"
    assert os.environ["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"
    assert "LANGSMITH_TRACING" not in os.environ


def test_streamlit_config_turns_usage_statistics_off():
    import tomllib

    config = tomllib.loads(
        (Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text()
    )
    assert config["browser"]["gatherUsageStats"] is False
