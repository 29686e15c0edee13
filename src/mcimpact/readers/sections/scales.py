"""``[scales]``: the labels of the success probability, the effect size and the SROI
adjustments, each label the Beta around its value (the default scale for the first two;
an adjustment has labels only with a scale of its own)."""

from __future__ import annotations

from ...errors import say
from ...model.distributions import Input
from ...model.scenario import ADJUSTMENT_NAMES, DEFAULT_LABELS, SCALED_INPUTS
from .._locate import Bad, clip, reason_of
from .._schema import ScalesIn
from .inputs import label_input, label_sds

Scales = dict[str, dict[str, float]]  # input → label → value
Labels = dict[str, dict[str, Input]]  # input → label → its distribution


def build_scales(given: ScalesIn, bad: Bad) -> tuple[Scales, Labels]:
    """The scales (label → value) and the labels' distributions, by input."""
    scales: Scales = {}
    labels: Labels = {}
    for input_name in (*SCALED_INPUTS, *ADJUSTMENT_NAMES):
        scale = getattr(given, input_name)
        if scale is None and input_name in ADJUSTMENT_NAMES:
            continue
        scales[input_name] = dict(scale.labels) if scale else dict(DEFAULT_LABELS)
        sds = label_sds(scales[input_name], scale.sd if scale else None)
        labels[input_name] = {}
        for label, mean in scales[input_name].items():
            try:
                labels[input_name][label] = label_input(label, mean, sds[label])
            except (ValueError, ArithmeticError) as exc:
                bad(("scales", input_name, "labels", label), say(
                    "label_problem", "label '{label}': {problem}", label=clip(label),
                    problem=reason_of(exc)))
    return scales, labels
