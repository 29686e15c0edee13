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
    "figure.multiplier.point": "Point estimate (every input at its point value)",
    # Figures: break-even
    "figure.break_even.title": "When does the investment pay for itself?",
    "figure.break_even.subtitle": "{name} · break-even: cumulative benefits ≥ cumulative costs",
    "figure.break_even.axis": "Probability",
    "figure.break_even.bars": "Break-even in that year",
    "figure.break_even.line": "Break-even in or before that year",
    "figure.break_even.never": "Not within the horizon ({year}): {p}",
    # Figures: breakdowns
    "figure.by_beneficiary.title": "Who benefits? Benefits by beneficiary",
    "noun.initiative": "initiative",
    "noun.domain": "domain",
    "figure.by_domain.title": "Benefits by {domain}",
    "figure.by_period.title": "Benefits by period",
    "figure.breakdown.axis": "Benefits, mean ({unit}); line: {p} interval",
    "figure.breakdown.axis_point": "Benefits ({unit})",
    # Figures: initiatives
    "figure.forest.title": "Return per {cur}, by {initiative}",
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
    "reading.by-domain": "In which {domain} the benefits fall, with the 90% interval.",
    "reading.by-period": "When the benefits fall, per {period}, with the 90% interval.",
    "period.one": "year",
    "period.five": "five-year period",
    "period.many": "period of {n} years",
    "reading.initiatives": "The multiplier per {initiative}: the dot is the middle outcome, the "
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
    "headline.sroi": "In SROI terms: an SROI ratio of {x} : 1, the present value of the "
                     "outcomes for {each_invested} ({which}).",
    "headline.which_point": "the analysis's own estimate",
    "headline.which_median": "the median of the simulations",
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
    "report.h.initiatives": "Per {initiative}",
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
    "report.counted_discounted": "Benefits and costs count up to and including {last}, "
                                 "discounted at {rate} a year to their present value in "
                                 "{year}.",
    "report.rate_schedule": "from {first} to {last}",
    "fixed.item": "the {input} of {n} of {total} chains",
    "term.fixed_numbers": "fixed: {items} given as numbers, which do not vary, so the "
                          "intervals and the sensitivity ranking leave them out ({setting} "
                          "in the scenario gives them the spread of the nearest label)",
    "report.fixed_head": "Numbers instead of words",
    "report.fixed_numbers": "{head}: {items} are given as numbers. They do not vary "
                            "between the simulations, so the intervals and the sensitivity "
                            "ranking leave them out; {setting} in the scenario gives them "
                            "the spread of the nearest word.",
    "report.one_member": "By {group}: all benefits fall in one, {name}.",
    "measure.zero_rows": "{caption} ({n} more, each worth less than one {cur}, left out)",
    "measure.study_none": "Counting the successes of {n} participants of any chain is worth "
                          "less than one {cur} before deciding: no such study could change "
                          "the choice.",
    "changed.in_appendix": "How the measurements were taken into account, the inputs "
                           "before and after and the files they came from: under "
                           "“Assumptions and method”.",
    "report.map.caption": "The impact map at the point values (one row per outcome)",
    "report.map.stakeholder": "stakeholder",
    "report.map.outcome": "outcome",
    "report.map.quantity": "quantity",
    "report.map.proxy": "financial proxy",
    "report.map.duration": "duration (years)",
    "report.map.deadweight": "deadweight",
    "report.map.attribution": "attribution",
    "report.map.displacement": "displacement",
    "report.map.drop_off": "drop-off",
    "report.map.impact": "impact in the first year",
    "report.counted_undiscounted": "Benefits count up to and including {last}, undiscounted.",
    "report.labels_head": "Success probability and delta",
    "report.labels": "{head}: words in the analysis ({words}), each with a "
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
    "report.clamp_head": "Cut by the model",
    "report.clamp": "{head}: {text}.",
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
    "report.prov.sha256": "SHA-256",
    "report.prov.version": "mcimpact",
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
    "term.sroi_ratio": "SROI ratio",
    "term.payback": "payback",
    "term.payback_mc": "median {median} years, 90 % interval {lo} – {hi} years",
    "term.payback_point": "{years} years",
    "term.payback_mc_late": "median {median} years, 90 % interval from {lo} years to after "
                            "the horizon",
    "term.break_even": "break-even",
    "term.probabilities": "P(> 1) = {p1}, P(≥ 3) = {p3}, MC standard error of the mean {se}",
    "term.break_even_mc": "median {median}, 90 % interval {lo} – {hi}, P(never) = {p}",
    "term.after": "after",
    "term.by": "benefits by {group} ({unit})",
    "term.group.initiative": "{initiative}",
    "term.group.beneficiary": "beneficiary",
    "term.group.domain": "{domain}",
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
    "term.col.a": "A",
    "term.col.b": "B",
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
    "sens.col.range": "P10 – P90",
    "sens.col.effect": "effect",
    "sens.first_above_total": ("A first-order share above its total is estimation noise: "
                               "in truth it is never larger."),
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
    # The terminal: the decision between the financing scenarios (mcimpact voi)
    "voi.head": "Decision between {n} financing scenarios ({draws} draws, EVPPI method: "
                "{method})",
    "voi.head_one": "Decision between {n} financing scenario ({draws} draws, EVPPI method: "
                    "{method})",
    "voi.method.additive": "additive (exact)",
    "voi.method.regression": "regression",
    "voi.col.option": "option",
    "voi.col.expected": "E[net benefit]",
    "voi.col.p_best": "P(best)",
    "voi.col.loss": "expected loss",
    "voi.col.p_nonneg": "P(NB >= 0)",
    "voi.frontier": "Efficiency frontier (expected costs, expected benefits):",
    "voi.frontier.incremental": "incremental multiplier {x} against {other}",
    "voi.frontier.nothing": "no funding",
    "voi.status.dominated": "dominated",
    "voi.status.extendedly_dominated": "extendedly dominated",
    "voi.evpi": "EVPI: {value} (± {se} standard error)",
    "voi.evppi_by": "EVPPI by {grouping}:",
    "voi.grouping.activity": "activity",
    "voi.grouping.initiative": "initiative",
    "voi.grouping.kind": "kind",
    "voi.grouping.chain": "chain",
    "voi.share": "{p} of EVPI",
    "voi.evsi_head": "EVSI of monitoring studies (count the successes of n participants):",
    "voi.one_option": "There is one financing scenario ('{best}'): nothing to choose "
                      "between, so information cannot change a choice; add [[financing]] "
                      "scenarios to compare.",
    "voi.dominant": "'{best}' has the largest net benefit in every draw: no measurement can "
                    "change the choice, so information is worth nothing for this decision.",
    "voi.sentence.evpi": "Resolving all uncertainty before choosing is worth about {value}",
    "voi.sentence.elsewhere": "; no activity's inputs are worth more than 1 % of that (the "
                              "most: '{name}', about {value}), so the risk of choosing "
                              "wrongly lies elsewhere, such as in the renewal or the costs",
    "voi.sentence.first": "; the uncertainty worth reducing first is '{name}' (about "
                          "{value})",
    "voi.sentence.study": "; counting the successes of {n} participants of '{chain}' is "
                          "worth about {value} before deciding",
    "voi.sentence.end": ".",
    "voi.switching.head": "Switching values for '{best}' (a factor on the estimate; 1 = as "
                          "estimated):",
    "voi.switching.activity": "activity",
    "voi.switching.initiative": "initiative",
    "voi.switching.kind": "kind",
    "voi.switching.assumption": "assumption",
    "voi.switching.multiplier_one": "multiplier 1 at",
    "voi.switching.decision": "decision changes at",
    "voi.switching.factor": "x {x}",
    "voi.switching.overtaken": "x {x} ('{other}' becomes best)",
    "voi.gains.head": "Who gains under '{best}': {shares} of the benefits",
    "voi.gains.fiscal": "Fiscal return ('{government}' benefits per unit of cost): {mean} "
                        "[{lo}-{hi}], P(>= 1) = {p}",
    "voi.gains.borne_head": "Costs borne and net benefit per group under '{best}' (the "
                            "costs given a payer; the rest is the funder's):",
    "voi.gains.costs": "costs",
    "voi.gains.net": "net",
    "voi.gains.funder": "(the funder)",
    "voi.assumptions.head": "Fixed assumptions (expected multiplier of '{best}', base "
                            "{base}; the best option at each end):",
    "voi.assumptions.from_file": "[range from the file]",
    "voi.assumptions.two_way": "Two-way: expected multiplier of '{best}' by {first} (rows) "
                               "and {second} (columns); * where another option is best",
    "voi.assumption.discount_rate": "discount rate",
    "voi.assumption.optimism_bias": "optimism bias",
    "voi.assumption.uplift_factor": "uplift factor",
    "voi.assumption.saturation": "saturation",
    "voi.assumption.non_renewal": "non-renewal",
    "voi.assumption.costs": "costs",
    "voi.files.head": "Decision between {n} options of {files} scenario files ({draws} "
                      "draws, seed {seed}, common random numbers)",
    "voi.files.evppi_by": "EVPPI by {grouping} (over the files):",
    "voi.files.best_every": "'{best}' has the largest expected net benefit; it is best in "
                            "every draw, so no measurement can change the choice.",
    "voi.files.best_worth": "'{best}' has the largest expected net benefit; resolving all "
                            "uncertainty before choosing is worth about {value}.",
    "voi.note": "note: {note}",
    # The command line: status lines, notes and errors
    "term.error": "error:",
    "term.warning": "warning:",
    # What the model cuts from a scenario (mcimpact.model.clamps): validate, sim, report
    "clamp.horizon": "chain '{chain}': its effect years {first}–{last} lie past the end of "
                     "the horizon ({end}) and are not counted; they hold {value} at the "
                     "point values, undiscounted",
    "clamp.horizon_one": "chain '{chain}': its effect year {first} lies past the end of the "
                         "horizon ({end}) and is not counted; it holds {value} at the point "
                         "values, undiscounted",
    "clamp.duration": "chain '{chain}': its duration of {given} years is cut to the "
                      "horizon's {kept} years; within the horizon that cut loses {value} of "
                      "its benefits at the point values, undiscounted",
    "clamp.duration_draws": "chain '{chain}': draws of its duration above {kept} years are "
                            "cut to the horizon's {kept} years",
    "clamp.financing": "financing scenario '{financing}': the cohorts it adds have effects "
                       "in {years}, past the end of the horizon ({end}), which are not "
                       "counted; they hold {value} at the point values, undiscounted",
    "term.problems": "{n} problems found; nothing was run.",
    "term.problems_one": "1 problem found; nothing was run.",
    "term.sampling": "sampling",
    "term.draws_unit": "draws",
    "term.converted": "{target}: written from {source} ({chains})",
    "term.empty_cells": "note: empty text is an empty cell, a key not given: {keys}",
    "term.and_more": "{shown} and {n} more",
    "term.starter": "{target}: a starter scenario ({what}); check it with 'mcimpact "
                    "validate', run it with 'mcimpact sim'",
    "template.arena": "an effecten-arena: labels for success probability and effect size, "
                      "domains, a financing scenario",
    "template.sroi": "an SROI impact map: GBP, outcomes from Year 1, deadweight, attribution "
                     "and drop-off, no domains",
    "term.resume": "the draws done so far are kept in {partial}; continue with the same "
                   "command and --resume",
    "term.ignored": "note: {flags} has no effect with --deterministic (one run at the point "
                    "values)",
    "term.ignored_many": "note: {flags} have no effect with --deterministic (one run at the "
                         "point values)",
    "term.precision_not_reached": "warning: --precision {precision} was not reached within "
                                  "{draws} draws (--max-draws); the results are those of "
                                  "these draws (precision_reached: false)",
    "term.summary_written": "summary tables written to {path}",
    "term.no_inputs_measure": "note: the results have no sampled inputs, so the report "
                              "leaves out 'What should we measure first?' (write them with "
                              "'mcimpact sim --keep-inputs')",
    "term.edited_after_update": "note: every updated input of the posterior file was edited "
                                "after the update, so the report leaves out 'What changed "
                                "after the measurements?'",
    "term.changed_left_out": "note: {reason}; so the report leaves out 'What changed after "
                             "the measurements?'",
    "term.posterior_written": "posterior written to {path} ({n} updated inputs; sha256 "
                              "{sha}…)",
    "term.posterior_written_one": "posterior written to {path} (1 updated input; sha256 "
                                  "{sha}…)",
    "term.figure_written": "figure written to {png} and {svg}",
    "error.lang": "--lang: {reason}",
    "error.financing": "--financing: unknown financing scenario '{id}'; expected one of: "
                       "{known}",
    "error.template": "--template: unknown template '{name}'; use one of: {known}",
    "error.precision": "must be a number in (0, 1), e.g. 0.01; got {value}",
    "error.output_format": "{path}: unknown output format '{suffix}'; use {formats}",
    "error.workers_and_scheduler": "--workers and --scheduler: give one (a new local "
                                   "cluster, or a running one)",
    "error.cluster_netcdf": "--out {path}: on a cluster the per-draw results go to a Zarr "
                            "store (DIR.zarr), not NetCDF",
    "error.results.unreadable": "{path}: cannot read results: {detail}",
    "error.results.not-monte-carlo": "{path}: not a Monte Carlo result",
    "error.results.no-financing": "{path} has no results for financing scenario '{detail}'",
    "error.results.no-inputs": "{path}: the results have no sampled inputs; write them with "
                               "'mcimpact sim --keep-inputs'",
    "error.update_nothing": "give --out POSTERIOR.toml to write the posterior scenario, "
                            "and/or --report to see what the data change",
    "error.date": "--date: expected YYYY-MM-DD, got '{date}'",
    "error.figures_needs_report": "--figures needs --report (the figure shows what the "
                                  "report compares)",
    "error.study": "--study: '{text}': the participants after ':' must be a whole number "
                   ">= 0",
    "error.study_chain": "--study: unknown chain '{chain}'",
    "error.study_files": "--study: with several scenario files there is no study to value "
                         "(give one file)",
    "error.assumptions_files": "--assumptions: with several scenario files, run it on each "
                               "file",
    "error.sources_results": "{path}: several sources must all be scenario files (TOML); a "
                             "results file holds one scenario's draws",
    "error.bands": "--bands: {reason}",
    "error.bands.format": "'{part}' is not NAME:LOWER_BOUND",
    "error.bands.number": "'{low}' in '{part}' is not a number",
    "error.bands.bound": "'{part}': the lower bound must be a number or -inf",
    "error.bands.order": "bands need distinct names and increasing lower bounds",
    "error.interrupted": "interrupted",
    "error.signal": "ended by signal {n}",
    "error.memory": "out of memory; use fewer draws, or fewer financing scenarios with "
                    "--financing",
    "error.internal": "internal error: {kind}: {detail} (please report it; MCIMPACT_DEBUG=1 "
                      "shows the traceback)",
    "error.posterior_file": "{reason}",
    "error.options": "{reason}",
    "term.prior_running": "the prior judgement on the same draws …",
    "error.workbook": "{path}: {reason}",
    "error.no_costs": "{path}: financing scenario {names} has no costs, so no multiplier "
                      "(benefits / costs); {why}",
    "why.sensitivity": "the sensitivity analysis is of the multiplier",
    "why.plot": "the sensitivity figures are of the multiplier: leave them out with "
                "--no-sensitivity",
    "why.report": "the report is of the multiplier (its sensitivity, its decision)",
    # reliability (issue 23)
    "term.long_run": "note: {draws} draws take about {time} on this machine ({rate} draws a "
                     "second, measured on this run); on a dask cluster (--scheduler ADDRESS) "
                     "machines like this one share them, 10 in about {time10}; --workers N "
                     "divides this machine's own cores among N processes, so it is no "
                     "faster here",
    "term.duration.seconds": "{n} s",
    "term.duration.minutes": "{n} min",
    "term.duration.hours": "{h} h {m} min",
    "term.duration.days": "{n} days",
    "term.duration.years": "{n} years",
    "term.precision_zero_mean": "note: the mean multiplier (without costs: the mean "
                                "benefits) of {names} is 0, and no precision relative to "
                                "a mean of 0 can be reached; ask for a number of draws "
                                "(--draws) instead",
    "error.draw_count": "{option}: {draws} draws are more than a run can count: at most "
                        "{most} (2^53)",
    # The command line's --help (in the language of --lang, else the command's own)
    "help.app": "Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena, "
                "SROI, MKBA).",
    "help.version": "Show the version and exit.",
    "help.scenario": "Scenario file (TOML or .xlsx). Default: the bundled Groningen scenario.",
    "help.source": "Scenario file (TOML or .xlsx), or results (.nc/.zarr) written by "
                   "'mcimpact sim' (its scenario, seed and draws are used). Default: the "
                   "bundled Groningen scenario.",
    "help.draws": "Monte Carlo draws (when simulating a scenario).",
    "help.seed": "Seed: same seed, same numbers.",
    "help.financing": "Only this financing scenario (repeatable; the first is the "
                      "reference). Default: all in the file.",
    "help.workers": "Run on a new local dask cluster of this many worker processes "
                    "(mcimpact[dask]); the same numbers.",
    "help.scheduler": "Run on the running dask cluster at this address (e.g. "
                      "tcp://127.0.0.1:8786) or scheduler file; the same numbers.",
    "help.force": "Overwrite the output.",
    "help.quiet": "No progress.",
    "help.json": "Print one JSON object.",
    "help.lang": "Language of the text: {languages} (default {default}).",
    "help.validate": "Check a scenario file without running it (exit 2 on problems).",
    "help.validate.scenario": "Scenario file (TOML or .xlsx).",
    "help.convert": "Convert a scenario between TOML and a spreadsheet (.xlsx), both ways; "
                    "the scenario is validated first, and the converted file simulates the "
                    "same.",
    "help.convert.source": "Scenario file: TOML or .xlsx.",
    "help.convert.target": "The converted scenario: FILE.xlsx (one sheet per table) or "
                           "FILE.toml.",
    "help.init": "Write an annotated starter scenario that validates: replace its "
                 "illustrative numbers by your own.",
    "help.init.target": "The new scenario file: FILE.toml (annotated) or FILE.xlsx.",
    "help.init.template": "arena (an effecten-arena) or sroi (an SROI impact map).",
    "help.sim": "Simulate a scenario (Monte Carlo by default) under each of its financing "
                "scenarios (on the same draws) and summarise the result.",
    "help.sim.deterministic": "Run every input at its point value (the report's method).",
    "help.sim.precision": "Keep drawing until the 95 % half-width of the mean multiplier is "
                          "below this fraction of the mean (e.g. 0.01; in (0, 1)), at most "
                          "--max-draws draws.",
    "help.sim.max_draws": "With --precision: the most draws to take.",
    "help.sim.out": "Write the results dataset: FILE.nc (NetCDF) or DIR.zarr (Zarr v3); or "
                    "the summary tables: FILE.xlsx (every table) or FILE.csv (the headline).",
    "help.sim.keep_inputs": "Store the sampled inputs per draw and chain in --out.",
    "help.sim.threads": "Threads for the sampler (default: all cores). Results do not "
                        "depend on it.",
    "help.sim.resume": "Continue the interrupted run into --out DIR.zarr (kept at "
                       "DIR.zarr.partial): the same scenario, seed and draws.",
    "help.sim.quiet": "No progress bar, no summary, no warnings.",
    "help.sim.lang": "Language of the summary: {languages} (default: English words, groups "
                     "named in Dutch).",
    "help.sensitivity": "Which activities and inputs drive the multiplier and the "
                        "break-even year, per financing scenario.",
    "help.top": "Rows per table.",
    "help.plot": "Figures of a Monte Carlo result: fan chart, multiplier, break-even, "
                 "breakdowns, initiatives, financing comparison and sensitivity, as PNG and "
                 "SVG.",
    "help.plot.out": "Directory for the figures (PNG and SVG); created if missing.",
    "help.plot.sensitivity": "Include the sensitivity figures.",
    "help.report": "A self-contained HTML report for a council (Dutch by default): "
                   "headline, figures with how to read them, financing comparison, "
                   "assumptions, method and provenance.",
    "help.report.out": "The report: FILE.html.",
    "help.report.pdf": "Also print FILE.pdf (needs a headless Chromium).",
    "help.report.voi": "Include 'What should we measure first?' (the decision between the "
                       "financing scenarios and the value of information, on the first "
                       "min(--draws, 20000) draws).",
    "help.update": "Update a scenario with monitoring data (Bayes' rule per input) and write "
                   "the posterior scenario, with its provenance.",
    "help.update.scenario": "The scenario file (TOML); given alone, the monitoring data "
                            "(CSV) for the bundled Groningen scenario.",
    "help.update.data": "The monitoring data (CSV, docs/monitoring.md).",
    "help.update.out": "Write the posterior scenario: FILE.toml.",
    "help.update.report": "Show what changed: prior and posterior per updated input, the "
                          "multiplier and break-even year before and after (the same "
                          "draws), and a plain sentence.",
    "help.update.draws": "Monte Carlo draws of --report.",
    "help.update.figures": "With --report: also write the figure update.png and update.svg "
                           "into this directory.",
    "help.update.above": "--report compares P(multiplier >= this) before and after "
                         "(default: the prior's median multiplier, to one decimal).",
    "help.update.date": "Date written into the provenance, YYYY-MM-DD (default: today, "
                        "UTC).",
    "help.update.json": "Print the --report as one JSON object.",
    "help.warm": "Compile the sampler for this machine ahead, into numba's cache (for an "
                 "image or a CI cache): later runs start at once.",
    "help.voi": "Which financing scenario to choose, and what measuring first is worth: "
                "P(best), expected loss, the efficiency frontier, EVPI, EVPPI per activity, "
                "initiative, input kind and chain, and EVSI of monitoring studies.",
    "help.voi.sources": "Scenario file (TOML), or results (.nc/.zarr) written by 'mcimpact "
                        "sim --keep-inputs'. Default: the bundled Groningen scenario. "
                        "Several scenario files: their financing scenarios are the options "
                        "'FILE:financing', on common random numbers.",
    "help.voi.study": "A monitoring study CHAIN:N (count the successes of N participants of "
                      "the chain; repeatable). Default: 50 participants in each of the 5 "
                      "chains with the largest EVPPI.",
    "help.voi.bands": "Value-for-money categories of the multiplier as NAME:LOWER,... "
                      "(increasing; the first may be -inf). Default: the UK DfT's.",
    "help.voi.top": "Rows per EVPPI table.",
    "help.voi.assumptions": "Also the sensitivity over fixed assumptions (discount rate, "
                            "optimism bias, uplift, saturation, renewal risk), each re-run "
                            "on the first min(--draws, 5000) draws.",
    "help.voi.figures": "Also write the acceptability curve (and with --assumptions their "
                        "tornado and spider chart) as PNG and SVG into this directory.",
    "help.voi.force": "Write --figures into a non-empty directory.",
    # mcimpact update --report: what the measurements changed (the terminal's tables)
    "update.inputs": "Updated inputs (prior → posterior: mean [p5 – p95])",
    "update.col.chain": "chain",
    "update.col.input": "input",
    "update.col.prior": "prior",
    "update.col.posterior": "posterior",
    "update.col.data": "data",
    "update.col.method": "method",
    "update.figures": "Multiplier and break-even year before and after ({draws} draws, the "
                      "same draws)",
    "update.col.before": "before",
    "update.col.after": "after",
    "update.multiplier": "multiplier: mean [p5 – p95]",
    "update.p_gt_1": "P(multiplier > 1)",
    "update.p_ge_3": "P(multiplier ≥ 3)",
    "update.p_above": "P(multiplier ≥ {x})",
    "update.break_even": "break-even year (median)",
    "update.p_never": "P(no break-even within the horizon)",
    "update.sentence.up": "After the measurements of {years} the chance of a multiplier of "
                          "{above} or more rose from {before} to {after}.",
    "update.sentence.down": "After the measurements of {years} the chance of a multiplier "
                            "of {above} or more fell from {before} to {after}.",
    "update.sentence.same": "After the measurements of {years} the chance of a multiplier "
                            "of {above} or more stayed at {before}.",
    "update.years.none": "?",
    # ... the data on an input, from its sufficient statistics
    "update.evidence.successes": "{s} successes of {n} followed",
    "update.evidence.participants_one": "{y} people reached in 1 cohort year",
    "update.evidence.participants": "{y} people reached in {k} cohort years",
    "update.evidence.effect": "effect {m} ± {se} (precision-weighted)",
    # ... how the posterior was found ({method} ({how}))
    "update.method": "{method} ({how})",
    "update.method.beta_binomial": "beta-binomial",
    "update.method.gamma_poisson": "gamma-Poisson",
    "update.method.normal_normal": "normal-normal (truncated)",
    "update.method.grid": "grid posterior fitted to {kind}",
    "update.method.pool": "partial pooling (pool ‘{name}’)",
    "update.exact": "exact",
    "update.fit": "fit error {e}",
    # ... its figure
    "update.figure.prior": "prior (judgement)",
    "update.figure.posterior": "posterior (judgement + data)",
    "update.figure.exceedance": "P(multiplier ≥ x)",
    "update.figure.before": "before the data",
    "update.figure.after": "after the data",
    # The report's section "What changed after the measurements?" (a posterior scenario)
    "changed.title": "What changed after the measurements?",
    "changed.intro": "This report is about an updated scenario (a posterior): {inputs} of "
                     "{chains} were updated by mcimpact update with the measurements of "
                     "{years}, by Bayes' rule: the analysis's judgement (the prior) "
                     "combined with what was measured. Every figure of this report outside "
                     "this section is the one after the measurements.",
    "changed.before": "‘Before’ is the judgement without the measurements: this scenario "
                      "with every updated input set back to the prior recorded in the "
                      "file's provenance (which names the original file by its name and "
                      "SHA-256 only), computed on the same {draws} draws as ‘after’, this "
                      "report's run. So the difference comes from the measurements alone.",
    "changed.input_one": "1 input",
    "changed.input_many": "{n} inputs",
    "changed.chain_one": "1 effect chain",
    "changed.chain_many": "{n} effect chains",
    "changed.inputs_caption": "Updated inputs: the judgement beforehand (prior) and after "
                              "the measurements (posterior), mean (90% interval)",
    "changed.col.chain": "Chain",
    "changed.col.input": "Input",
    "changed.col.prior": "Beforehand (prior)",
    "changed.col.posterior": "After the measurements (posterior)",
    "changed.col.data": "Data",
    "changed.col.method": "Method",
    "changed.figures_caption": "Multiplier and break-even year of ‘{name}’, before and "
                               "after the measurements (the same {draws} draws)",
    "changed.col.before": "Before the measurements",
    "changed.col.after": "After the measurements",
    "changed.multiplier": "Multiplier: median (90% interval)",
    "changed.multiplier_mean": "Multiplier: mean",
    "changed.p_gt_1": "Chance of a multiplier above 1",
    "changed.p_above": "Chance of a multiplier of {x} or more",
    "changed.break_even": "Break-even year: median (90% interval)",
    "changed.p_never": "Chance of no break-even within the horizon",
    "changed.figure_title": "Judgement and measurements per updated input; the multiplier "
                            "before and after",
    "changed.figure_reading": "Per updated input the judgement beforehand (dashed) and after "
                              "the measurements (solid): the narrower and the further "
                              "moved, the more the data say. The last panel: the chance of "
                              "a multiplier of x or more, before and after the "
                              "measurements; the dotted line is at {x}.",
    "changed.provenance": "Provenance of the update",
    "changed.prior_file": "Original scenario (prior)",
    "changed.prior_sha256": "SHA-256",
    "changed.data_file": "Monitoring data",
    "changed.data_sha256": "SHA-256",
    "changed.rows": "{path} ({n} rows)",
    "changed.written_by": "Updated by",
    "changed.date": "Date of the update",
    # The decision between the financing scenarios: the acceptability curve, the
    # assumptions' tornado and spider chart (mcimpact voi --figures, the report)
    "decision.title": "How sure is {each} to return at least x?",
    "decision.subtitle": "Probability that the multiplier is at least x, per financing "
                         "scenario ({n} draws)",
    "decision.x": "multiplier x (benefits per {cur} of costs)",
    "decision.y": "probability that the multiplier ≥ x",
    "decision.break_even": "costs = benefits",
    "decision.reading": "Each line gives, per financing scenario, the probability that "
                        "{each_invested} returns at least x {curs}; left of the dashed line "
                        "the costs are not recovered.",
    "decision.tornado_title": "What if a fixed assumption is different?",
    "decision.tornado_subtitle": "Expected multiplier of '{option}' at the low and high "
                                 "value of each assumption (the same draws); base {base}",
    "decision.tornado_x": "expected multiplier",
    "decision.spider_subtitle": "Expected multiplier of '{option}' from the low to the high "
                                "value of each assumption (the same draws); base {base}",
    "decision.spider_x": "position in the assumption's range (0 = low, 1 = high)",
    "decision.spider_label": "{name} ({low} – {high})",
    "decision.low": "low",
    "decision.high": "high",
    # The report's section "What should we measure first?"
    "measure.title": "What should we measure first?",
    "measure.none": "'{best}' has the largest net benefit in every draw: no measurement can "
                    "change the choice, so information is worth nothing for this decision.",
    "measure.evpi": "Resolving all uncertainty before choosing is worth about {evpi}.",
    "measure.first": "The uncertainty worth reducing first is '{name}' (about {value}).",
    "measure.elsewhere": "No activity's inputs are worth more than 1 % of that (the most: "
                         "'{name}', about {value}): the risk of choosing wrongly lies "
                         "elsewhere, such as in the renewal or the costs.",
    "measure.study": "Counting the successes of {n} participants of '{chain}' is worth "
                     "about {value} before deciding.",
    "measure.options_caption": "The choice between the financing scenarios (the same draws)",
    "measure.col.scenario": "scenario",
    "measure.col.expected": "expected net benefit",
    "measure.col.p_best": "probability best",
    "measure.col.loss": "expected loss",
    "measure.col.p_nonneg": "probability net benefit ≥ 0",
    "measure.evppi_caption": "Value of perfect information per activity (EVPPI)",
    "measure.evsi_caption": "Value of a study: counting the successes of n participants "
                            "(EVSI)",
    "measure.col.name": "activity",
    "measure.col.study": "study",
    "measure.col.evppi": "EVPPI",
    "measure.col.evsi": "EVSI",
    "measure.col.se": "standard error",
    "measure.study_name": "{chain} (n = {n})",
    "measure.switching_caption": "Switching values for '{best}': the factor on the estimate "
                                 "at which the multiplier reaches 1, or another scenario "
                                 "becomes best",
    "measure.col.estimate": "estimate",
    "measure.col.multiplier_one": "multiplier 1 at factor",
    "measure.col.decision": "choice changes at factor",
    "measure.col.then_best": "then best",
    # Errors of the library (OutputError, ResourceError), by reason, with the flag to use
    "or": " or ",
    "error.output.format": "{path}: unknown output format '{suffix}'; use {suffixes}",
    "error.output.no-directory": "{directory}: directory does not exist",
    "error.output.exists": "{path}: exists; use --force to overwrite",
    "error.output.other-kind": "{path}: exists and is not an output of this kind; --force "
                               "replaces only an output of the same kind",
    "error.output.other-kind.directory": "{path}: exists and is a directory, not an output "
                                         "of this kind; --force replaces only an output of "
                                         "the same kind",
    "error.output.other-kind.file": "{path}: exists and is a file, not an output of this "
                                    "kind; --force replaces only an output of the same kind",
    "error.output.not-written": "{path}: nothing was written (nothing at {staged})",
    "error.output.nothing-to-resume": "{partial}: nothing to resume (no interrupted run "
                                      "writes {path})",
    "error.output.partial-not-directory": "{partial}: exists and is not a directory; remove "
                                          "it",
    "error.output.interrupted": "{partial}: an interrupted run of {path}; continue it with "
                                "--resume, or start anew with --force",
    "error.output.resume-precision": "--resume needs a fixed number of draws (--draws), not "
                                     "--precision",
    "error.output.resume-needs-zarr": "--resume continues a Zarr store (--out DIR.zarr)",
    "error.output.not-resumable": "{partial}: not an interrupted mcimpact run that can be "
                                  "resumed ({detail})",
    "error.output.another-run": "{partial}: another run; --resume continues only the same "
                                "one, but here {detail}",
    "error.output.other-version": "{partial}: written by another version of mcimpact (no "
                                  "{missing}); start anew with --force",
    "error.output.cluster-netcdf": "{path}: on a cluster the per-draw results go to a Zarr "
                                   "store (--out DIR.zarr), not NetCDF",
    "error.output.not-empty": "{directory}: exists and is not an empty directory; use "
                              "--force to write into it",
    "error.output.no-chromium": "--pdf needs a headless Chromium on PATH (Debian: apt-get "
                                "install chromium)",
    "error.output.pdf-failed": "printing the PDF failed: {detail}",
    "error.cluster.dask-differs": "the cluster's dask packages differ: {detail}",
    "error.cluster.no-workers": "the cluster has no workers",
    "error.cluster.other-versions": "the workers run other versions than this process: {differ}",
    "error.cluster.no-dask": "running on a cluster needs the dask extra: pip install "
                             "'mcimpact[dask]'",
    "error.cluster.unreachable": "cannot reach the scheduler at {scheduler}: {detail}",
    "error.resource.draws": "{draws} draws of {financing} financing scenario(s) need more "
                            "{where} than this machine has free (room for about {fit}); use "
                            "fewer draws, or fewer financing scenarios with --financing",
    "error.resource.where.memory": "memory",
    "error.resource.where.disk": "disk space at {path}",
    "error.resource.analyses": "{draws} draws of {financing} financing scenario(s) need more "
                               "memory than this machine has free for the analyses asked "
                               "for (about {gib} GiB); use fewer draws, or fewer financing "
                               "scenarios with --financing",
    # first run (issue 20)
    "term.first_run": "preparing the sampler for this machine, first run only …",
    "term.compiling": "compiling the sampler",
    "term.warm_done": "sampler ready for this machine ({seconds} s); runs start at once",
    # -- the workbench (mcimpact app; src/mcimpact/app/, docs/app.md) ----------------------
    "app.title": "mcimpact workbench",
    "app.warming": "Preparing the simulation core in the background (the first time after "
                   "an install this takes up to a minute)…",
    "app.language": "Language",
    "app.edited": "edited",
    "app.tab.load": "Scenario",
    "app.tab.edit": "Edit",
    "app.tab.results": "Run and see",
    "app.tab.calculator": "Calculator",
    "app.tab.home": "Take it home",
    "app.problems.title": "The scenario has problems; nothing runs until they are fixed",
    "app.error.problems": "the scenario has problems: fix them first",
    "app.error.no_results": "no results yet: run first",
    "app.error.no_pdf": "no Chromium on this computer to print a PDF",
    "app.error.calculator_alone": "a calculator travels alone: copy the value libraries' "
                                  "values into [values] first",
    "app.error.whole_number": "{name}: a whole number from {least} to {most}",
    "app.load.title": "Load a scenario",
    "app.load.intro": "Start from the bundled Groningen scenario, or upload your own "
                      "scenario file (TOML) or spreadsheet (.xlsx). Nothing leaves this "
                      "computer.",
    "app.load.bundled": "Bundled scenario (Groningen)",
    "app.load.upload": "Upload a file (TOML or .xlsx)…",
    "app.about.file": "File",
    "app.about.origin": "From",
    "app.about.title": "Name",
    "app.about.description": "Description",
    "app.about.chains": "Effect chains",
    "app.about.initiatives": "Initiatives",
    "app.about.financing": "Financing scenarios",
    "app.origin.bundled": "the bundled scenario",
    "app.origin.file": "the command line",
    "app.origin.upload": "an upload",
    "app.origin.calculator": "a calculator file",
    "app.origin.none": "–",
    "app.edit.title": "Inputs per effect chain",
    "app.edit.intro": "Each cell holds a value as a scenario file writes it: a number "
                      "(250), a label of the input's scale, a workshop range ({ low = 70, high "
                      "= 300 }) or a distribution ({ dist = \"pert\", min = 1, mode = 2, "
                      "max = 4 }); an empty cell is the default. Click a cell for the "
                      "distribution picker.",
    "app.edit.initiatives": "Initiatives and their costs",
    "app.edit.financing": "Financing scenarios",
    "app.col.chain": "Effect chain",
    "app.col.participants": "Participants",
    "app.col.success_probability": "Success probability",
    "app.col.effect_size": "Effect size",
    "app.col.value": "Value per person per year",
    "app.col.profile": "Profile",
    "app.col.deadweight": "Deadweight",
    "app.col.attribution": "Attribution",
    "app.col.displacement": "Displacement",
    "app.col.drop_off": "Drop-off",
    "app.col.initiative": "Initiative",
    "app.col.costs": "Costs per year",
    "app.col.optimism_bias": "Optimism bias",
    "app.col.financing": "Financing scenario",
    "app.col.funding": "Added funding",
    "app.col.multiplier": "Multiplier (median [90% interval])",
    "app.col.costs_mean": "Costs (mean)",
    "app.col.benefits_mean": "Benefits (mean)",
    "app.col.break_even": "Break-even (median)",
    "app.col.p_gt_1": "P(benefits > costs)",
    "app.col.activity": "Activity",
    "app.col.median": "Median",
    "app.col.interval": "90% interval",
    "app.cell.not_value": "'{text}' is not a value: write a number, a label, or a table "
                          "as in a scenario file ({{ dist = \"pert\", min = 1, mode = 2, "
                          "max = 4 }})",
    "app.picker.kind": "Kind",
    "app.picker.kind.default": "default (empty)",
    "app.picker.kind.number": "a number",
    "app.picker.kind.label": "a label",
    "app.picker.kind.range": "a workshop range (low, high, confidence)",
    "app.picker.kind.fixed": "fixed (certain)",
    "app.picker.kind.uniform": "uniform",
    "app.picker.kind.triangular": "triangular",
    "app.picker.kind.pert": "PERT",
    "app.picker.kind.beta": "beta",
    "app.picker.kind.truncnormal": "truncated normal",
    "app.picker.kind.lognormal": "lognormal",
    "app.picker.kind.poisson": "Poisson",
    "app.picker.kind.negbinomial": "negative binomial",
    "app.picker.kind.toml": "as written (TOML)",
    "app.picker.apply": "Use this",
    "app.picker.close": "Close",
    "app.picker.valid": "valid",
    "app.picker.fixed": "fixed at {point}",
    "app.picker.range": "mean {point}; 90% between {p5} and {p95}",
    "app.live.label": "Live what-if",
    "app.live.title": "Live what-if",
    "app.live.running": "recomputing…",
    "app.live.invalid": "fix the problems first",
    "app.live.redrawn": "redrawn {seconds} s after the change ({draws} draws)",
    "app.results.title": "Run and see",
    "app.run.draws": "Draws",
    "app.run.seed": "Seed",
    "app.run.start": "Run",
    "app.run.cancel": "Cancel",
    "app.run.progress": "{done} of {total} draws",
    "app.run.stage": "now: {stage}",
    "app.run.cancelled": "The run was cancelled.",
    "app.stage.summary": "the summary",
    "app.stage.point": "the point estimate",
    "app.stage.sensitivity": "the sensitivity analysis",
    "app.stage.drivers": "what drives the other financing scenarios",
    "app.stage.decision": "the decision between the financing scenarios",
    "app.stage.voi": "what to measure first",
    "app.stage.switching": "the switching values",
    "app.stage.changed": "what the measurements changed",
    "app.stage.figures": "the figures",
    "app.results.stale": "These results are of an earlier version of the scenario: run "
                         "again to see the current one.",
    "app.results.about": "{draws} draws, seed {seed}; the reference financing scenario is "
                         "{reference}.",
    "app.results.financing": "Financing scenarios",
    "app.results.activity": "Benefits by activity ({unit})",
    "app.results.tag": "Benefits by {group} ({unit})",
    "app.results.ranking": "What drives the uncertainty (activities, largest share of the "
                           "multiplier's variance first)",
    "app.calc.title": "Calculator for a council",
    "app.calc.intro": "Pick the inputs a council may move; everything else stays as it "
                      "is. The calculator is saved as one file that anyone opens with "
                      "mcimpact app FILE.",
    "app.calc.name": "Title",
    "app.calc.add": "Add as a slider",
    "app.calc.save": "Save the calculator",
    "app.calc.none": "No sliders yet: pick an input above.",
    "app.home.title": "Take it home",
    "app.home.intro": "The results of the last run, with the numbers of the command line "
                      "for the same scenario, seed and draws; and the scenario as it is "
                      "now.",
    "app.home.report": "Council report (HTML)",
    "app.home.pdf": "Council report (PDF)",
    "app.home.workbook": "Summary tables (.xlsx)",
    "app.home.json": "Summary (JSON, as mcimpact sim --json)",
    "app.home.toml": "Scenario (TOML)",
    "app.home.xlsx": "Scenario (spreadsheet, .xlsx)",
    "app.home.run_first": "Run the scenario first for the report, the tables and the JSON.",
    "app.help.command": "The workbench: load, edit and run a scenario in your browser, with "
                        "a live what-if, a calculator for a council and the report to take "
                        "home (a local web app; docs/app.md).",
    "app.help.scenario": "Scenario file (TOML or .xlsx) or calculator file to open. "
                         "Default: the bundled Groningen scenario.",
    "app.help.port": "Port to listen on (0: any free port).",
    "app.help.host": "Address to listen on (default: this computer only).",
    "app.help.allow_remote": "Allow --host to be an address other computers can reach.",
    "app.help.no_browser": "Do not open a browser; only print the address.",
    "app.help.lang": "Language of the page ({languages}); it can be switched in the page.",
    "app.remote_refused": "--host {host} lets other computers reach the workbench; add "
                          "--allow-remote if that is what you want",
    "app.remote_warning": "warning: the workbench listens on {host}: anyone on the network "
                          "who has the address with its token can use it and read your "
                          "scenario.",
    "app.port_taken": "cannot listen on {host}:{port}: {reason} (use --port 0 for any free "
                      "port)",
    "app.stopped": "workbench stopped.",
    # Problems of the input files (mcimpact.errors.Message: problem.<reason>)
    "problem.activity_id": "activity id '{id}' must match {pattern}",
    "problem.added_after": "added funding must start after the initiative's funded years (its "
                           "costs run to {last}), got {first}",
    "problem.array": "expected an array, got {got}",
    "problem.assumption_in": "expected {assumption} in {bottom}{least:g}, {most:g}{top}, got "
                             "{value!r}",
    "problem.base_year_unused": "only time_convention = 'base-year' takes a base_year (it is "
                                "'{convention}')",
    "problem.beta_ab": "a and b must be > 0, got a = {a:g}, b = {b:g}",
    "problem.beta_mean": "a Beta mean must lie in (0, 1), got {mean:g}",
    "problem.beta_sd": "sd must lie in (0, {limit:.4g}) for mean {mean:g}, got {sd:g}",
    "problem.beyond_amount": "{got} is beyond the largest amount, MAX_AMOUNT = {limit:g}",
    "problem.beyond_count": "{got} is beyond the largest count, MAX_COUNT = 2**53 = {limit}",
    "problem.bom": "the file starts with a byte-order mark (U+FEFF); save it as UTF-8 without BOM",
    "problem.by_or_chains": "give either 'by' (a group) or 'chains' (a list of chain ids)",
    "problem.chain_twice": "chain '{chain}' listed twice",
    "problem.cluster.differ": "{worker}: {package} {theirs} (here {here})",
    "problem.cohort_outside": "cohort year {year} outside the horizon {span}",
    "problem.cohort_twice": "cohort year {year} listed twice",
    "problem.cohorts_by_year": "participants_by_year names the cohort years; leave out cohorts",
    "problem.cohorts_empty": "needs at least one cohort year (or leave it out to use the "
                             "initiative's funded years)",
    "problem.correlate_by_year": "chain '{chain}' gives participants_by_year: only its "
                                 "participants can be correlated (its {input} is one for all its "
                                 "cohort years)",
    "problem.correlated_twice": "chain '{chain}' input '{input}' is already in correlations[{n}]",
    "problem.csv.at_least": "at least {least}",
    "problem.csv.column": "column '{name}'",
    "problem.csv.column_twice": "column '{name}' given twice",
    "problem.csv.counted_twice": "chain '{chain}': the participants of cohort year {year} are "
                                 "already given on line {line}",
    "problem.csv.decimal_point": "; use a decimal point",
    "problem.csv.finite": "expected a finite number, got '{got}'",
    "problem.csv.fixed": "chain '{chain}': its {input} is fixed at {value:g}, and a fixed input "
                         "cannot learn from data; give it a label or a distribution in the "
                         "scenario",
    "problem.csv.header": "header",
    "problem.csv.header_column": "header, column {n}",
    "problem.csv.missing": "missing value",
    "problem.csv.missing_column": "missing column {missing}; the header needs {columns} (and "
                                  "optionally se, note, pool)",
    "problem.csv.missing_columns": "missing columns {missing}; the header needs {columns} (and "
                                   "optionally se, note, pool)",
    "problem.csv.n_unused": "a participants count takes no n; leave it empty",
    "problem.csv.needs_chain": "a chain id (or an activity, initiative:activity) is needed",
    "problem.csv.needs_se": "an effect needs its standard error se (> 0)",
    "problem.csv.negative": "a negative count",
    "problem.csv.no_header": "the file has no header; expected the columns {columns} (and "
                             "optionally se, note, pool)",
    "problem.csv.no_pool": "none",
    "problem.csv.no_rows": "the file has no measurements (only a header)",
    "problem.csv.no_thousands": "; write the number without a thousands separator",
    "problem.csv.not_utf8": "not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8 CSV",
    "problem.csv.nul": "the file contains a NUL character; it is not a CSV text file",
    "problem.csv.number": "expected a number, got '{got}'{hint}",
    "problem.csv.pool_differs": "chain '{chain}': every successes row of a chain needs the same "
                                "pool; line {line} gives {before}, this row {pool}",
    "problem.csv.pool_name": "a pool name must match {pattern}, got '{pool}'",
    "problem.csv.pool_one": "pool '{pool}' has one chain ('{chain}'); a pool needs at least two "
                            "chains to borrow strength from",
    "problem.csv.pool_unused": "only successes can be pooled; leave pool empty",
    "problem.csv.positive": "expected a number > 0, got {got}",
    "problem.csv.row": "not a CSV row: {detail} (a quoted cell must end on its own line)",
    "problem.csv.se_unused": "only an effect takes a standard error; leave se empty",
    "problem.csv.successes_n": "{value} successes among n = {n} people followed; successes cannot "
                               "exceed n",
    "problem.csv.unknown_chain": "unknown chain or activity '{target}'; expected a chain id or an "
                                 "activity as initiative:activity (e.g. {known}{more})",
    "problem.csv.unknown_chain_close": "unknown chain or activity '{target}'; expected a chain id "
                                       "or an activity as initiative:activity (closest: "
                                       "{known}{more})",
    "problem.csv.unknown_column": "unknown column '{name}'; expected {columns}",
    "problem.csv.unknown_measure": "unknown measure '{measure}'; expected one of: {known}",
    "problem.csv.whole": "expected a whole number, got '{got}'{hint}",
    "problem.csv.whole_least": "expected a whole number >= {least}, got {got} ({what})",
    "problem.csv.width": "{n} cells, but the header has {width} columns",
    "problem.cycle_unused": "only structural renewal takes a cycle (renewal is '{renewal}')",
    "problem.date": "no field of a scenario takes a date or a time; got {got}",
    "problem.directory": "is a directory, expected {expected}",
    "problem.dist_extra": "'{dist}' takes no parameter {extra} (parameters: {allowed})",
    "problem.dist_needs": "'{dist}' needs {forms}; got {{{given}}}",
    "problem.dist_problem": "'{dist}': {problem}",
    "problem.dist_range": "'{dist}' takes values in [{low:g}, {high:g}]; {name} must lie in "
                          "[{lo:g}, {hi:g}]",
    "problem.dist_unknown": "unknown distribution '{dist}'; expected one of: {kinds}",
    "problem.domain_in_some": "give a domain in every chain or in none ({given} of {chains} "
                              "chains give one)",
    "problem.duplicate_id": "duplicate id '{id}'",
    "problem.empty": "the file is empty; a scenario needs a [meta] table, [[initiatives]] and "
                     "[[chains]]",
    "problem.empty_schedule": "an empty discount schedule; give the rate from the start year on, "
                              "e.g. {{ {year} = 0.03 }}, or a single rate",
    "problem.entry.id": "{entry} (id '{id}')",
    "problem.expected.csv": "a .csv file",
    "problem.expected.toml": "a .toml file",
    "problem.expected.xlsx": "an .xlsx workbook",
    "problem.expected_form": "expected a number or a distribution table {{ dist = ... }}, got "
                             "{got}",
    "problem.expected_label_form": "expected a number, a label or a distribution table {{ dist = "
                                   "... }}, got {got}",
    "problem.field": "field '{field}'",
    "problem.finite": "must be a finite number, got {got}",
    "problem.fixed_no_risk": "fixed funding is never stopped; use renewal = 'structural' or "
                             "'incidental' for a renewal risk",
    "problem.got": "{problem}, got {got}",
    "problem.high_below_low": "expected high ≥ low ({low:g}), got {high:g}",
    "problem.includes": "{n} value libraries; a scenario includes at most MAX_INCLUDES = {limit}",
    "problem.int64": "integer outside TOML's 64-bit range, got {got}",
    "problem.kind.monitoring": "monitoring file",
    "problem.kind.scenario": "scenario file",
    "problem.kind.workbook": "workbook",
    "problem.label_certain": "label '{label}' has the value {mean:g}, which is certain: no sd",
    "problem.label_keys": "a label table takes label and sd, not {keys} (a distribution table "
                          "needs dist = ...)",
    "problem.label_problem": "label '{label}': {problem}",
    "problem.label_text": "'label' must be a label (text), got {got}",
    "problem.lag_beyond": "lag {lag} puts the whole effect beyond the {horizon}-year "
                          "horizon{later}",
    "problem.lag_convention": " (time_convention '{convention}' starts effects {shift} year after "
                              "the cohort year)",
    "problem.lambda": "lambda must be > 0",
    "problem.language_code": "'{code}' is not a language code (two or three lower-case letters, "
                             "e.g. nl, en, de)",
    "problem.last_before_first": "last_year {last} is before first_year {first}",
    "problem.library_not_utf8": "cannot read the value library '{given}' ({path}): not UTF-8 text",
    "problem.library_unreadable": "cannot read the value library '{given}' ({path}): {reason}",
    "problem.listed.more": "{shown}, … ({n} in all)",
    "problem.long_number": "a number too long to read (thousands of digits)",
    "problem.min_max": "min ({min:g}) must be below max ({max:g})",
    "problem.missing": "missing required field",
    "problem.missing_participants": "missing required field (or give participants_by_year)",
    "problem.mode_within": "mode ({mode:g}) must lie within [min, max] = [{min:g}, {max:g}]",
    "problem.more": "{more} more problems not listed ({total} in all; at most MAX_PROBLEMS = "
                    "{limit} are listed)",
    "problem.more_one": "1 more problem not listed ({total} in all; at most MAX_PROBLEMS = "
                        "{limit} are listed)",
    "problem.name_empty": "a name is a text that is not empty",
    "problem.name_twice": "the {code} name is given twice: as {code} and in names",
    "problem.needs_base_year": "time_convention = 'base-year' needs the price base year "
                               "base_year, a year in {span}",
    "problem.needs_cycle": "structural renewal needs a cycle (years per funding period)",
    "problem.needs_dist": "a distribution table needs dist = one of: {kinds}",
    "problem.needs_duration": "shape '{shape}' needs a duration (years, >= 1)",
    "problem.needs_first_year": "added funding needs a first_year",
    "problem.needs_half_life": "shape '{shape}' needs a half_life (years, > 0)",
    "problem.needs_name": "needs a name: nl, en or both, or names = {{ de = …, … }} (one is used "
                          "for every language)",
    "problem.needs_scale": " (labels need a scale: [scales.{name}])",
    "problem.needs_uplift_max": "an uplift needs its ceiling uplift_max (a share in [0, 1])",
    "problem.negbin_sd": "sd² ({variance:g}) must exceed the mean ({mean:g}); use poisson for sd² "
                         "= mean",
    "problem.neighbourhood_twice": "the initiative gives its neighbourhood already (the tag "
                                   "'neighbourhood'); give it once",
    "problem.no_base_costs": "the initiative has no base costs to take the yearly cost from; give "
                             "cost_per_year",
    "problem.no_beta": "no Beta distribution has P(X < {low:g}) = P(X > {high:g}) = {tail:g}; "
                       "widen the range or lower the confidence",
    "problem.no_cohort_year": "needs at least one cohort year, e.g. {{ {year} = 40 }}",
    "problem.no_domains": "the scenario has no domains to group by",
    "problem.no_file": "no such file",
    "problem.no_funded_years": "initiative '{id}' has no funded years (costs > 0), so give the "
                               "chain's cohort years explicitly",
    "problem.no_half_life": "shape '{shape}' takes no half_life",
    "problem.non_renewal_one": "must be below 1 (at 1 nothing after the first period is funded; "
                               "shorten last_year instead)",
    "problem.not_regular": "is not a regular file (a device, a FIFO or a socket), expected "
                           "{expected}",
    "problem.not_utf8": "not UTF-8 text (byte 0x{byte:02x} at column {column}); save the file as "
                        "UTF-8",
    "problem.noun_empty": "a noun is a text that is not empty",
    "problem.nul_key": "the key contains a NUL character (U+0000)",
    "problem.nul_name": "cannot read: the file name contains a NUL character",
    "problem.nul_text": "the text contains a NUL character (U+0000)",
    "problem.number_in": "expected a number in [{lo:g}, {hi:g}], got {got}",
    "problem.of_initiative": "initiative '{id}': {problem}",
    "problem.or": "{first} or {then}",
    "problem.parameter": "{what}: {problem}",
    "problem.parameter_beyond_count": "'{parameter}' parameter {got} is beyond the largest count, "
                                      "MAX_COUNT = 2**53 = {limit}",
    "problem.parameter_finite": "{what} parameter '{parameter}' must be a finite number, got "
                                "{got!r}",
    "problem.parameter_number": "{what} parameter '{parameter}' must be a number, got {got}",
    "problem.parameters_unusable": "'{dist}': parameters this distribution cannot use ({detail})",
    "problem.participants_both": "give participants or participants_by_year, not both",
    "problem.positive": "{name} must be > 0, got {value:g}",
    "problem.posterior.one_line": "{path}: chains[{i}] (id '{chain}'): field '{input}': to be "
                                  "updated in place, the input must be written as {input} = VALUE "
                                  "on one line of its [[chains]] entry",
    "problem.posterior.provenance": "{path}: [provenance]: the file has a provenance table that "
                                    "is not the block mcimpact update wrote at its end; remove it "
                                    "(or restore the block as written) to update the file",
    "problem.posterior.read_back": "{path}: the rewritten file does not read back as the prior "
                                   "with the posterior values (please report it)",
    "problem.provenance_unreadable": "the [provenance] block of an earlier update cannot be read "
                                     "({kind}: {detail}); it must stay as mcimpact update wrote it",
    "problem.range": "range: {problem}",
    "problem.range_confidence": "range: confidence must lie in (0, 1), got {confidence:g}",
    "problem.range_fitted": "range: the fitted {dist}'s {problem}",
    "problem.range_keys": "a range takes low, high and confidence, not {keys} (a distribution "
                          "table needs dist = ...)",
    "problem.range_low_high": "a range needs both low and high",
    "problem.range_not_for": "a range cannot be given for {name}; give a distribution table",
    "problem.range_order": "range: low ({low:g}) must be below high ({high:g})",
    "problem.range_positive": "range: low of {name} must be > 0 (it is fitted to a lognormal)",
    "problem.range_twice": "'{assumption}' already has a range in sensitivity[{n}]",
    "problem.range_within": "range: low and high of {name} must lie strictly within (0, 1)",
    "problem.rate": "expected a rate in [0, 1), got {rate!r}",
    "problem.schedule_start": "a discount schedule must start at the start year {year}",
    "problem.schema.at_most": "input should be at most {limit}",
    "problem.schema.bool": "input should be a valid boolean",
    "problem.schema.float": "input should be a valid number",
    "problem.schema.ge": "input should be greater than or equal to {limit}",
    "problem.schema.gt": "input should be greater than {limit}",
    "problem.schema.int": "input should be a valid integer",
    "problem.schema.le": "input should be less than or equal to {limit}",
    "problem.schema.lt": "input should be less than {limit}",
    "problem.schema.pattern": "string should match pattern '{pattern}'",
    "problem.schema.str": "input should be a valid string",
    "problem.sd_number": "'sd' must be a finite number, got {got}",
    "problem.shape_lasts": "shape '{shape}' lasts {years} year; got duration {duration}",
    "problem.surrogate": "not UTF-8 text (a lone surrogate code point)",
    "problem.sustained_together": "extra_duration and sustained_years go together",
    "problem.table": "expected a table, got {got}",
    "problem.tag_empty": "expected a non-empty text as the tag's value",
    "problem.tag_key": "tag key '{tag}' must match {pattern}",
    "problem.tag_untagged": "'{value}' names the chains without the tag; choose another value",
    "problem.tail": "[min, max] lies too far in the tail of the normal distribution",
    "problem.text_no_values": "expected a number or a distribution table, got the text {text}; a "
                              "text names a unit value of [values], and the scenario has none",
    "problem.text_not_label": "expected a number or a distribution table, got the text "
                              "{text}{hint}",
    "problem.tiny_cost": "a cost is 0 or at least MIN_COST = {least:g} (so that no multiplier "
                         "overflows), got {cost:g}",
    "problem.toml": "TOML syntax error: {detail}{at}",
    "problem.toml.column": " (column {column})",
    "problem.toml.end": " at the end of the file",
    "problem.too_deep": "tables and arrays nested more than MAX_NESTING = {limit} deep",
    "problem.too_large": "the file has {size:,} bytes; a {kind} may have at most {limit:,} "
                         "(MAX_FILE_BYTES, 4 MiB)",
    "problem.too_short": "needs at least {n} entries, got {got}",
    "problem.too_short_one": "needs at least 1 entry, got {got}",
    "problem.unknown": "unknown {what} '{got}'{where}; expected one of: {known}",
    "problem.unknown_key": "unknown key '{name}'",
    "problem.unknown_key_allowed": "unknown key '{name}'; allowed here: {allowed}",
    "problem.unreadable": "cannot read: {detail}",
    "problem.value.array": "an array",
    "problem.value.date": "the local date {value}",
    "problem.value.digits": "an integer of {n} digits",
    "problem.value.empty_array": "an empty array",
    "problem.value.empty_table": "an empty table",
    "problem.value.local_datetime": "the local date-time {value}",
    "problem.value.offset_datetime": "the offset date-time {value}",
    "problem.value.table": "a table",
    "problem.value.time": "the local time {value}",
    "problem.value_in_library": "value '{name}' is also defined in the value library {file}; a "
                                "name is defined once",
    "problem.value_name": "value name '{name}' must match {pattern}",
    "problem.value_text": "expected a number, a distribution table or a range, got the text {text}",
    "problem.value_twice": "value '{name}' is also defined in {file}; a name is defined once",
    "problem.what.activity": "activity",
    "problem.what.assumption": "assumption",
    "problem.what.beneficiary": "beneficiary",
    "problem.what.chain": "chain",
    "problem.what.discount_preset": "discount rate preset",
    "problem.what.domain": "domain",
    "problem.what.grouping": "grouping",
    "problem.what.initiative": "initiative",
    "problem.what.input": "input",
    "problem.what.label": "{name} label",
    "problem.what.noun": "noun",
    "problem.what.range": "range",
    "problem.what.renewal": "renewal",
    "problem.what.shape": "profile shape",
    "problem.what.time_convention": "time convention",
    "problem.what.value": "value",
    "problem.where.of_initiative": " of initiative '{id}'",
    "problem.whole_people": "expected a whole number of people, got {got!r}",
    "problem.whole_years": "expected a whole number of years, got {got!r}",
    "problem.year_in": "expected a year in {span}, got {year}",
    "problem.year_key": "expected a year in {span} as key",
    "problem.year_outside": "year {year} outside the horizon {span}",
    "problem.calculator.draws": "draws must be a whole number from 100 to {limit:,}",
    "problem.calculator.format": "format {given!r}; this version reads format {format}",
    "problem.calculator.no_text": "the scenario's text is missing",
    "problem.calculator.none": "not a calculator file (no [calculator] table)",
    "problem.calculator.seed": "seed must be a whole number ≥ 0",
    "problem.calculator.slider": "a slider needs chain, input, min, max (numbers)",
    "problem.calculator.slider_input": "a slider's input is one of a chain's inputs, min ≤ max, "
                                       "step > 0",
    "problem.calculator.sliders": "sliders: a list of at most {limit}",
    "problem.options.currencies": "the files' currencies differ ({currencies}): their options "
                                  "cannot be compared",
    "problem.options.none": "no scenario files to compare",
    "problem.options.twice": "the file '{path}' is given twice",
    "problem.update.again": "this data file (sha256 {sha}…) already went into the posterior, as "
                            "{path} (its [provenance]); its measurements would count twice",
    "problem.update.cannot": "chain '{chain}': {input} ({prior}): {detail}",
    "problem.update.counted": "chain '{chain}': the participants of cohort year {year} are "
                              "already in the posterior's earlier data",
    "problem.update.exact.beta_binomial": "beta-binomial",
    "problem.update.exact.gamma_poisson": "gamma-Poisson",
    "problem.update.exact.normal_normal": "normal-normal (truncated)",
    "problem.update.fixed": "it is fixed at {value:g}",
    "problem.update.general_refuses": "the general method refuses: {detail}; give the input a "
                                      "{kind} prior for an exact update, or check the data",
    "problem.update.invalid": "the {name} posterior is not a valid distribution ({detail})",
    "problem.update.no_candidate": "none of the distributions it can be written as (beta, "
                                   "lognormal, pert, truncnormal) has the posterior's mean and sd",
    "problem.update.no_grid": "the prior's range cannot be put on a grid",
    "problem.update.no_likelihood": "the data have no likelihood anywhere the prior allows",
    "problem.update.not_close": "the grid posterior is not close enough to any distribution it "
                                "can be written as (the closest, a {dist}, has Kolmogorov "
                                "distance {error:.3g} > MAX_FIT_ERROR = {limit:g}): the data and "
                                "the '{prior}' prior disagree too much for one distribution to "
                                "describe both",
    "problem.update.poisson": "a Poisson count (mean {mean:g}) has a known mean",
    "problem.update.pool_no_population": "the chains' priors give no population mean and spread",
    "problem.update.pool_not_close": "the pooled posterior of chain {name} is not close enough to "
                                     "a beta (Kolmogorov distance {error:.3g} > MAX_FIT_ERROR = "
                                     "{limit:g}): a chain with few data keeps the population's "
                                     "spread, which one beta does not describe; follow up more "
                                     "people, or update the chains without a pool",
    "problem.update.pool_refuses": "pool '{pool}': partial pooling refuses: {detail}",
    "problem.update.prior_label": "label '{label}'",
    "problem.update.too_narrow": "the posterior is too narrow for the grid",
    "problem.update.unmoved": "{what}, so data cannot move it; give the count a negative binomial "
                              "or another distribution to learn its mean (a plain count N at or "
                              "below 1/participants_cv² is Poisson)",
    "problem.update.was_not_pooled": "chain '{chain}': its success_probability was updated "
                                     "without a pool before; give its new rows no pool too",
    "problem.update.was_pooled": "chain '{chain}': its success_probability was updated in a pool "
                                 "before; give its new rows that pool too",
    "problem.upload_includes": "an uploaded scenario cannot include value libraries (they would "
                               "be read from the computer the workbench runs on); copy their "
                               "values into [values]",
    "problem.xlsx.also_table": "'{keys}' is also given as a table (dotted keys) in another cell; "
                               "give one of them",
    "problem.xlsx.also_value": "'{keys}' is also given as a value in another cell; give one of "
                               "them",
    "problem.xlsx.array_expected": "an array written as TOML, e.g. [2021, 2022] or \"a\", "
                                   "\"b\", expected; got {got}",
    "problem.xlsx.cell_error": "the cell holds the spreadsheet error {error}",
    "problem.xlsx.column": ", column {column}",
    "problem.xlsx.column_twice": "column '{name}' also in column {other}",
    "problem.xlsx.header_text": "a header must be a key (text), got {got}",
    "problem.xlsx.id": "id '{id}'",
    "problem.xlsx.key": "key '{name}'",
    "problem.xlsx.key_is_sheet": "'{name}' is also a sheet",
    "problem.xlsx.key_text": "a key must be text, got {got}",
    "problem.xlsx.key_twice": "key '{name}' given twice",
    "problem.xlsx.max_cells": "more than MAX_CELLS = {limit:,} filled cells",
    "problem.xlsx.max_columns": "more than MAX_COLUMNS = {limit:,} columns",
    "problem.xlsx.max_rows": "more than MAX_ROWS = {limit:,} rows",
    "problem.xlsx.named": " ({name})",
    "problem.xlsx.no_column_header": "a column with values but no header (a key)",
    "problem.xlsx.no_header": "the first row must be the header (column names); it is empty",
    "problem.xlsx.no_key": "a value without a key",
    "problem.xlsx.no_sheet": "no sheet '{sheet}' (a required table)",
    "problem.xlsx.not_computed": "a formula without a saved value ({formula}); open the workbook "
                                 "in a spreadsheet program and save it",
    "problem.xlsx.not_key": "'{text}' is not a key: write a.b for a key b in table a, and quote a "
                            "part with spaces or dots: a.\"b c\"",
    "problem.xlsx.not_xlsx": "not an .xlsx workbook (an Office Open XML spreadsheet); save it as "
                             "'Excel Workbook (.xlsx)'",
    "problem.xlsx.root_header": "the sheet '{sheet}' holds keys outside any table: its header "
                                "must be '{first}' and '{second}'",
    "problem.xlsx.row": ", row {row}",
    "problem.xlsx.row_key": "a row of a keyed sheet needs its key (text) in column A, got {got}",
    "problem.xlsx.sheet": "sheet '{sheet}'{row}{name}{column}",
    "problem.xlsx.sheet_is_key": "'{name}' is also a key of the sheet '{sheet}'",
    "problem.xlsx.table_expected": "a table written as TOML, e.g. {{ 2021 = 100 }}, expected; got "
                                   "{got}",
    "problem.xlsx.too_large": "the workbook holds a scenario of more than {limit:,} bytes as TOML "
                              "(MAX_FILE_BYTES)",
    "problem.xlsx.unpacked": "the workbook unpacks to {size:,} bytes; at most {limit:,} "
                             "(MAX_UNPACKED_BYTES)",
    "problem.xlsx.unreadable": "cannot read the workbook: {detail}",
    "problem.xlsx.value_then_table": "'{keys}' is given as a single value in another cell and as "
                                     "a table here (dotted key); give one of them",
    "problem.xlsx.workbook": "workbook",
    "problem.xlsx.write.control": "{where}: the text {text} holds the control character "
                                  "U+{code:04X}, which a spreadsheet cannot hold",
    "problem.xlsx.write.key_in_tables": "{where}: a table of tables whose tables have a key "
                                        "'{name}' (the sheet's first column)",
    "problem.xlsx.write.only_key": "{where}: entries with the one key '{name}' would read as a "
                                   "table of tables",
    "problem.xlsx.write.root_clash": "a table named '{sheet}' and keys outside any table: the "
                                     "workbook has one sheet of that name",
    "problem.xlsx.write.sheet_name": "'{name}' cannot name a sheet (at most 31 characters, none "
                                     "of []:*?/\\)",
}
