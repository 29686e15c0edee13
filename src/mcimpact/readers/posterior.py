"""The posterior scenario file: the prior file's text with the updated inputs replaced,
a header, and a provenance block (docs/monitoring.md#the-posterior-file); and the
provenance of such a file read back (the inputs updated earlier, their priors and data).

It lives with the readers because it reads TOML (the text it rewrites, to check it); the
update itself (:mod:`mcimpact.analysis.update`) hands it a posterior.

Only the value of each updated input changes, on its own line; every other byte of the
prior file stays as it was (a header is put before it and the provenance block after
it). The written text is checked: parsed again, it must equal the prior's data with just
those values replaced, and it must be a valid scenario.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from ..errors import Problem, ScenarioError, say
from ..model import distributions
from ..model.distributions import Input
from ..model.monitoring import DataFile, Observation, Record
from . import _writer
from ._lines import _Scanner
from .toml import parse

HEADER_START = "# --- posterior scenario (mcimpact update) ---"
HEADER_END = "# --- end of the header; the prior file follows ---"
PROVENANCE_START = ("# --- provenance: written by mcimpact update (docs/monitoring.md); "
                    "edit nothing below ---")
MARK = "# posterior (mcimpact update"


class PosteriorFileError(ValueError):
    """The prior file's text cannot be rewritten in place (the message says where)."""


# ---------------------------------------------------------------------------------------
# Inputs and observations as TOML data


def input_table(inp: Input) -> dict[str, Any]:
    """An input as its distribution table, ``{"dist": …, parameters …}``."""
    return {"dist": inp.dist, **inp.p}


def _input_of(table: Any, label: str | None = None) -> Input:
    params = dict(table)
    dist = params.pop("dist")
    return distributions.make(str(dist), {k: float(v) for k, v in params.items()}, label)


def _observation(o: Observation) -> dict[str, Any]:
    row: dict[str, Any] = {"file": o.file, "line": o.line, "target": o.target,
                           "year": o.year, "measure": o.measure}
    row["value"] = int(o.value) if o.measure != "effect" else o.value
    if o.n is not None:
        row["n"] = o.n
    if o.se is not None:
        row["se"] = o.se
    if o.note:
        row["note"] = o.note
    if o.pool:
        row["pool"] = o.pool
    return row


# ---------------------------------------------------------------------------------------
# Reading a posterior file's provenance


def strip(text: str) -> str:
    """The text without the header and the provenance block of an earlier update."""
    if text.startswith(HEADER_START + "\n"):
        end = text.find(HEADER_END + "\n")
        if end >= 0:
            text = text[end + len(HEADER_END) + 1:]
    start = text.find("\n" + PROVENANCE_START + "\n")
    if start >= 0:
        text = text[:start]
    return text


def records(text: str, path: str) -> tuple[list[Record], list[DataFile]]:
    """The inputs updated earlier and the data files of a posterior file's provenance
    (none for a plain scenario). An input whose value was edited after the update no
    longer matches its recorded posterior: its record is dropped and the value in the
    file is its prior."""
    data = tomllib.loads(text)
    prov = data.get("provenance")
    if prov is None:
        return [], []
    chains = {c.get("id"): c for c in data.get("chains", []) if isinstance(c, dict)}
    try:
        files = [DataFile(str(d["file"]), str(d["sha256"]), int(d["rows"]))
                 for d in prov.get("data", [])]
        found: list[Record] = []
        for entry in prov.get("inputs", []):
            chain, name = str(entry["chain"]), str(entry["input"])
            label = entry.get("prior_label")
            prior = _input_of(entry["prior"], label)
            posterior = _input_of(entry["posterior"])
            written = chains.get(chain, {}).get(name)
            if not isinstance(written, dict) or _input_of(written) != posterior:
                continue
            obs = tuple(Observation(
                int(o["line"]), str(o["target"]), chain, int(o["year"]), str(o["measure"]),
                float(o["value"]), None if "n" not in o else int(o["n"]),
                None if "se" not in o else float(o["se"]), str(o.get("note", "")),
                str(o["file"]), str(o.get("pool", ""))) for o in entry["data"])
            found.append(Record(chain, name, prior, posterior, obs, label,
                                str(entry["method"]), bool(entry["exact"]),
                                float(entry["fit_error"])))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ScenarioError([Problem(path, say(
            "provenance_unreadable", "the [provenance] block of an earlier update cannot be "
            "read ({kind}: {detail}); it must stay as mcimpact update wrote it",
            kind=type(exc).__name__, detail=str(exc)), entry="[provenance]")]) from None
    return found, files


# ---------------------------------------------------------------------------------------
# Writing


def _value_span(line: str, key: str, expected: Any) -> tuple[int, int, str] | None:
    """(start, end, comment) of the value of ``key = value  # comment`` on one line, or
    None when the line is not of that form with that value."""
    m = re.match(r"[ \t]*" + re.escape(key) + r"[ \t]*=[ \t]*", line)
    if m is None:
        return None
    rest = line[m.end():]
    cuts = [i for i, ch in enumerate(rest) if ch == "#"] + [len(rest)]
    for cut in cuts:
        candidate = rest[:cut].rstrip()
        try:
            parsed = tomllib.loads(f"x = {candidate}")["x"]
        except tomllib.TOMLDecodeError:
            continue
        if parsed == expected:
            return m.end(), m.end() + len(candidate), rest[cut:]
    return None


def _comment(u: Any) -> str:
    prior = (f"label '{u.prior_label}'" if u.prior_label
             else _writer.value(input_table(u.prior)))
    how = "exact" if u.exact else f"fit error {u.fit_error:.2g}"
    return f"{MARK}; prior {prior}; {u.evidence.describe()}; {u.method}, {how})"


def render(post: Any, *, prior_path: str, prior_sha256: str, date: str,
           version: str) -> str:
    """The posterior file's text for ``post``, a
    :class:`~mcimpact.analysis.update.Posterior`. Raises :class:`PosteriorFileError` when
    an updated input is not written as ``key = value`` on one line of its
    ``[[chains]]`` entry."""
    text = strip(post.scenario.text)
    expected = tomllib.loads(text)  # what the written text must read back as
    if "provenance" in expected:
        raise PosteriorFileError(say(
            "posterior.provenance", "{path}: [provenance]: the file has a provenance table "
            "that is not the block mcimpact update wrote at its end; remove it (or restore "
            "the block as written) to update the file", path=post.scenario.path))
    body = _replace_inputs(post, text, expected["chains"])
    prov: dict[str, Any] = {
        "kind": "posterior", "written_by": version, "date": date,
        "prior_file": prior_path, "prior_sha256": prior_sha256,
    }
    block, inputs = _provenance(post, prov)
    header = _header(post, prior_path, prior_sha256, date, version)
    new_text = "\n".join(header) + "\n" + body + "\n" + "\n".join(block) + "\n"
    expected["provenance"] = {**prov, "data": [{"file": d.path, "sha256": d.sha256,
                                                "rows": d.rows} for d in post.data],
                              "inputs": inputs}
    if tomllib.loads(new_text) != expected:  # pragma: no cover - a bug, never the user's
        raise PosteriorFileError(say(
            "posterior.read_back", "{path}: the rewritten file does not read back as the "
            "prior with the posterior values (please report it)", path=post.scenario.path))
    parse(new_text, "<posterior>")  # a valid scenario (raises ScenarioError otherwise)
    return new_text


def _replace_inputs(post: Any, text: str, chains: list[dict[str, Any]]) -> str:
    """The text with each updated input's value replaced on its own line, with a note
    (``chains``, the text's chains as data, get the posterior tables)."""
    lines = text.split("\n")
    where = _Scanner(text).lines
    index = {c["id"]: i for i, c in enumerate(chains)}
    for u in post.updates:
        i = index[u.chain]
        line_no = where.get(("chains", i, u.input))
        span = (None if line_no is None else
                _value_span(lines[line_no - 1], u.input, chains[i][u.input]))
        if line_no is None or span is None:
            raise PosteriorFileError(say(
                "posterior.one_line", "{path}: chains[{i}] (id '{chain}'): field '{input}': "
                "to be updated in place, the input must be written as {input} = VALUE on one "
                "line of its [[chains]] entry", path=post.scenario.path, i=i, chain=u.chain,
                input=u.input))
        start, _end, comment = span
        kept = comment.lstrip()
        if kept.startswith(MARK):  # an earlier update's note: keep the analyst's after it
            kept = kept.split(" | ", 1)[1] if " | " in kept else ""
        kept = kept[1:].strip() if kept.startswith("#") else kept
        table = input_table(u.posterior)
        note = _comment(u) + (f" | {kept}" if kept else "")
        lines[line_no - 1] = lines[line_no - 1][:start] + _writer.value(table) + "  " + note
        chains[i][u.input] = table
    body = "\n".join(lines)
    return body if body.endswith("\n") else body + "\n"


def _header(post: Any, prior_path: str, prior_sha256: str, date: str, version: str
            ) -> list[str]:
    """The comment lines before the prior file's text: who wrote it, from what."""
    n_chains = len({u.chain for u in post.updates})
    names = ", ".join(f"{d.path} (sha256 {d.sha256[:12]}…)" for d in post.data)
    return [
        HEADER_START,
        f"# POSTERIOR scenario written by `mcimpact update` ({version}) on {date}.",
        f"# Prior: {_one_line(prior_path)} (sha256 {prior_sha256[:12]}…).",
        f"# Monitoring data: {_one_line(names)}.",
        f"# {len(post.updates)} input{'s' if len(post.updates) != 1 else ''} of {n_chains} "
        f"chain{'s' if n_chains != 1 else ''} are posterior distributions, marked "
        f"\"{MARK}\" on their line and listed",
        "# with their prior, data and method in [provenance] at the end; every other line "
        "is the prior file's.",
        HEADER_END,
    ]


def _provenance(post: Any, prov: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """The provenance block's lines after the prior file's text, and its inputs as
    data."""
    block = [PROVENANCE_START, "[provenance]",
             *(f"{k} = {_writer.value(v)}" for k, v in prov.items())]
    for d in post.data:
        block += ["", "[[provenance.data]]", f"file = {_writer.value(d.path)}",
                  f"sha256 = {_writer.value(d.sha256)}", f"rows = {d.rows}"]
    inputs = []
    for u in post.updates:
        entry: dict[str, Any] = {"chain": u.chain, "input": u.input,
                                 "prior": input_table(u.prior)}
        if u.prior_label:
            entry["prior_label"] = u.prior_label
        entry.update({"posterior": input_table(u.posterior), "method": u.method,
                      "exact": u.exact, "fit_error": u.fit_error,
                      "evidence": u.evidence.describe()})
        block += ["", "[[provenance.inputs]]",
                  *(f"{k} = {_writer.value(v)}" for k, v in entry.items()), "data = ["]
        block += [f"  {_writer.value(_observation(o))}," for o in u.observations]
        block.append("]")
        inputs.append({**entry, "data": [_observation(o) for o in u.observations]})
    return block, inputs


def _one_line(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "?", text)


def provenance(text: str) -> dict[str, Any] | None:
    """The ``[provenance]`` table of a posterior file's text (None for a plain
    scenario)."""
    try:
        found = tomllib.loads(text).get("provenance")
    except tomllib.TOMLDecodeError:
        return None
    return found if isinstance(found, dict) and found.get("kind") == "posterior" else None
