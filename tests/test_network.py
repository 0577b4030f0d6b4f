import socket

import pytest

from assistant.cli import main
from tests.conftest import NetworkBlocked


def test_the_guard_refuses_a_connection_to_the_internet():
    with pytest.raises(NetworkBlocked), socket.create_connection(("93.184.216.34", 80), timeout=1):
        pass


def test_ingest_and_search_open_no_outbound_connection(block_network, capsys):
    before = len(block_network)
    assert main(["ingest"]) == 0
    assert main(["search", "hidden fees", "--json"]) == 0
    assert len(block_network) == before
