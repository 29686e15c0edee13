#!/usr/bin/env bash
# The nightly benchmark run of mcimpact (asv 0.6; docs/performance.md, "The asv suite").
#
#   bash benchmarks/nightly.sh                              # from anywhere in a clone
#   NIGHTLY_QUICK=1 NIGHTLY_BENCH='track_mcse' bash benchmarks/nightly.sh
#
# Steps:
#   1. the venv: uses $NIGHTLY_VENV (default: .venv of the clone); creates it and runs
#      `pip install -e ".[bench]"` when it has no asv;
#   2. `asv machine --yes` when this user has no machine file (~/.asv-machine.json);
#   3. benchmarks, each built from its commit into .asv/env, the commits since the last
#      nightly (recorded in .asv/last-nightly): on the first run HEAD only; later, the
#      commits after the last nightly up to HEAD's parent with `asv run`
#      (`--skip-existing-commits`), then
#   4. the gate: `asv continuous --factor $NIGHTLY_FACTOR LAST HEAD`, both commits side by
#      side in this session, which records HEAD and fails when a benchmark got more than
#      10 % worse (or started failing). The accuracy z-scores (track_mean_vs_*,
#      track_core_vs_peer) are left out of the ratio, which means nothing for them; they
#      fail the run instead when |z| >= $NIGHTLY_ZMAX at HEAD;
#   5. `asv publish`: the HTML in .asv/html (`asv preview` serves it), also after a
#      regression;
#   6. records HEAD in .asv/last-nightly unless a regression was found (so the next
#      nightly compares against the same good commit until it is fixed or accepted:
#      `git rev-parse HEAD > .asv/last-nightly`).
#
# Exit status: 0 no regression; 1 a regression of more than the factor, a benchmark that
# started failing, or a z-score beyond the bound; 2 a failed step (venv, build, a
# benchmark that errors in `asv run`, bad settings).
#
# Settings (environment variables; all optional):
#   NIGHTLY_QUICK=1        a --quick pass (every benchmark once; a smoke test, the
#                          timings are not worth comparing; still recorded)
#   NIGHTLY_BENCH=REGEX    only the benchmarks whose name matches (asv --bench; e.g.
#                          'bench_memory|track_mcse')
#   NIGHTLY_FACTOR=1.1     the regression factor of the gate (asv --factor)
#   NIGHTLY_ZMAX=4         the bound on |z| of the accuracy trackers at HEAD
#   NIGHTLY_BASE=COMMIT    compare HEAD against this commit instead of the last nightly
#   NIGHTLY_STEPS=N        benchmark at most N of the commits since the last nightly
#                          (asv --steps; default 10; 0: all of them)
#   NIGHTLY_MACHINE=NAME   the asv machine name (asv --machine; default: the machine file's)
#   NIGHTLY_VENV=DIR       the venv that runs asv (default: <clone>/.venv)
#   NIGHTLY_PYTHON=PY      the interpreter that creates that venv (default: python3.11,
#                          else python3); asv builds environments with the Python 3.11
#                          of asv.conf.json, which must be on PATH
#   NIGHTLY_NO_PUBLISH=1   skip `asv publish`
set -euo pipefail

log() { printf '[nightly] %s\n' "$*" >&2; }
die() { printf '[nightly] error: %s\n' "$*" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f asv.conf.json ] || die "no asv.conf.json in $ROOT"
git rev-parse --git-dir >/dev/null 2>&1 || die "$ROOT is not a git clone"

QUICK="${NIGHTLY_QUICK:-0}"
BENCH="${NIGHTLY_BENCH:-}"
FACTOR="${NIGHTLY_FACTOR:-1.1}"
ZMAX="${NIGHTLY_ZMAX:-4}"
STEPS="${NIGHTLY_STEPS:-10}"
VENV="${NIGHTLY_VENV:-$ROOT/.venv}"
STATE="$ROOT/.asv/last-nightly"
Z_RE='track_mean_vs_|track_core_vs_peer'

[[ "$QUICK" =~ ^[01]$ ]] || die "NIGHTLY_QUICK must be 0 or 1, not '$QUICK'"
[[ "$STEPS" =~ ^[0-9]+$ ]] || die "NIGHTLY_STEPS must be a whole number, not '$STEPS'"
[[ "$FACTOR" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "NIGHTLY_FACTOR must be a number, not '$FACTOR'"
[[ "$ZMAX" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "NIGHTLY_ZMAX must be a number, not '$ZMAX'"

# 1. The venv that runs asv.
if [ ! -x "$VENV/bin/asv" ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        PY="${NIGHTLY_PYTHON:-$(command -v python3.11 || command -v python3 || true)}"
        [ -n "$PY" ] || die "no python3.11 or python3 on PATH to create $VENV (set NIGHTLY_PYTHON)"
        log "creating $VENV with $PY"
        "$PY" -m venv "$VENV" || die "could not create the venv $VENV"
    fi
    log "installing mcimpact with the bench extra into $VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip || die "pip upgrade failed"
    "$VENV/bin/python" -m pip install --quiet -e ".[bench]" || die "pip install -e .[bench] failed"
fi
ASV=("$VENV/bin/python" -m asv)
"${ASV[@]}" --version >/dev/null 2>&1 || die "asv does not run in $VENV"
PYTHON="$VENV/bin/python"

# 2. The machine file.
if [ -n "${NIGHTLY_MACHINE:-}" ]; then
    MACHINE_ARGS=(--machine "$NIGHTLY_MACHINE")
else
    MACHINE_ARGS=()
fi
if [ ! -f "$HOME/.asv-machine.json" ]; then
    log "no ~/.asv-machine.json: asv machine --yes"
    "${ASV[@]}" machine --yes "${MACHINE_ARGS[@]}" || die "asv machine failed"
fi
MACHINE="${NIGHTLY_MACHINE:-$("$PYTHON" - <<'EOF'
import json, os
names = [k for k in json.load(open(os.path.expanduser("~/.asv-machine.json"))) if k != "version"]
print(names[0] if len(names) == 1 else "")
EOF
)}"
[ -n "$MACHINE" ] || die "several machines in ~/.asv-machine.json: set NIGHTLY_MACHINE"
MACHINE_ARGS=(--machine "$MACHINE")

# What to benchmark.
HEAD="$(git rev-parse --verify HEAD^{commit})"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    log "note: the work tree has changes; asv benchmarks the commits, but with the benchmarks of this work tree"
fi
if [ -n "${NIGHTLY_BASE:-}" ]; then
    LAST="$(git rev-parse --verify "${NIGHTLY_BASE}^{commit}" 2>/dev/null)" \
        || die "NIGHTLY_BASE=$NIGHTLY_BASE is not a commit"
elif [ -s "$STATE" ]; then
    LAST="$(tr -d '[:space:]' <"$STATE")"
    if ! git cat-file -e "${LAST}^{commit}" 2>/dev/null; then
        log "the last nightly's commit $LAST is not in this clone: starting afresh"
        LAST=""
    fi
else
    LAST=""
fi

RUN_ARGS=(--launch-method spawn --show-stderr "${MACHINE_ARGS[@]}")
[ "$QUICK" = 1 ] && RUN_ARGS+=(--quick)
BENCH_ARGS=()
[ -n "$BENCH" ] && BENCH_ARGS=(--bench "$BENCH")
# The gate's selection: the benchmarks of NIGHTLY_BENCH without the z-scores.
if [ -n "$BENCH" ]; then
    GATE_RE="^(?=.*(${BENCH}))(?!.*(${Z_RE}))"
else
    GATE_RE="^(?!.*(${Z_RE}))"
fi

short() { git rev-parse --short "$1"; }
log "HEAD $(short "$HEAD"); last nightly $(if [ -n "$LAST" ]; then short "$LAST"; else echo none; fi); factor $FACTOR${BENCH:+; benchmarks matching '$BENCH'}$([ "$QUICK" = 1 ] && echo '; quick')"

status=0
gate=0
if [ -z "$LAST" ]; then
    # 3. First run: HEAD only, nothing to compare with.
    log "first nightly: asv run HEAD^!"
    "${ASV[@]}" run "${RUN_ARGS[@]}" "${BENCH_ARGS[@]}" "$HEAD^!" || status=2
elif [ "$LAST" = "$HEAD" ]; then
    log "no new commits since the last nightly ($(short "$HEAD")): nothing to benchmark"
else
    if ! git merge-base --is-ancestor "$LAST" "$HEAD"; then
        log "note: $(short "$LAST") is not an ancestor of HEAD (history rewritten?); comparing the two anyway"
    else
        # 3. The commits in between (HEAD itself is run by the gate).
        between="$(git rev-list --count "$LAST..$HEAD^" 2>/dev/null || echo 0)"
        if [ "$between" -gt 0 ]; then
            STEP_ARGS=()
            [ "$STEPS" -gt 0 ] && [ "$between" -gt "$STEPS" ] && STEP_ARGS=(--steps "$STEPS") \
                && log "$between commits in between: benchmarking $STEPS of them"
            log "asv run $(short "$LAST")..$(short "$HEAD")^ ($between commits)"
            "${ASV[@]}" run "${RUN_ARGS[@]}" "${BENCH_ARGS[@]}" --skip-existing-commits \
                "${STEP_ARGS[@]}" "$LAST..$HEAD^" || status=2
        fi
    fi
    # 4. The gate: LAST and HEAD side by side.
    log "asv continuous --factor $FACTOR $(short "$LAST") $(short "$HEAD")"
    set +e
    "${ASV[@]}" continuous "${RUN_ARGS[@]}" --bench "$GATE_RE" --factor "$FACTOR" \
        --split "$LAST" "$HEAD"
    rc=$?
    set -e
    case "$rc" in
        0) ;;
        1) gate=1; log "REGRESSION: a benchmark got more than ${FACTOR}x worse (or started failing) at $(short "$HEAD") against $(short "$LAST")" ;;
        *) status=2; log "asv continuous failed (exit $rc)" ;;
    esac
    # The z-scores at HEAD (left out of the gate): record them, if any is selected.
    if [ -n "$BENCH" ]; then
        Z_SEL="^(?=.*(${BENCH}))(?=.*(${Z_RE}))"
    else
        Z_SEL="$Z_RE"
    fi
    if "$PYTHON" -c 'import re, sys; sys.exit(not any(re.search(sys.argv[1], n) for n in sys.argv[2:]))' \
        "$Z_SEL" bench_accuracy.Accuracy.track_mean_vs_deterministic \
        bench_accuracy.Accuracy.track_core_vs_peer bench_accuracy.Simulate.track_mean_vs_analytic; then
        "${ASV[@]}" run "${RUN_ARGS[@]}" --bench "$Z_SEL" "$HEAD^!" || status=2
    fi
fi

# The z-scores at HEAD against their bound.
if [ "$LAST" != "$HEAD" ]; then
    set +e
    "$PYTHON" - "$MACHINE" "$HEAD" "$ZMAX" "$Z_RE" <<'EOF'
import math, re, sys
from asv import results
from asv.config import Config

machine, commit, zmax, pattern = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
conf = Config.load("asv.conf.json")
bad, seen = [], 0
for r in results.iter_results_for_machine_and_hash(conf.results_dir, machine, commit):
    for key in r.get_all_result_keys():
        if not re.search(pattern, key):
            continue
        params = r.get_result_params(key)
        combos = [()] if not params else __import__("itertools").product(*params)
        for combo, value in zip(combos, r.get_result_value(key, params) or [], strict=False):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            seen += 1
            if abs(value) >= zmax:
                bad.append(f"{key}({', '.join(combo)}) = {value:+.2f}")
if bad:
    print(f"[nightly] ACCURACY: |z| >= {zmax:g} at {commit[:8]}: " + "; ".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"[nightly] accuracy: {seen} z-scores at {commit[:8]} within ±{zmax:g}", file=sys.stderr)
EOF
    rc=$?
    set -e
    case "$rc" in
        0) ;;
        1) gate=1 ;;
        *) status=2; log "could not read the z-scores of $(short "$HEAD") (exit $rc)" ;;
    esac
fi

# 5. The HTML.
if [ "${NIGHTLY_NO_PUBLISH:-0}" != 1 ]; then
    "${ASV[@]}" publish || { status=2; log "asv publish failed"; }
    log "HTML in $ROOT/.asv/html (serve it with: $VENV/bin/asv preview)"
fi

# 6. The state and the verdict.
if [ "$status" -ne 0 ]; then
    log "FAILED: a step failed (see above); .asv/last-nightly left at ${LAST:-none}"
    exit 2
fi
if [ "$gate" -ne 0 ]; then
    log "REGRESSION at $(short "$HEAD"); .asv/last-nightly stays at $(short "$LAST") (accept with: git rev-parse HEAD > .asv/last-nightly)"
    exit 1
fi
mkdir -p "$(dirname "$STATE")"
printf '%s\n' "$HEAD" >"$STATE"
log "done: no regression; last nightly is now $(short "$HEAD")"
