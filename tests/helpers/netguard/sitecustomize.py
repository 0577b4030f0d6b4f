"""Loaded by subprocesses the tests start (PYTHONPATH): records, and refuses, any connection
to a non-loopback address, into the file WALKAWAY_NETGUARD_LOG names."""

import os
import socket

from loopback import is_local as _local

_LOG = os.environ.get("WALKAWAY_NETGUARD_LOG")
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _record(address):
    if _LOG:
        with open(_LOG, "a") as handle:
            handle.write(f"{address}\n")


def _connect(self, address):
    if not _local(address):
        _record(address)
        raise OSError(f"netguard: refused {address}")
    return _real_connect(self, address)


def _connect_ex(self, address):
    if not _local(address):
        _record(address)
        raise OSError(f"netguard: refused {address}")
    return _real_connect_ex(self, address)


if _LOG:
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
