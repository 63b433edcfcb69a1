"""The suite-wide guard: nothing a test does may connect outside 127.0.0.1 (and ::1)."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkGuard, NonLoopbackConnection


def test_guard_blocks_a_private_address_before_connecting(network_guard: NetworkGuard) -> None:
    with pytest.raises(NonLoopbackConnection):
        socket.create_connection(("10.1.2.3", 80), timeout=0.1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NonLoopbackConnection):
        sock.connect(("10.1.2.3", 80))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NonLoopbackConnection):
        sock.connect_ex(("10.1.2.3", 80))
    assert network_guard.violations[-3:] == ["('10.1.2.3', 80)"] * 3
    del network_guard.violations[-3:]  # acknowledged: this test tried on purpose


def test_guard_refuses_host_names_and_allows_loopback() -> None:
    assert not NetworkGuard.allowed(("example.org", 443))
    assert not NetworkGuard.allowed(("8.8.8.8", 53))
    assert NetworkGuard.allowed(("127.0.0.1", 80)) and NetworkGuard.allowed(("127.5.6.7", 80))
    assert NetworkGuard.allowed(("::1", 80, 0, 0)) and NetworkGuard.allowed(("localhost", 80))
    assert NetworkGuard.allowed(("::ffff:127.0.0.1", 80, 0, 0))
