"""English.

English convention: "," groups thousands, "." is the decimal sign, "EUR" precedes the
amount and "%" follows the number directly ("90%").
"""

NAME = "English"

NUMBERS = {
    "decimal": ".",
    "thousands": ",",
    "percent": "{value}%",
    "money": "{unit}\u00a0{amount}",
    "in_thousands": "{amount}\u00a0thousand",
    "in_millions": "{amount}\u00a0million",
    "below": "< {p}",
    "above": "> {p}",
}

UNITS = {"euro": "EUR"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

TEXT = {
    # Numbers in words
    "never": "not within the horizon",
    "after_horizon": "after the horizon",
    # Inputs of an effect chain (the tornado's bars, the report's table of labels)
    "input.participants": "participants",
    "input.success_probability": "success probability",
    "input.effect_size": "effect size (delta)",
    "input.value": "value",
    "input.duration": "duration",
    # Figures: shared
    "figure.year": "Year",
    "figure.draws": "{n} draws",
    "figure.point_estimate": "point estimate",
    "figure.interval": "{p} interval",
    "figure.median": "median",
    "figure.multiplier_axis": "Multiplier: social benefits per euro of costs",
    # Figures: fan chart
    "figure.fan.title": "Social benefits and costs, cumulative over the years",
    "figure.fan.axis": "Cumulative amount (million EUR)",
    "figure.fan.benefits_median": "Benefits (median)",
    "figure.fan.benefits_band": "Benefits, {p} interval",
    "figure.fan.benefits": "Benefits",
    "figure.fan.costs_median": "Costs (median)",
    "figure.fan.costs_band": "Costs, {p} interval",
    "figure.fan.costs": "Costs",
    "figure.fan.break_even": "Break-even in {year}",
    "figure.fan.break_even_median": "Break-even in {year} (median;\n{p} interval {lo}–{hi})",
    "figure.fan.after": "after {year}",
    "figure.fan.break_even_none": "No break-even within the horizon",
    # Figures: multiplier
    "figure.multiplier.title": "How certain is the return per euro?",
    "figure.multiplier.subtitle": "Distribution of the multiplier per financing scenario · {n}",
    "figure.multiplier.point": "Point estimate: {x}",
    # Figures: break-even
    "figure.break_even.title": "When does the investment pay for itself?",
    "figure.break_even.subtitle": "{name} · break-even: cumulative benefits ≥ cumulative costs",
    "figure.break_even.axis": "Probability",
    "figure.break_even.bars": "Break-even in that year",
    "figure.break_even.line": "Break-even in or before that year",
    "figure.break_even.never": "Not within the horizon ({year}): {p}",
    # Figures: breakdowns
    "figure.by_beneficiary.title": "Who benefits? Benefits by beneficiary",
    "figure.by_domain.title": "Benefits by life domain",
    "figure.by_period.title": "Benefits by period",
    "figure.breakdown.axis": "Benefits, mean (million EUR); line: {p} interval",
    "figure.breakdown.axis_point": "Benefits (million EUR)",
    # Figures: initiatives
    "figure.forest.title": "Return per euro, by initiative",
    "figure.forest.one": "break-even: 1 euro returns 1 euro",
    "figure.forest.all": "all initiatives together: {x}",
    # Figures: sensitivity
    "figure.sensitivity.title": "Which activities drive the uncertainty?",
    "figure.sensitivity.subtitle": "{name} · the {top} largest of {n} activities",
    "figure.sensitivity.axis": "Share of the uncertainty (variance) of the multiplier",
    "figure.sensitivity.total": "Total, with interactions (line: {p} confidence interval)",
    "figure.sensitivity.first": "The activity alone",
    # Figures: tornado
    "figure.tornado.title": "Which assumptions matter most?",
    "figure.tornado.subtitle": "{name} · one assumption at P{lo} or P{hi}, the rest at the "
                               "point estimate",
    "figure.tornado.low": "Assumption low (P{q})",
    "figure.tornado.high": "Assumption high (P{q})",
    "figure.tornado.base": "Point estimate: {x}",
    "figure.tornado.benefits_total_axis": "Total benefits (million EUR)",
    "figure.tornado.net_benefit_axis": "Net benefit (million EUR)",
    # Figures: financing difference
    "figure.difference.title": "What does other financing add?",
    "figure.difference.subtitle": "Difference from {name}, on the same draws",
    "figure.difference.subtitle_point": "Difference from {name} · point estimate",
    "figure.difference.axis": "Extra net benefit (million EUR)",
    "figure.difference.p": "probability of more net benefit: {p}",
    # Report: how to read each figure
    "reading.fan": "The line is the middle outcome (median) of the cumulative benefits; the "
                   "bands show where they lie with 50, 80 and 90% certainty. Where the "
                   "benefits cross the cost line, the investment has paid for itself.",
    "reading.multiplier": "How often each multiplier occurs in the simulations, per financing "
                          "scenario; the marked interval holds 90% of the outcomes, the "
                          "vertical line is the point estimate without uncertainty.",
    "reading.break-even": "The bars give the probability that the investment pays for itself "
                          "in that year, the line the probability that it has done so by that "
                          "year.",
    "reading.by-beneficiary": "Who receives the benefits: the mean per group, with the 90% "
                              "interval.",
    "reading.by-domain": "In which life domain of the Kompas the benefits fall, with the 90% "
                         "interval.",
    "reading.by-period": "When the benefits fall, per five-year period, with the 90% interval.",
    "reading.initiatives": "The multiplier per initiative: the dot is the middle outcome, the "
                           "line the 90% interval. Right of the line at 1, each euro returns "
                           "more than a euro.",
    "reading.financing-difference": "How much more net benefit (benefits minus costs) each "
                                    "scenario yields than the reference, computed on the same "
                                    "simulations; right of 0 is better.",
    "reading.sensitivity": "Which activities drive the uncertainty in the multiplier most: the "
                           "share of its variance that would vanish if the activity were known "
                           "exactly.",
    "reading.tornado": "What happens to the multiplier when one input comes out low (P10) or "
                       "high (P90) and the rest stays at the point estimate.",
    # Report: the opening sentences
    "headline.range": "With 90% certainty each euro invested returns between {lo} and {hi} "
                      "euro; the middle outcome is {mid} euro.",
    "headline.never": "The investment is not expected to pay for itself within the horizon.",
    "headline.year": "The investment is expected to pay for itself in {year} (with 90% "
                     "certainty by {late}).",
    "headline.chance": "The probability that the benefits exceed the costs is {p}.",
    # Report: the page ({name} and {head} come in bold)
    "report.title": "Social impact: {name}",
    "report.made": "Uncertainty analysis with mcimpact: {draws} simulations, made on {date}.",
    "report.in_brief": "In brief",
    "report.about_one": "This report is about {name}.",
    "report.about_two": "This report is about {name} and compares it with one other financing "
                        "scenario.",
    "report.about_many": "This report is about {name} and compares it with {n} other "
                         "financing scenarios.",
    "report.point": "The point estimate — every input at the value of the analysis — gives a "
                    "multiplier of {x}.",
    "report.repeated": "Because success probabilities, effect sizes and participant counts are "
                       "uncertain, the analysis was repeated {draws} times with different, "
                       "equally plausible values.",
    "report.range": "The result is not a single number but a range: the wider, the less "
                    "certain.",
    "report.key_results": "Key results — {name}",
    "report.middle_interval": "middle outcome (90% interval)",
    "report.row.benefits": "Benefits over {first}–{last} (million euro)",
    "report.row.costs": "Costs (million euro)",
    "report.row.net_benefit": "Net benefit (million euro)",
    "report.row.multiplier": "Multiplier (benefits per euro)",
    "report.row.break_even": "Break-even year",
    "report.row.p_gt_1": "Probability that benefits exceed costs",
    "report.h.time": "Benefits and costs over time",
    "report.h.multiplier": "How certain is the return per euro?",
    "report.h.break_even": "When does the investment pay for itself?",
    "report.p_never": "Probability that the investment has not paid for itself within the "
                      "horizon ({year}): {p}.",
    "report.h.who": "Who benefits, where and when?",
    "report.h.initiatives": "Per initiative",
    "report.h.financing": "Financing scenarios",
    "report.financing_intro": "All scenarios were computed on the same simulations, so "
                              "differences come from the financing alone. Amounts in million "
                              "euro; middle outcome with the 90% interval.",
    "report.financing_table": "Results per financing scenario",
    "report.col.scenario": "scenario",
    "report.col.costs": "costs",
    "report.col.benefits": "benefits",
    "report.col.multiplier": "multiplier",
    "report.col.break_even": "break-even",
    "report.col.p_gt_1": "P(benefits > costs)",
    "report.extra_table": "What the extra money returns, compared with {name}",
    "report.col.extra_costs": "extra costs",
    "report.col.extra_net_benefit": "extra net benefit",
    "report.col.per_extra_euro": "benefits per extra euro",
    "report.col.p_more": "P(more net benefit)",
    "report.h.drivers": "What drives the outcome?",
    "report.drivers_table": "The three activities that drive the uncertainty most, per "
                            "scenario",
    "report.h.method": "Assumptions and method",
    "report.method": "The analysis follows the effecten-arena method: per effect chain a "
                     "number of participants, a success probability, an effect size (delta), "
                     "a value per person per year and a profile over time.",
    "report.counted_discounted": "Benefits count up to and including {last}, discounted.",
    "report.counted_undiscounted": "Benefits count up to and including {last}, undiscounted.",
    "report.labels_head": "Success probability and delta",
    "report.labels": "{head} are words in the analysis (laag, laag-middel, middel, …) with a "
                     "fixed value. Here each word is a probability distribution (Beta) with "
                     "that value as its mean and most of its probability between the "
                     "neighbouring words (table below).",
    "report.participants_head": "Participant counts",
    "report.participants_uncertain": "{head} are uncertain with a standard deviation of {cv} "
                                     "of the count, unless the scenario gives them a "
                                     "distribution of their own.",
    "report.participants_fixed": "{head} are fixed, unless the scenario gives them a "
                                 "distribution of their own.",
    "report.values_head": "Values per person",
    "report.values": "{head}, costs, durations and profiles are fixed, unless the scenario "
                     "gives a distribution.",
    "report.centred": "Because every distribution has the analysis's value as its mean, the "
                      "mean outcome of the simulation lies at the point estimate; the "
                      "simulation shows how wide the uncertainty around that estimate is.",
    "report.independent": "Uncertainties in different effect chains are independent, unless "
                          "the scenario declares correlations. A common error (say, one overly "
                          "optimistic session) makes the true uncertainty larger.",
    "report.financing_head": "Financing scenarios",
    "report.financing_method": "{head} add funded years. With incidental or structural "
                               "funding, each simulation decides whether funding is renewed. "
                               "Longer funding can raise the success probability, make effects "
                               "last longer and runs into saturation; the values for these are "
                               "assumptions (see the scenario descriptions above).",
    "report.labels_table": "From word to probability distribution",
    "report.col.input": "input",
    "report.col.word": "word",
    "report.col.value": "value",
    "report.col.interval": "90% interval",
    "report.about_scenario": "About the scenario",
    "report.source": "Source",
    "report.h.provenance": "Provenance",
    "report.prov.scenario": "scenario",
    "report.prov.file": "file",
    "report.prov.draws": "draws",
    "report.prov.seed": "seed",
    "report.prov.date": "date",
    "report.reproducible": "The same scenario file, seed, number of draws and version of "
                           "mcimpact give exactly the same numbers.",
}
