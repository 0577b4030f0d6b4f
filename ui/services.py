"""The UI's handles on the package: one runtime and deal store per server process,
the engine choice per browser session. No logic lives here beyond wiring."""

from __future__ import annotations

import streamlit as st

from assistant.config import load_settings
from assistant.deals import DealStore
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


def llm_configured() -> bool:
    return runtime().settings.has_llm


def engine() -> str:
    """The engine this browser session uses: offline unless switched on and configured."""
    chosen = st.session_state.get(ENGINE_KEY, "offline")
    return chosen if chosen == "offline" or llm_configured() else "offline"


def engine_switch() -> None:
    """The one switch between engines, in the sidebar."""
    configured = llm_configured()
    # The choice also lives in the URL, so a page reload keeps it.
    if ENGINE_KEY not in st.session_state:
        st.session_state[ENGINE_KEY] = st.query_params.get(ENGINE_KEY, "offline")
    use_llm = st.sidebar.toggle(
        "Use the LLM engine",
        value=st.session_state.get(ENGINE_KEY) == "llm",
        disabled=not configured,
        help=None if configured else "Set WALKAWAY_API_KEY or WALKAWAY_BASE_URL to enable it.",
    )
    st.session_state[ENGINE_KEY] = "llm" if use_llm and configured else "offline"
    if st.session_state[ENGINE_KEY] == "llm":
        st.query_params[ENGINE_KEY] = "llm"
    else:
        st.query_params.pop(ENGINE_KEY, None)
    model = runtime().settings.model
    st.sidebar.caption(
        f"Engine: **{engine()}**"
        + (f" ({model})" if engine() == "llm" else " · no key, no network")
    )


def badge(label: str, color: str, icon: str = "") -> str:
    """Markdown for one badge; several joined by spaces sit on one line."""
    text = label.replace("[", "(").replace("]", ")")
    return f":{color}-badge[{icon + ' ' if icon else ''}{text}]"


def engine_tag(name: str) -> str:
    return badge(f"{name} engine", "blue" if name == "llm" else "green", ":material/memory:")


def engine_badge(name: str) -> None:
    st.markdown(engine_tag(name))


def show_error(error: Exception) -> None:
    """An expected failure as a message; an unexpected one as a short apology, never a traceback."""
    if isinstance(error, WalkawayError):
        st.error(mask_secrets(str(error), runtime().settings.key_value()))
    else:
        st.error("Something went wrong on our side; nothing you entered was lost. Try again.")
