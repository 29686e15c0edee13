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

UNITS = {"euro": "EUR", "EUR": "EUR"}

# Per currency code: its name in a sentence, one and many, and its symbol.
CURRENCIES = {
    "EUR": {"one": "euro", "many": "euro", "symbol": "€"},
    "GBP": {"one": "pound", "many": "pounds", "symbol": "£"},
    "USD": {"one": "dollar", "many": "dollars", "symbol": "$"},
}

# Per power of a thousand: (short, in a terminal table; word, in text and on axes).
SCALES = {1e3: ("k", "thousand"), 1e6: ("M", "million"), 1e9: ("bn", "billion")}

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
    "figure.multiplier_axis": "Multiplier: social benefits per {cur} of costs",
    # Figures: fan chart
    "figure.fan.title": "Social benefits and costs, cumulative over the years",
    "figure.fan.axis": "Cumulative amount ({unit})",
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
    "figure.multiplier.title": "How certain is the return per {cur}?",
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
    "figure.breakdown.axis": "Benefits, mean ({unit}); line: {p} interval",
    "figure.breakdown.axis_point": "Benefits ({unit})",
    # Figures: initiatives
    "figure.forest.title": "Return per {cur}, by initiative",
    "figure.forest.one": "break-even: 1 {cur} returns 1 {cur}",
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
    "figure.tornado.benefits_total_axis": "Total benefits ({unit})",
    "figure.tornado.net_benefit_axis": "Net benefit ({unit})",
    # Figures: financing difference
    "figure.difference.title": "What does other financing add?",
    "figure.difference.subtitle": "Difference from {name}, on the same draws",
    "figure.difference.subtitle_point": "Difference from {name} · point estimate",
    "figure.difference.axis": "Extra net benefit ({unit})",
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
    "reading.by-domain": "In which domain the benefits fall, with the 90% interval.",
    "reading.by-domain-kompas": "In which life domain of the Kompas the benefits fall, with "
                                "the 90% interval.",
    "reading.by-period": "When the benefits fall, per {period}, with the 90% interval.",
    "period.one": "year",
    "period.five": "five-year period",
    "period.many": "period of {n} years",
    "reading.initiatives": "The multiplier per initiative: the dot is the middle outcome, the "
                           "line the 90% interval. Right of the line at 1, {each} returns "
                           "more than one {cur}.",
    "reading.financing-difference": "How much more net benefit (benefits minus costs) each "
                                    "scenario yields than the reference, computed on the same "
                                    "simulations; right of 0 is better.",
    "reading.sensitivity": "Which activities drive the uncertainty in the multiplier most: the "
                           "share of its variance that would vanish if the activity were known "
                           "exactly.",
    "reading.tornado": "What happens to the multiplier when one input comes out low (P10) or "
                       "high (P90) and the rest stays at the point estimate.",
    # Report: the opening sentences
    "headline.point": "The analysis's own estimate (every input at its point value): "
                      "{each_invested} returns {x} {curs}.",
    "headline.range": "With 90% certainty {each_invested} returns between {lo} and {hi} "
                      "{curs}; the middle outcome of the simulations (median) is {mid} {curs}.",
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
    "report.repeated": "Because {inputs} are uncertain, the analysis was repeated {draws} "
                       "times with different, equally plausible values.",
    "report.range": "The result is not a single number but a range: the wider, the less "
                    "certain.",
    "report.key_results": "Key results — {name}",
    "report.middle_interval": "middle outcome (90% interval)",
    "report.point_col": "point estimate",
    "report.which": "The point estimate is the analysis's own number: every input at its "
                    "point value, computed once. The middle outcome (median) and the 90% "
                    "interval come from the {draws} simulations.",
    "report.row.benefits": "Benefits over {first}–{last} ({unit})",
    "report.row.costs": "Costs ({unit})",
    "report.row.net_benefit": "Net benefit ({unit})",
    "report.row.multiplier": "Multiplier (benefits per {cur})",
    "report.row.break_even": "Break-even year",
    "report.row.p_gt_1": "Probability that benefits exceed costs",
    "report.h.time": "Benefits and costs over time",
    "report.h.multiplier": "How certain is the return per {cur}?",
    "report.h.break_even": "When does the investment pay for itself?",
    "report.p_never": "Probability that the investment has not paid for itself within the "
                      "horizon ({year}): {p}.",
    "report.h.who": "Who benefits, where and when?",
    "report.h.initiatives": "Per initiative",
    "report.h.financing": "Financing scenarios",
    "report.financing_intro": "All scenarios were computed on the same simulations, so "
                              "differences come from the financing alone. Amounts in "
                              "{unit}; middle outcome with the 90% interval.",
    "report.financing_table": "Results per financing scenario",
    "report.col.scenario": "scenario",
    "report.col.costs": "costs",
    "report.col.benefits": "benefits",
    "report.by_tag": "Benefits by {group} ({unit})",
    "term.group.neighbourhood": "neighbourhood",
    "report.col.multiplier": "multiplier",
    "report.col.break_even": "break-even",
    "report.col.p_gt_1": "P(benefits > costs)",
    "report.extra_table": "What the extra money returns, compared with {name}",
    "report.col.extra_costs": "extra costs",
    "report.col.extra_net_benefit": "extra net benefit",
    "report.col.per_extra_euro": "benefits per extra {cur}",
    "report.col.p_more": "P(more net benefit)",
    "report.h.drivers": "What drives the outcome?",
    "report.drivers_table": "The three activities that drive the uncertainty most, per "
                            "scenario",
    "report.h.method": "Assumptions and method",
    "report.method": "Per effect chain the analysis takes a number of participants, a "
                     "success probability, an effect size (delta), a value per person per "
                     "year and a profile over time.",
    "report.counted_discounted": "Benefits count up to and including {last}, discounted.",
    "report.counted_undiscounted": "Benefits count up to and including {last}, undiscounted.",
    "report.labels_head": "Success probability and delta",
    "report.labels": "{head} are words in the analysis ({words}) with a "
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
    # "each pound", "each pound invested" (a currency may give its own: CURRENCIES)
    "each": "each {cur}",
    "each_invested": "each {cur} invested",
    # Units: an amount's unit in words ("million euro")
    "unit": "{scale} {currency}",
    # More inputs of an effect chain: the SROI adjustments
    "input.deadweight": "deadweight",
    "input.attribution": "attribution",
    "input.displacement": "displacement",
    "input.drop_off": "drop-off",
    # The terminal: the summary of a run
    "term.draws": "{draws} draws, seed {seed}",
    "term.deterministic": "deterministic (point values)",
    "term.financing": "financing: {name}",
    "term.reference": " (the reference; all scenarios below)",
    "term.figures": "figures: mean [5 % – 95 %]",
    "term.costs": "costs",
    "term.benefits": "benefits",
    "term.claimable": "claimable",
    "term.multiplier": "multiplier",
    "term.break_even": "break-even",
    "term.probabilities": "P(> 1) = {p1}, P(≥ 3) = {p3}, MC standard error of the mean {se}",
    "term.break_even_mc": "median {median}, 90 % interval {lo} – {hi}, P(never) = {p}",
    "term.after": "after",
    "term.by": "benefits by {group} ({unit})",
    "term.group.initiative": "initiative",
    "term.group.beneficiary": "beneficiary",
    "term.group.domain": "domain",
    "term.group.period": "period",
    "term.group.year": "year",
    "figure.by_year.title": "Benefits by year",
    "term.col.benefits": "benefits",
    "term.col.multiplier": "multiplier",
    "term.col.cost_claim": "cost claim",
    "term.untagged": "(untagged)",
    "term.financing_table": "financing scenarios ({unit})",
    "term.financing_table_mc": "financing scenarios ({unit}; mean [5 % – 95 %])",
    "term.col.scenario": "scenario",
    "term.col.costs": "costs",
    "term.col.break_even": "break-even",
    "term.pairs": "paired comparisons, A − B on the same draws ({unit})",
    "term.col.net_difference": "Δ net benefit",
    "term.col.p_greater": "P(mult. A > B)",
    "term.col.incremental": "extra benefits / extra costs",
    "term.written": "results written to {path}",
    # The report: what is uncertain ("Because … are uncertain")
    "and": " and ",
    "uncertain.none": "the inputs",
    "uncertain.success_probability": "success probabilities",
    "uncertain.effect_size": "effect sizes",
    "uncertain.participants": "participant counts",
    "uncertain.value": "values per person",
    "uncertain.duration": "durations",
    "uncertain.deadweight": "deadweight",
    "uncertain.attribution": "attribution",
    "uncertain.displacement": "displacement",
    "uncertain.drop_off": "drop-off",
    "uncertain.costs": "costs",
    "report.method_sroi": "Per outcome the analysis takes a number of people, a value per "
                          "person per year (a financial proxy), the deadweight, attribution, "
                          "displacement and drop-off, and a profile over time.",
    # The terminal: the sensitivity analysis
    "sens.financing": "financing",
    "sens.head": "sensitivity, {draws} draws, seed {seed}",
    "sens.by_activity": "activities by total-order Sobol index of the multiplier (share of its "
                        "variance, 95 % interval)",
    "sens.by_kind": "inputs by kind (share of the variance of the multiplier)",
    "sens.tornado": "one-way swings of the {output} (input at its P10 and P90, the rest at "
                    "their point values; base {base})",
    "sens.late": "what drives a break-even after {year} (P = {p}): P(late) when the "
                 "activity's benefits are in their lower half minus in their upper half",
    "sens.col.activity": "activity",
    "sens.col.total_order": "total order",
    "sens.col.first_order": "first order",
    "sens.col.input": "input",
    "sens.col.chain": "chain",
    "sens.col.output": "output",
    "sens.col.swing": "swing",
    "sens.col.effect": "effect",
    "term.benefits_total": "total benefits",
    "term.net_benefit": "net benefit",
    # The terminal: a valid scenario
    "term.valid": "{file}: OK — {counts}, {first}–{last}",
    "term.count.initiative": "{n} initiatives",
    "term.count.initiative_one": "1 initiative",
    "term.count.activity": "{n} activities",
    "term.count.activity_one": "1 activity",
    "term.count.chain": "{n} chains",
    "term.count.chain_one": "1 chain",
    # The terminal: what a command does and wrote
    "term.voi_running": "value of information …",
    "term.sensitivity_running": "sensitivity analysis per financing scenario …",
    "term.figures_written": "{n} files written to {path}",
    "term.report_written": "report written to {path}",
    "term.report_pdf_written": "report written to {path} and {pdf}",
    # first run (issue 20)
    "term.first_run": "preparing the sampler for this machine, first run only …",
    "term.compiling": "compiling the sampler",
    "term.warm_done": "sampler ready for this machine ({seconds} s); runs start at once",
}
