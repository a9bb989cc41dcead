"""An array on disk read a run at a time gives what the whole array holds."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.index import file_array
from retrieval.index.file_array import FileArray, open_column, whole


@pytest.fixture
def saved(tmp_path):
    values = np.arange(-50, 950, 7, dtype=np.int32)
    np.save(tmp_path / "a.npy", values)
    return values, tmp_path / "a.npy"


def test_runs_and_values_are_the_arrays(saved):
    values, path = saved
    column = FileArray(path)
    assert len(column) == len(values) and column.dtype == values.dtype
    for first, stop in [(0, len(values)), (3, 9), (9, 3), (len(values) - 1, len(values) + 5), (-4, None)]:
        assert column[first:stop].tolist() == values[first:stop].tolist()
    assert column[0] == values[0] and column[-1] == values[-1] and column[np.int64(5)] == values[5]
    assert whole(column).tolist() == values.tolist() and whole(values) is values


def test_what_is_not_in_the_array_is_refused(saved):
    values, path = saved
    column = FileArray(path)
    with pytest.raises(IndexError):
        column[len(values)]
    with pytest.raises(ValueError):
        column[::2]


def test_it_reads_on_after_its_file_is_removed(saved):
    values, path = saved
    column = FileArray(path)
    path.unlink()
    assert column[10:20].tolist() == values[10:20].tolist()


def test_a_file_shorter_than_its_header_says_is_refused(saved):
    _, path = saved
    path.write_bytes(path.read_bytes()[:-4])
    with pytest.raises(ValueError):
        FileArray(path)


def test_a_small_file_is_mapped_a_big_one_read(saved, tmp_path, monkeypatch):
    values, path = saved
    assert isinstance(open_column(path), np.ndarray)
    monkeypatch.setattr(file_array, "MAPPED_UP_TO", path.stat().st_size - 1)
    column = open_column(path)
    assert isinstance(column, FileArray) and column[:].tolist() == values.tolist()
