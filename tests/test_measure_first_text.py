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


def test_a_study_is_named_by_its_outcome_and_one_worth_nothing_gets_one_line():
    import dataclasses

    from mcimpact.analysis.types import Labels
    from mcimpact.analysis.voi import Evsi

    labels = Labels(financing={"p": "P", "q": "Q"}, initiative={}, activity={},
                    beneficiary={}, domain={}, chain={"c1": "Less loneliness"})
    worth = dataclasses.replace(result(50.0), evsi=(Evsi("c1", 50, 12.0, 2.0, "conjugate",
                                                         20.0),))
    en = sentences(worth, locale=Locale.get("en"), labels=labels)[-1]
    assert en == ("Counting the successes of 50 participants of 'Less loneliness' is worth "
                  "about EUR\u00a012 before deciding.")
    # 0.4 rounds to nothing: no sentence of "EUR 0", one line that says so
    nothing = dataclasses.replace(worth, evsi=(Evsi("c1", 50, 0.4, 2.0, "conjugate", 1.0),))
    assert sentences(nothing, locale=Locale.get("en"), labels=labels)[-1] == (
        "Counting the successes of 50 participants of any chain is worth less than one "
        "euro before deciding: no such study could change the choice.")
