"""`veil-cli protect` puts pyarrow's big buffers in jemalloc, unless the user chose a pool."""

from __future__ import annotations

import pytest

from app.cli.memory import prefer_jemalloc

pa = pytest.importorskip("pyarrow")


@pytest.fixture
def restore_pool():
    before = pa.default_memory_pool()
    yield
    pa.set_memory_pool(before)


def test_jemalloc_becomes_the_default_pool_where_pyarrow_has_it(monkeypatch, restore_pool):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        assert prefer_jemalloc() is False
        return
    assert prefer_jemalloc() is True
    assert pa.default_memory_pool().backend_name == "jemalloc"
    assert pa.array(["a", None, "b"]).to_pylist() == ["a", None, "b"]


def test_a_pool_the_user_chose_is_left_alone(monkeypatch, restore_pool):
    before = pa.default_memory_pool().backend_name
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    assert prefer_jemalloc() is (before == "jemalloc")
    assert pa.default_memory_pool().backend_name == before
