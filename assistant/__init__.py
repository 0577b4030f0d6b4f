"""Walkaway: decide when to walk away from a deal, and do it without burning the bridge.

Importing the package only switches third-party telemetry off (it must happen
before chromadb or onnxruntime are imported); nothing heavy runs here.
"""

from assistant.privacy import disable_telemetry

disable_telemetry()

__version__ = "0.1.0"
