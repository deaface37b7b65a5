from __future__ import annotations

import pytest

from server.settings import Settings, SettingsError


def test_defaults_use_embedded_sqlite_in_user_data_dir() -> None:
    s = Settings.from_env({})
    assert s.database_url.startswith("sqlite:///")
    assert s.database_url.endswith("packline/packline.db")
    assert s.port == 8000


def test_environment_is_read_and_overrides_win() -> None:
    env = {"PACKLINE_PORT": "9001", "PACKLINE_DATABASE_URL": "postgresql://u@db/packline"}
    assert Settings.from_env(env).port == 9001
    assert Settings.from_env(env, port=9002).database_url == "postgresql://u@db/packline"
    assert Settings.from_env(env, port=9002).port == 9002
    assert Settings.from_env({"PACKLINE_SSE_KEEPALIVE_S": "0.5"}).sse_keepalive_s == 0.5


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PACKLINE_PORT": "abc"}, "PACKLINE_PORT"),
        ({"PACKLINE_PORT": "70000"}, "PACKLINE_PORT must be 1-65535"),
        ({"PACKLINE_DATABASE_URL": "mysql://x/y"}, "unsupported database URL"),
        ({"PACKLINE_LOG_LEVEL": "LOUD"}, "PACKLINE_LOG_LEVEL"),
        ({"PACKLINE_MAX_BODY_BYTES": "10"}, "PACKLINE_MAX_BODY_BYTES"),
        ({"PACKLINE_SSE_KEEPALIVE_S": "0"}, "PACKLINE_SSE_KEEPALIVE_S must be above 0"),
        ({"PACKLINE_SSE_KEEPALIVE_S": "soon"}, "PACKLINE_SSE_KEEPALIVE_S"),
    ],
)
def test_bad_settings_fail_with_a_clear_message(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)
