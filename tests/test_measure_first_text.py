"""The plain sentence of "What should we measure first?" (present.decision_figures and
``mcimpact voi``): an activity is named worth measuring first only when its EVPPI is more
than 1 % of the EVPI; otherwise the sentence says the risk lies elsewhere. The values are
set by hand here (no estimate involved)."""

from __future__ import annotations

import pytest

from mcimpact.analysis.types import Estimate
from mcimpact.analysis.voi import Evppi, ValueOfInformation
from mcimpact.present.decision_figures import sentences
from mcimpact.present.decision_text import sentence
from mcimpact.present.locale import Locale


def result(top: float) -> ValueOfInformation:
    ranking = (Evppi("a:x", top, 0.0, "additive", top / 100.0),)
    return ValueOfInformation(
        options=("p", "q"), best="p", evpi=Estimate(100.0, 1.0),
        evppi={"activity": ranking}, p_best={"p": Estimate(0.6, 0.0), "q": Estimate(0.4, 0.0)},
        expected_loss={"p": Estimate(100.0, 1.0), "q": Estimate(150.0, 1.0)}, evsi=(),
        draws=1000, seed=1, exact=True, currency="EUR", notes=())


@pytest.mark.parametrize(("top", "named"), [(50.0, True), (1.0, False), (0.0, False)])
def test_an_activity_is_named_first_only_above_1_percent_of_the_evpi(top, named):
    en = sentences(result(top), locale=Locale.get("en"))[1]
    nl = sentences(result(top), locale=Locale.get("nl"))[1]
    terminal = sentence(Locale.get("en"), result(top))
    terminal_nl = sentence(Locale.get("nl"), result(top))
    assert en.startswith("The uncertainty worth reducing first is 'a:x'") is named
    assert ("lies elsewhere" in en) is not named
    assert ("zit elders" in nl) is not named
    assert ("worth reducing first is 'a:x'" in terminal) is named
    assert ("lies elsewhere" in terminal) is not named
    assert ("zit elders" in terminal_nl) is not named
