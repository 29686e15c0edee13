"""What the readers share: one guarded file reader for every input file (scenario TOML,
value library, workbook, monitoring CSV), and one TOML value writer
(docs/scenario-format.md#validation, docs/monitoring.md#problems-in-the-file)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import INITIATIVE, META, chain, toml
from mcimpact.analysis import update as updating
from mcimpact.errors import ScenarioError
from mcimpact.readers import _writer, monitoring, xlsx
from mcimpact.readers._files import MAX_FILE_BYTES
from mcimpact.readers.posterior import render
from mcimpact.readers.toml import load, parse

SCENARIO = parse(toml(META, [INITIATIVE], [chain()]), "s.toml")
# (the reader, what it expects in a file's place, what it calls the file)
READERS = {
    "toml": (load, "a .toml file", "scenario file"),
    "xlsx": (xlsx.load, "an .xlsx workbook", "workbook"),
    "csv": (lambda path: monitoring.load(path, SCENARIO), "a .csv file", "monitoring file"),
}


def refused(reader: str, path: Path | str) -> str:
    with pytest.raises(ScenarioError) as caught:
        READERS[reader][0](path)
    (problem,) = caught.value.problems
    return str(problem)


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_refuses_a_missing_file_and_a_directory_alike(reader, tmp_path):
    _, expected, _ = READERS[reader]
    assert refused(reader, tmp_path / "none") == f"{tmp_path / 'none'}: no such file"
    assert refused(reader, tmp_path) == f"{tmp_path}: is a directory, expected {expected}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("reader", READERS)
def test_every_reader_refuses_a_fifo_without_waiting_for_a_writer(reader, tmp_path):
    _, expected, _ = READERS[reader]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert refused(reader, fifo) == (f"{fifo}: is not a regular file (a device, a FIFO or a "
                                     f"socket), expected {expected}")


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_refuses_a_file_beyond_max_file_bytes_before_reading_it(reader,
                                                                              tmp_path):
    _, _, kind = READERS[reader]
    big = tmp_path / "big"
    with open(big, "wb") as f:  # sparse: its size is all that is looked at
        f.truncate(MAX_FILE_BYTES + 1)
    assert refused(reader, big) == (f"{big}: the file has {MAX_FILE_BYTES + 1:,} bytes; a "
                                    f"{kind} may have at most {MAX_FILE_BYTES:,} "
                                    "(MAX_FILE_BYTES, 4 MiB)")


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_refuses_a_file_name_with_a_nul_character(reader):
    assert refused(reader, "bad\0name") == (
        "bad\0name: cannot read: the file name contains a NUL character")


# ---------------------------------------------------------------------------------------
# One TOML value writer (readers/_writer.py), for workbooks and posterior files

_scalars = st.one_of(
    st.booleans(), st.integers(-2**63, 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cs",))))  # no lone surrogates: not UTF-8
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(st.characters(exclude_categories=("Cs",)), max_size=8), inner,
                    max_size=4)), max_leaves=12)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(item=_values)
def test_a_written_value_reads_back_as_the_same_data(item):
    """tomllib is the reference: what the writer writes it reads back equal (also text
    with every control character, quotes and backslashes, keys that must be quoted)."""
    assert tomllib.loads(f"v = {_writer.value(item)}")["v"] == item


def test_a_posterior_note_with_control_characters_reads_back_unchanged():
    text = toml(META, [INITIATIVE], [chain(success_probability="middel")])
    model = parse(text, "prior.toml")
    note = 'tab\there, "quoted", back\\slash, escape \x1b[31m, delete \x7f, line\u2028end'
    csv = "chain,year,measure,value,n,se,note\nc1,2021,successes,3,10,," + \
          '"' + note.replace('"', '""') + '"\n'
    post = updating.update(model, monitoring.parse(csv, model, "data.csv"))
    written = render(post, prior_path="prior.toml", prior_sha256=model.sha256,
                     date="2026-12-01", version="mcimpact test")
    (entry,) = tomllib.loads(written)["provenance"]["inputs"]
    assert entry["data"][0]["note"] == note
