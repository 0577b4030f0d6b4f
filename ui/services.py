"""The UI's handles on the package: one runtime and deal store per server process,
the engine choice per browser session. No logic lives here beyond wiring."""

from __future__ import annotations

import streamlit as st

from assistant.config import load_settings
from assistant.deals import DealStore
from assistant.engines import DEFAULT_ENGINE, ENGINES, available_engines, choose_engine
from assistant.errors import WalkawayError
from assistant.privacy import mask_secrets
from assistant.runtime import Runtime

ENGINE_KEY = "engine"


@st.cache_resource(show_spinner=False)
def runtime() -> Runtime:
    return Runtime(settings=load_settings())


@st.cache_resource(show_spinner=False)
def deal_store() -> DealStore:
    return DealStore(runtime().settings.deals_db)


def engine() -> str:
    """The engine this browser session uses, chosen the one way every surface chooses it:
    the session's pick, then WALKAWAY_ENGINE, then offline."""
    return choose_engine(None, st.session_state.get(ENGINE_KEY), runtime().settings)


def engine_switch() -> None:
    """The one engine picker, in the sidebar; engines that cannot answer here are not offered."""
    choices = available_engines(runtime())
    # The pick also lives in the URL, so a page reload keeps it.
    if ENGINE_KEY not in st.session_state:
        st.session_state[ENGINE_KEY] = st.query_params.get(ENGINE_KEY) or engine()
    if st.session_state[ENGINE_KEY] not in choices:
        st.session_state[ENGINE_KEY] = DEFAULT_ENGINE
    st.sidebar.radio(
        "Engine",
        choices,
        key=ENGINE_KEY,
        format_func=lambda name: ENGINES[name].title,
        help=None if len(choices) > 1 else "Set WALKAWAY_API_KEY or WALKAWAY_BASE_URL for an LLM.",
    )
    if st.session_state[ENGINE_KEY] == DEFAULT_ENGINE:
        st.query_params.pop(ENGINE_KEY, None)
    else:
        st.query_params[ENGINE_KEY] = st.session_state[ENGINE_KEY]
    model = runtime().settings.model
    st.sidebar.caption(
        f"Engine: **{engine()}**"
        + (" · no key, no network" if engine() == DEFAULT_ENGINE else f" ({model})")
    )


def badge(label: str, color: str, icon: str = "") -> str:
    """Markdown for one badge; several joined by spaces sit on one line."""
    text = label.replace("[", "(").replace("]", ")")
    return f":{color}-badge[{icon + ' ' if icon else ''}{text}]"


def engine_tag(name: str) -> str:
    color = "green" if name == DEFAULT_ENGINE else "blue"
    return badge(f"{name} engine", color, ":material/memory:")


def engine_badge(name: str) -> None:
    st.markdown(engine_tag(name))


def show_error(error: Exception) -> None:
    """An expected failure as a message; an unexpected one as a short apology, never a traceback."""
    if isinstance(error, WalkawayError):
        st.error(mask_secrets(str(error), runtime().settings.key_value()))
    else:
        st.error("Something went wrong on our side; nothing you entered was lost. Try again.")
