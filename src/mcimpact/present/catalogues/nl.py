"""Nederlands: the report's own language, and the reference catalogue.

Dutch convention: "." groups thousands, "," is the decimal sign, the amount comes before
its unit ("9.434.000 euro") and a percent sign is set off by a no-break space ("90 %").
"""

NAME = "Nederlands"

NUMBERS = {
    "decimal": ",",
    "thousands": ".",
    "percent": "{value}\u00a0%",
    "money": "{amount}\u00a0{unit}",
    "in_thousands": "{amount}\u00a0duizend",
    "in_millions": "{amount}\u00a0mln",
    "below": "< {p}",
    "above": "> {p}",
}

UNITS = {"euro": "euro", "EUR": "euro"}

# Per currency code: its name in a sentence, one and many, and its symbol; a neuter name
# gives its own "each" forms (the TEXT patterns "each", "each_invested" are for de-words).
CURRENCIES = {
    "EUR": {"one": "euro", "many": "euro", "symbol": "€"},
    "GBP": {"one": "pond", "many": "pond", "symbol": "£", "each": "elk pond",
            "each_invested": "elk geïnvesteerd pond"},  # het pond
    "USD": {"one": "dollar", "many": "dollar", "symbol": "$"},
}

# Per power of a thousand: (short, in a terminal table; word, in text and on axes).
SCALES = {1e3: ("k", "duizend"), 1e6: ("mln", "miljoen"), 1e9: ("mld", "miljard")}

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

TEXT = {
    # Numbers in words
    "never": "niet binnen de horizon",
    "after_horizon": "na de horizon",
    # Inputs of an effect chain (the tornado's bars, the report's table of labels)
    "input.participants": "deelnemers",
    "input.success_probability": "slagingskans",
    "input.effect_size": "delta",
    "input.value": "waarde",
    "input.duration": "duur",
    # Figures: shared
    "figure.year": "Jaar",
    "figure.draws": "{n} simulaties",
    "figure.point_estimate": "puntschatting",
    "figure.interval": "{p}-interval",
    "figure.median": "mediaan",
    "figure.multiplier_axis": "Multiplier: maatschappelijke baten per {cur} kosten",
    # Figures: fan chart
    "figure.fan.title": "Maatschappelijke baten en kosten, opgeteld over de jaren",
    "figure.fan.axis": "Cumulatief bedrag ({unit})",
    "figure.fan.benefits_median": "Baten (mediaan)",
    "figure.fan.benefits_band": "Baten, {p}-interval",
    "figure.fan.benefits": "Baten",
    "figure.fan.costs_median": "Kosten (mediaan)",
    "figure.fan.costs_band": "Kosten, {p}-interval",
    "figure.fan.costs": "Kosten",
    "figure.fan.break_even": "Terugverdiend in {year}",
    "figure.fan.break_even_median": "Terugverdiend in {year} (mediaan;\n{p}-interval {lo}–{hi})",
    "figure.fan.after": "na {year}",
    "figure.fan.break_even_none": "Niet terugverdiend binnen de horizon",
    # Figures: multiplier
    "figure.multiplier.title": "Hoe zeker is de opbrengst per {cur}?",
    "figure.multiplier.subtitle": "Verdeling van de multiplier per financieringsscenario · {n}",
    "figure.multiplier.point": "Puntschatting (alle invoer op de puntwaarde)",
    # Figures: break-even
    "figure.break_even.title": "Wanneer verdient de investering zich terug?",
    "figure.break_even.subtitle": "{name} · terugverdiend: opgetelde baten ≥ opgetelde kosten",
    "figure.break_even.axis": "Kans",
    "figure.break_even.bars": "Terugverdiend in dat jaar",
    "figure.break_even.line": "Terugverdiend in of vóór dat jaar",
    "figure.break_even.never": "Niet binnen de horizon ({year}): {p}",
    # Figures: breakdowns
    "figure.by_beneficiary.title": "Wie profiteert? Baten per incasseerder",
    "noun.initiative": "initiatief",
    "noun.domain": "domein",
    "figure.by_domain.title": "Baten per {domain}",
    "figure.by_period.title": "Baten per periode",
    "figure.breakdown.axis": "Baten, gemiddelde ({unit}); lijn: {p}-interval",
    "figure.breakdown.axis_point": "Baten ({unit})",
    # Figures: initiatives
    "figure.forest.title": "Opbrengst per {cur}, per {initiative}",
    "figure.forest.one": "kostendekkend: 1 {cur} levert 1 {cur} op",
    "figure.forest.all": "alle initiatieven samen: {x}",
    # Figures: sensitivity
    "figure.sensitivity.title": "Welke activiteiten bepalen de onzekerheid?",
    "figure.sensitivity.subtitle": "{name} · de {top} grootste van {n} activiteiten",
    "figure.sensitivity.axis": "Aandeel in de onzekerheid (variantie) van de multiplier",
    "figure.sensitivity.total": "Totaal, met wisselwerkingen (lijn: {p}-betrouwbaarheidsinterval)",
    "figure.sensitivity.first": "Alleen de activiteit zelf",
    # Figures: tornado
    "figure.tornado.title": "Welke aannames wegen het zwaarst?",
    "figure.tornado.subtitle": "{name} · één aanname op P{lo} of P{hi}, de rest op de "
                               "puntschatting",
    "figure.tornado.low": "Aanname laag (P{q})",
    "figure.tornado.high": "Aanname hoog (P{q})",
    "figure.tornado.base": "Puntschatting: {x}",
    "figure.tornado.benefits_total_axis": "Totale baten ({unit})",
    "figure.tornado.net_benefit_axis": "Netto baten ({unit})",
    # Figures: financing difference
    "figure.difference.title": "Wat levert andere financiering extra op?",
    "figure.difference.subtitle": "Verschil met {name}, op dezelfde simulaties",
    "figure.difference.subtitle_point": "Verschil met {name} · puntschatting",
    "figure.difference.axis": "Extra netto baten ({unit})",
    "figure.difference.p": "kans op meer netto baten: {p}",
    # Report: how to read each figure
    "reading.fan": "De lijn is de middelste uitkomst (mediaan) van de opgetelde baten; de "
                   "banden geven aan waar die met 50, 80 en 90\u00a0% zekerheid liggen. Waar "
                   "de baten de kostenlijn kruisen, is de investering terugverdiend.",
    "reading.multiplier": "Hoe vaak elke multiplier voorkomt in de simulaties, per "
                          "financieringsscenario; het gemarkeerde interval bevat 90\u00a0% van "
                          "de uitkomsten, de verticale lijn is de puntschatting zonder "
                          "onzekerheid.",
    "reading.break-even": "De staven geven de kans dat de investering in dat jaar wordt "
                          "terugverdiend, de lijn de kans dat dat uiterlijk in dat jaar is "
                          "gebeurd.",
    "reading.by-beneficiary": "Wie de baten ontvangt: het gemiddelde per groep, met het "
                              "90\u00a0%-interval.",
    "reading.by-domain": "In welk {domain} de baten vallen, met het 90\u00a0%-interval.",
    "reading.by-period": "Wanneer de baten vallen, per {period}, met het 90\u00a0%-interval.",
    "period.one": "jaar",
    "period.five": "periode van vijf jaar",
    "period.many": "periode van {n} jaar",
    "reading.initiatives": "De multiplier per {initiative}: de stip is de middelste uitkomst, "
                           "de lijn het 90\u00a0%-interval. Rechts van de streep bij 1 levert "
                           "{each} meer dan een {cur} op.",
    "reading.financing-difference": "Hoeveel meer netto baten (baten min kosten) elk scenario "
                                    "oplevert dan het referentiescenario, berekend op dezelfde "
                                    "simulaties; rechts van 0 is beter.",
    "reading.sensitivity": "Welke activiteiten de onzekerheid in de multiplier het meest "
                           "bepalen: het aandeel van de variantie dat verdwijnt als je de "
                           "activiteit precies kende.",
    "reading.tornado": "Wat er met de multiplier gebeurt als één invoer laag (P10) of hoog "
                       "(P90) uitvalt en de rest op de puntschatting blijft.",
    # Report: the opening sentences
    "headline.point": "De eigen schatting van de analyse (elke invoer op zijn puntwaarde): "
                      "{each_invested} levert {x} {curs} op.",
    "headline.range": "Met 90\u00a0% zekerheid levert {each_invested} tussen {lo} en "
                      "{hi} {curs} op; de middelste uitkomst van de simulaties (mediaan) is "
                      "{mid} {curs}.",
    "headline.sroi": "In SROI-termen: een SROI-ratio van {x} : 1, de contante waarde van de "
                     "uitkomsten voor {each_invested} ({which}).",
    "headline.which_point": "de eigen schatting van de analyse",
    "headline.which_median": "de mediaan van de simulaties",
    "headline.never": "De investering verdient zich naar verwachting niet terug binnen de "
                      "horizon.",
    "headline.year": "De investering verdient zich naar verwachting terug in {year} (met "
                     "90\u00a0% zekerheid uiterlijk in {late}).",
    "headline.chance": "De kans dat de baten hoger zijn dan de kosten is {p}.",
    # Report: the page ({name} and {head} come in bold)
    "report.title": "Maatschappelijke impact: {name}",
    "report.made": "Onzekerheidsanalyse met mcimpact: {draws} simulaties, gemaakt op {date}.",
    "report.in_brief": "In het kort",
    "report.about_one": "Dit rapport gaat over {name}.",
    "report.about_two": "Dit rapport gaat over {name} en vergelijkt dat met één ander "
                        "financieringsscenario.",
    "report.about_many": "Dit rapport gaat over {name} en vergelijkt dat met {n} andere "
                         "financieringsscenario's.",
    "report.point": "De puntschatting — elke invoer op de waarde uit de analyse — geeft een "
                    "multiplier van {x}.",
    "report.repeated": "Omdat {inputs} onzeker zijn, is de analyse {draws} keer herhaald "
                       "met steeds andere, even aannemelijke waarden.",
    "report.range": "Zo ontstaat geen enkel getal maar een bandbreedte: hoe breder, hoe "
                    "onzekerder.",
    "report.key_results": "De belangrijkste uitkomsten — {name}",
    "report.middle_interval": "middelste uitkomst (90\u00a0%-interval)",
    "report.point_col": "puntschatting",
    "report.which": "De puntschatting is het eigen getal van de analyse: elke invoer op zijn "
                    "puntwaarde, één keer doorgerekend. De middelste uitkomst (mediaan) en het "
                    "90\u00a0%-interval komen uit de {draws} simulaties.",
    "report.row.benefits": "Baten over {first}–{last} ({unit})",
    "report.row.costs": "Kosten ({unit})",
    "report.row.net_benefit": "Netto baten ({unit})",
    "report.row.multiplier": "Multiplier (baten per {cur})",
    "report.row.break_even": "Jaar van terugverdienen",
    "report.row.p_gt_1": "Kans dat de baten de kosten overtreffen",
    "report.h.time": "Baten en kosten door de tijd",
    "report.h.multiplier": "Hoe zeker is de opbrengst per {cur}?",
    "report.h.break_even": "Wanneer verdient de investering zich terug?",
    "report.p_never": "Kans dat de investering niet binnen de horizon ({year}) is "
                      "terugverdiend: {p}.",
    "report.h.who": "Wie profiteert, waar en wanneer?",
    "report.h.initiatives": "Per {initiative}",
    "report.h.financing": "Financieringsscenario's",
    "report.financing_intro": "Alle scenario's zijn doorgerekend op dezelfde simulaties, zodat "
                              "verschillen alleen door de financiering komen. Bedragen in "
                              "{unit}; middelste uitkomst met het 90\u00a0%-interval.",
    "report.financing_table": "Uitkomsten per financieringsscenario",
    "report.col.scenario": "scenario",
    "report.col.costs": "kosten",
    "report.col.benefits": "baten",
    "report.by_tag": "Baten per {group} ({unit})",
    "term.group.neighbourhood": "wijk",
    "report.col.multiplier": "multiplier",
    "report.col.break_even": "terugverdiend in",
    "report.col.p_gt_1": "kans baten > kosten",
    "report.extra_table": "Wat levert het extra geld op, vergeleken met {name}",
    "report.col.extra_costs": "extra kosten",
    "report.col.extra_net_benefit": "extra netto baten",
    "report.col.per_extra_euro": "baten per extra {cur}",
    "report.col.p_more": "kans op meer netto baten",
    "report.h.drivers": "Wat bepaalt de uitkomst?",
    "report.drivers_table": "De drie activiteiten die de onzekerheid het meest bepalen, per "
                            "scenario",
    "report.h.method": "Aannames en methode",
    "report.method": "De analyse volgt de methode van de effectenarena: per effectketen een "
                     "aantal deelnemers, een slagingskans, een effectgrootte (delta), een "
                     "waarde per persoon per jaar en een verloop in de tijd.",
    "report.counted_discounted": "Baten en kosten tellen mee tot en met {last}, gedisconteerd "
                                 "met {rate} per jaar naar hun contante waarde in {year}.",
    "report.rate_schedule": "van {first} tot {last}",
    "fixed.item": "de {input} van {n} van de {total} effectketens",
    "term.fixed_numbers": "vast: {items} als getal gegeven; die variëren niet, dus de "
                          "intervallen en de gevoeligheidsrangorde laten ze weg ({setting} "
                          "in het scenario geeft ze de spreiding van het dichtstbijzijnde "
                          "woord)",
    "report.fixed_head": "Getallen in plaats van woorden",
    "report.fixed_numbers": "{head}: {items} zijn als getal gegeven. Die variëren niet tussen "
                            "de simulaties, dus de intervallen en de gevoeligheidsrangorde "
                            "laten ze weg; {setting} in het scenario geeft ze de spreiding "
                            "van het dichtstbijzijnde woord.",
    "report.one_member": "Per {group}: alle baten vallen in één, {name}.",
    "measure.zero_rows": "{caption} ({n} andere, elk minder dan een {cur} waard, weggelaten)",
    "measure.study_none": "De successen tellen van {n} deelnemers van welke effectketen ook "
                          "is minder dan een {cur} waard vóór de beslissing: zo'n meting kan "
                          "de keuze niet veranderen.",
    "changed.in_appendix": "Hoe de metingen zijn verwerkt, de invoer voor en na en de "
                           "bestanden waar ze vandaan komen: onder ‘Aannames en methode’.",
    "report.map.caption": "De impactkaart bij de puntwaarden (één regel per uitkomst)",
    "report.map.stakeholder": "belanghebbende",
    "report.map.outcome": "uitkomst",
    "report.map.quantity": "aantal",
    "report.map.proxy": "financiële proxy",
    "report.map.duration": "duur (jaar)",
    "report.map.deadweight": "deadweight",
    "report.map.attribution": "attributie",
    "report.map.displacement": "verdringing",
    "report.map.drop_off": "afname",
    "report.map.impact": "impact in het eerste jaar",
    "report.counted_undiscounted": "Baten tellen mee tot en met {last}, zonder "
                                   "verdiscontering.",
    "report.labels_head": "Slagingskans en delta",
    "report.labels": "{head}: woorden in de analyse ({words}), elk met een "
                     "vaste waarde. Hier is elk woord een kansverdeling (Beta) met die waarde "
                     "als gemiddelde en het grootste deel van de kans tussen de buurwoorden "
                     "(tabel hieronder).",
    "report.participants_head": "Deelnemersaantallen",
    "report.participants_uncertain": "{head} zijn onzeker, met een standaardafwijking van {cv} "
                                     "van het aantal, tenzij het scenario er een eigen "
                                     "verdeling voor opgeeft.",
    "report.participants_fixed": "{head} liggen vast, tenzij het scenario er een eigen "
                                 "verdeling voor opgeeft.",
    "report.values_head": "Waarden per persoon",
    "report.values": "{head}, kosten, looptijden en het verloop in de tijd liggen vast, tenzij "
                     "het scenario een verdeling opgeeft.",
    "report.centred": "Omdat elke verdeling de waarde uit de analyse als gemiddelde heeft, "
                      "ligt de gemiddelde uitkomst van de simulatie bij de puntschatting; de "
                      "simulatie laat zien hoe breed de onzekerheid rond die schatting is.",
    "report.independent": "Onzekerheden in verschillende effectketens zijn onafhankelijk van "
                          "elkaar, tenzij het scenario samenhang opgeeft. Een gemeenschappelijke "
                          "fout (bijvoorbeeld één te optimistische sessie) maakt de werkelijke "
                          "onzekerheid groter.",
    "report.financing_head": "Financieringsscenario's",
    "report.clamp_head": "Afgekapt door het model",
    "report.clamp": "{head}: {text}.",
    "report.financing_method": "{head} voegen gefinancierde jaren toe. Bij incidentele of "
                               "structurele financiering wordt per simulatie bepaald of de "
                               "financiering wordt verlengd. Langere financiering kan de "
                               "slagingskans verhogen, effecten langer laten duren en stuit op "
                               "verzadiging; de waarden daarvoor zijn aannames (zie de "
                               "scenariobeschrijvingen hierboven).",
    "report.labels_table": "Van woord naar kansverdeling",
    "report.col.input": "invoer",
    "report.col.word": "woord",
    "report.col.value": "waarde",
    "report.col.interval": "90\u00a0%-interval",
    "report.about_scenario": "Over het scenario",
    "report.source": "Bron",
    "report.h.provenance": "Verantwoording",
    "report.prov.scenario": "scenario",
    "report.prov.file": "bestand",
    "report.prov.draws": "simulaties",
    "report.prov.seed": "seed",
    "report.prov.sha256": "SHA-256",
    "report.prov.version": "mcimpact",
    "report.prov.date": "datum",
    "report.reproducible": "Met hetzelfde scenariobestand, dezelfde seed, hetzelfde aantal "
                           "simulaties en dezelfde versie van mcimpact komen precies dezelfde "
                           "getallen uit.",
    # "elke euro", "elke geïnvesteerde euro" (a currency may give its own: CURRENCIES)
    "each": "elke {cur}",
    "each_invested": "elke geïnvesteerde {cur}",
    # Units: an amount's unit in words ("million euro")
    "unit": "{scale} {currency}",
    # More inputs of an effect chain: the SROI adjustments
    "input.deadweight": "deadweight",
    "input.attribution": "attributie",
    "input.displacement": "verdringing",
    "input.drop_off": "afname",
    # The terminal: the summary of a run
    "term.draws": "{draws} simulaties, seed {seed}",
    "term.deterministic": "deterministisch (puntwaarden)",
    "term.financing": "financiering: {name}",
    "term.reference": " (de referentie; alle scenario's hieronder)",
    "term.figures": "getallen: gemiddelde [5 % – 95 %]",
    "term.costs": "kosten",
    "term.benefits": "baten",
    "term.claimable": "op te eisen",
    "term.multiplier": "multiplier",
    "term.sroi_ratio": "SROI-ratio",
    "term.payback": "terugverdientijd",
    "term.payback_mc": "mediaan {median} jaar, 90 %-interval {lo} – {hi} jaar",
    "term.payback_point": "{years} jaar",
    "term.payback_mc_late": "mediaan {median} jaar, 90 %-interval van {lo} jaar tot na de "
                            "horizon",
    "term.break_even": "terugverdiend",
    "term.probabilities": "P(> 1) = {p1}, P(≥ 3) = {p3}, standaardfout (MC) van het "
                          "gemiddelde {se}",
    "term.break_even_mc": "mediaan {median}, 90 %-interval {lo} – {hi}, P(nooit) = {p}",
    "term.after": "later",
    "term.by": "baten per {group} ({unit})",
    "term.group.initiative": "{initiative}",
    "term.group.beneficiary": "incasseerder",
    "term.group.domain": "{domain}",
    "term.group.period": "periode",
    "term.group.year": "jaar",
    "figure.by_year.title": "Baten per jaar",
    "term.col.benefits": "baten",
    "term.col.multiplier": "multiplier",
    "term.col.cost_claim": "kostenclaim",
    "term.untagged": "(zonder tag)",
    "term.financing_table": "financieringsscenario's ({unit})",
    "term.financing_table_mc": "financieringsscenario's ({unit}; gemiddelde [5 % – 95 %])",
    "term.col.scenario": "scenario",
    "term.col.costs": "kosten",
    "term.col.break_even": "terugverdiend",
    "term.pairs": "gepaarde vergelijkingen, A − B op dezelfde simulaties ({unit})",
    "term.col.net_difference": "Δ netto baten",
    "term.col.p_greater": "P(mult. A > B)",
    "term.col.incremental": "extra baten / extra kosten",
    "term.col.a": "A",
    "term.col.b": "B",
    "term.written": "resultaten geschreven naar {path}",
    # The report: what is uncertain ("Because … are uncertain")
    "and": " en ",
    "uncertain.none": "de invoerwaarden",
    "uncertain.success_probability": "slagingskansen",
    "uncertain.effect_size": "effectgroottes",
    "uncertain.participants": "deelnemersaantallen",
    "uncertain.value": "waarden per persoon",
    "uncertain.duration": "looptijden",
    "uncertain.deadweight": "deadweight",
    "uncertain.attribution": "attributie",
    "uncertain.displacement": "verdringing",
    "uncertain.drop_off": "afname",
    "uncertain.costs": "kosten",
    "report.method_sroi": "Per uitkomst neemt de analyse een aantal mensen, een waarde per "
                          "persoon per jaar (een financiële proxy), de deadweight, "
                          "attributie, verdringing en afname, en een verloop in de tijd.",
    # The terminal: the sensitivity analysis
    "sens.financing": "financiering",
    "sens.head": "gevoeligheid, {draws} simulaties, seed {seed}",
    "sens.by_activity": "activiteiten naar totale Sobol-index van de multiplier (aandeel in de "
                        "variantie, 95 %-interval)",
    "sens.by_kind": "invoer per soort (aandeel in de variantie van de multiplier)",
    "sens.tornado": "uitslag van de {output} bij één invoer op P10 en P90, de rest op de "
                    "puntwaarden (basis {base})",
    "sens.late": "wat een terugverdienjaar na {year} bepaalt (P = {p}): P(laat) als de baten "
                 "van de activiteit in hun onderste helft liggen min in hun bovenste helft",
    "sens.col.activity": "activiteit",
    "sens.col.total_order": "totaal",
    "sens.col.first_order": "eerste orde",
    "sens.col.input": "invoer",
    "sens.col.chain": "keten",
    "sens.col.output": "uitkomst",
    "sens.col.swing": "uitslag",
    "sens.col.range": "P10 – P90",
    "sens.col.effect": "effect",
    "sens.first_above_total": ("Een aandeel van de eerste orde boven het totaal is schattingsruis: "
                               "in werkelijkheid is het nooit groter."),
    "term.benefits_total": "totale baten",
    "term.net_benefit": "netto baten",
    # The terminal: a valid scenario
    "term.valid": "{file}: in orde — {counts}, {first}–{last}",
    "term.count.initiative": "{n} initiatieven",
    "term.count.initiative_one": "1 initiatief",
    "term.count.activity": "{n} activiteiten",
    "term.count.activity_one": "1 activiteit",
    "term.count.chain": "{n} effectketens",
    "term.count.chain_one": "1 effectketen",
    # The terminal: what a command does and wrote
    "term.voi_running": "waarde van informatie …",
    "term.sensitivity_running": "gevoeligheidsanalyse per financieringsscenario …",
    "term.figures_written": "{n} bestanden geschreven naar {path}",
    "term.report_written": "rapport geschreven naar {path}",
    "term.report_pdf_written": "rapport geschreven naar {path} en {pdf}",
    # De terminal: de keuze tussen de financieringsscenario's (mcimpact voi)
    "voi.head": "Keuze tussen {n} financieringsscenario's ({draws} trekkingen, EVPPI-methode: "
                "{method})",
    "voi.head_one": "Keuze tussen {n} financieringsscenario ({draws} trekkingen, "
                    "EVPPI-methode: {method})",
    "voi.method.additive": "additief (exact)",
    "voi.method.regression": "regressie",
    "voi.col.option": "optie",
    "voi.col.expected": "verw. netto baten",
    "voi.col.p_best": "kans best",
    "voi.col.loss": "verwacht verlies",
    "voi.col.p_nonneg": "kans NB ≥ 0",
    "voi.frontier": "Efficiëntiegrens (verwachte kosten, verwachte baten):",
    "voi.frontier.incremental": "incrementele multiplier {x} tegenover {other}",
    "voi.frontier.nothing": "geen financiering",
    "voi.status.dominated": "gedomineerd",
    "voi.status.extendedly_dominated": "uitgebreid gedomineerd",
    "voi.evpi": "EVPI: {value} (± {se} standaardfout)",
    "voi.evppi_by": "EVPPI per {grouping}:",
    "voi.grouping.activity": "activiteit",
    "voi.grouping.initiative": "initiatief",
    "voi.grouping.kind": "soort invoer",
    "voi.grouping.chain": "effectketen",
    "voi.share": "{p} van de EVPI",
    "voi.evsi_head": "EVSI van een meting (de successen tellen van n deelnemers):",
    "voi.one_option": "Er is één financieringsscenario (‘{best}’): er valt niets te kiezen, "
                      "dus informatie kan geen keuze veranderen; voeg [[financing]]-scenario's "
                      "toe om te vergelijken.",
    "voi.dominant": "‘{best}’ heeft in elke trekking de grootste netto baten: geen meting "
                    "kan de keuze veranderen, dus informatie is voor deze beslissing niets "
                    "waard.",
    "voi.sentence.evpi": "Alle onzekerheid wegnemen vóór de keuze is ongeveer {value} waard",
    "voi.sentence.elsewhere": "; de invoer van geen enkele activiteit is meer dan 1 % "
                              "daarvan waard (het meest: ‘{name}’, ongeveer {value}), dus "
                              "het risico van een verkeerde keuze zit elders, bijvoorbeeld "
                              "in de verlenging of de kosten",
    "voi.sentence.first": "; de onzekerheid die het eerst verkleind moet worden is "
                          "‘{name}’ (ongeveer {value})",
    "voi.sentence.study": "; de successen tellen van {n} deelnemers van ‘{chain}’ is "
                          "ongeveer {value} waard vóór de beslissing",
    "voi.sentence.end": ".",
    "voi.switching.head": "Omslagwaarden voor ‘{best}’ (een factor op de schatting; 1 = "
                          "zoals geschat):",
    "voi.switching.activity": "activiteit",
    "voi.switching.initiative": "initiatief",
    "voi.switching.kind": "invoer",
    "voi.switching.assumption": "aanname",
    "voi.switching.multiplier_one": "multiplier 1 bij",
    "voi.switching.decision": "keuze verandert bij",
    "voi.switching.factor": "x {x}",
    "voi.switching.overtaken": "x {x} (‘{other}’ wordt het beste)",
    "voi.gains.head": "Wie profiteert bij ‘{best}’: {shares} van de baten",
    "voi.gains.fiscal": "Fiscaal rendement (baten van ‘{government}’ per eenheid kosten): "
                        "{mean} [{lo}-{hi}], kans ≥ 1 = {p}",
    "voi.gains.borne_head": "Gedragen kosten en netto baten per groep bij ‘{best}’ (de "
                            "kosten met een betaler; de rest draagt de financier):",
    "voi.gains.costs": "kosten",
    "voi.gains.net": "netto",
    "voi.gains.funder": "(de financier)",
    "voi.assumptions.head": "Vaste aannames (verwachte multiplier van ‘{best}’, basis "
                            "{base}; de beste optie aan elk uiteinde):",
    "voi.assumptions.from_file": "[bereik uit het bestand]",
    "voi.assumptions.two_way": "Tweeweg: verwachte multiplier van ‘{best}’ naar {first} "
                               "(rijen) en {second} (kolommen); * waar een andere optie het "
                               "beste is",
    "voi.assumption.discount_rate": "discontovoet",
    "voi.assumption.optimism_bias": "optimismecorrectie",
    "voi.assumption.uplift_factor": "factor op de verhoging",
    "voi.assumption.saturation": "verzadiging",
    "voi.assumption.non_renewal": "kans op geen verlenging",
    "voi.assumption.costs": "kosten",
    "voi.files.head": "Keuze tussen {n} opties uit {files} scenariobestanden ({draws} "
                      "trekkingen, seed {seed}, dezelfde trekkingen)",
    "voi.files.evppi_by": "EVPPI per {grouping} (over de bestanden):",
    "voi.files.best_every": "‘{best}’ heeft de grootste verwachte netto baten; het is in "
                            "elke trekking het beste, dus geen meting kan de keuze "
                            "veranderen.",
    "voi.files.best_worth": "‘{best}’ heeft de grootste verwachte netto baten; alle "
                            "onzekerheid wegnemen vóór de keuze is ongeveer {value} waard.",
    "voi.note": "opmerking: {note}",
    # De opdrachtregel: statusregels, opmerkingen en fouten
    "term.error": "fout:",
    "term.warning": "waarschuwing:",
    # Wat het model van een scenario afkapt (mcimpact.model.clamps): validate, sim, rapport
    "clamp.horizon": "keten ‘{chain}’: de effectjaren {first}–{last} vallen na het einde van "
                     "de horizon ({end}) en tellen niet mee; ze zijn {value} waard bij de "
                     "puntwaarden, zonder disconteren",
    "clamp.horizon_one": "keten ‘{chain}’: het effectjaar {first} valt na het einde van de "
                         "horizon ({end}) en telt niet mee; het is {value} waard bij de "
                         "puntwaarden, zonder disconteren",
    "clamp.duration": "keten ‘{chain}’: de duur van {given} jaar wordt afgekapt op de {kept} "
                      "jaar van de horizon; binnen de horizon gaat daardoor {value} aan "
                      "baten verloren bij de puntwaarden, zonder disconteren",
    "clamp.duration_draws": "keten ‘{chain}’: trekkingen van de duur boven {kept} jaar worden "
                            "afgekapt op de {kept} jaar van de horizon",
    "clamp.financing": "financieringsscenario ‘{financing}’: de cohorten die het toevoegt "
                       "hebben effecten in {years}, na het einde van de horizon ({end}), die "
                       "niet meetellen; ze zijn {value} waard bij de puntwaarden, zonder "
                       "disconteren",
    "term.problems": "{n} problemen gevonden; er is niets gerekend.",
    "term.problems_one": "1 probleem gevonden; er is niets gerekend.",
    "term.sampling": "trekken",
    "term.draws_unit": "trekkingen",
    "term.converted": "{target}: geschreven uit {source} ({chains})",
    "term.empty_cells": "opmerking: lege tekst is een lege cel, een sleutel die niet is "
                        "opgegeven: {keys}",
    "term.and_more": "{shown} en nog {n}",
    "term.starter": "{target}: een startscenario ({what}); controleer het met 'mcimpact "
                    "validate', reken het door met 'mcimpact sim'",
    "template.arena": "een effectenarena: woorden voor slagingskans en effectgrootte, "
                      "domeinen, een financieringsscenario",
    "template.sroi": "een SROI-impactkaart: GBP, effecten vanaf jaar 1, deadweight, "
                     "attributie en afname, geen domeinen",
    "term.resume": "de trekkingen tot nu toe staan in {partial}; ga verder met dezelfde "
                   "opdracht en --resume",
    "term.ignored": "opmerking: {flags} doet niets met --deterministic (één berekening met "
                    "de puntwaarden)",
    "term.ignored_many": "opmerking: {flags} doen niets met --deterministic (één berekening "
                         "met de puntwaarden)",
    "term.precision_not_reached": "waarschuwing: --precision {precision} is niet bereikt "
                                  "binnen {draws} trekkingen (--max-draws); de uitkomsten "
                                  "zijn die van deze trekkingen (precision_reached: false)",
    "term.summary_written": "samenvattende tabellen geschreven naar {path}",
    "term.no_inputs_measure": "opmerking: de resultaten bevatten geen getrokken invoer, dus "
                              "het rapport laat ‘Wat moeten we meten?’ weg (schrijf ze met "
                              "'mcimpact sim --keep-inputs')",
    "term.edited_after_update": "opmerking: elke bijgewerkte invoer van het "
                                "posterior-bestand is na het bijwerken veranderd, dus het "
                                "rapport laat ‘Wat is er veranderd na de metingen?’ weg",
    "term.changed_left_out": "opmerking: {reason}; dus het rapport laat ‘Wat is er "
                             "veranderd na de metingen?’ weg",
    "term.posterior_written": "posterior geschreven naar {path} ({n} bijgewerkte invoeren; "
                              "sha256 {sha}…)",
    "term.posterior_written_one": "posterior geschreven naar {path} (1 bijgewerkte invoer; "
                                  "sha256 {sha}…)",
    "term.figure_written": "figuur geschreven naar {png} en {svg}",
    "error.lang": "--lang: {reason}",
    "error.financing": "--financing: onbekend financieringsscenario '{id}'; kies uit: "
                       "{known}",
    "error.template": "--template: onbekend sjabloon '{name}'; kies uit: {known}",
    "error.precision": "moet een getal in (0, 1) zijn, bijvoorbeeld 0,01; gekregen: {value}",
    "error.output_format": "{path}: onbekend uitvoerformaat '{suffix}'; gebruik {formats}",
    "error.workers_and_scheduler": "--workers en --scheduler: geef er één (een nieuw lokaal "
                                   "cluster, of een draaiend cluster)",
    "error.cluster_netcdf": "--out {path}: op een cluster gaan de resultaten per trekking "
                            "naar een Zarr-map (MAP.zarr), niet naar NetCDF",
    "error.results.unreadable": "{path}: de resultaten zijn niet te lezen: {detail}",
    "error.results.not-monte-carlo": "{path}: geen Monte-Carlo-resultaat",
    "error.results.no-financing": "{path} heeft geen resultaten voor financieringsscenario "
                                  "'{detail}'",
    "error.results.no-inputs": "{path}: de resultaten bevatten geen getrokken invoer; "
                               "schrijf die met 'mcimpact sim --keep-inputs'",
    "error.update_nothing": "geef --out POSTERIOR.toml om het posterior-scenario te "
                            "schrijven, en/of --report om te zien wat de gegevens "
                            "veranderen",
    "error.date": "--date: verwacht JJJJ-MM-DD, gekregen: '{date}'",
    "error.figures_needs_report": "--figures vraagt om --report (de figuur toont wat het "
                                  "rapport vergelijkt)",
    "error.study": "--study: '{text}': het aantal deelnemers na ':' moet een geheel getal "
                   ">= 0 zijn",
    "error.study_chain": "--study: onbekende effectketen '{chain}'",
    "error.study_files": "--study: met meerdere scenariobestanden is er geen meting te "
                         "waarderen (geef één bestand)",
    "error.assumptions_files": "--assumptions: met meerdere scenariobestanden, draai het per "
                               "bestand",
    "error.sources_results": "{path}: meerdere bronnen moeten allemaal scenariobestanden "
                             "(TOML) zijn; een resultatenbestand bevat de trekkingen van één "
                             "scenario",
    "error.bands": "--bands: {reason}",
    "error.bands.format": "'{part}' is geen NAAM:ONDERGRENS",
    "error.bands.number": "'{low}' in '{part}' is geen getal",
    "error.bands.bound": "'{part}': de ondergrens moet een getal of -inf zijn",
    "error.bands.order": "categorieën hebben verschillende namen en oplopende ondergrenzen nodig",
    "error.interrupted": "onderbroken",
    "error.signal": "gestopt door signaal {n}",
    "error.memory": "onvoldoende geheugen; gebruik minder trekkingen, of minder "
                    "financieringsscenario's met --financing",
    "error.internal": "interne fout: {kind}: {detail} (meld het alstublieft; MCIMPACT_DEBUG=1 "
                      "toont de traceback)",
    "error.posterior_file": "{reason}",
    "error.options": "{reason}",
    "term.prior_running": "het oordeel vóór de metingen, op dezelfde trekkingen …",
    "error.workbook": "{path}: {reason}",
    "error.no_costs": "{path}: financieringsscenario {names} heeft geen kosten, dus geen "
                      "multiplier (baten / kosten); {why}",
    "why.sensitivity": "de gevoeligheidsanalyse gaat over de multiplier",
    "why.plot": "de figuren van de gevoeligheid gaan over de multiplier: laat ze weg met "
                "--no-sensitivity",
    "why.report": "het rapport gaat over de multiplier (de gevoeligheid, de keuze)",
    # reliability (issue 23)
    "term.long_run": "let op: {draws} trekkingen duren op deze machine ongeveer {time} "
                     "({rate} trekkingen per seconde, gemeten op deze berekening); op een "
                     "dask-cluster (--scheduler ADRES) delen machines als deze ze, 10 in "
                     "ongeveer {time10}; --workers N verdeelt de eigen kernen van deze "
                     "machine over N processen en is hier dus niet sneller",
    "term.duration.seconds": "{n} s",
    "term.duration.minutes": "{n} min",
    "term.duration.hours": "{h} u {m} min",
    "term.duration.days": "{n} dagen",
    "term.duration.years": "{n} jaar",
    "term.precision_zero_mean": "let op: de gemiddelde multiplier (zonder kosten: de "
                                "gemiddelde baten) van {names} is 0, en een precisie ten "
                                "opzichte van een gemiddelde van 0 is niet te bereiken; "
                                "vraag in plaats daarvan een aantal trekkingen (--draws)",
    "error.draw_count": "{option}: {draws} trekkingen zijn meer dan een berekening kan tellen: "
                        "hoogstens {most} (2^53)",
    # De --help van de opdrachtregel (in de taal van --lang, anders die van de opdracht)
    "help.app": "Monte-Carlo-onzekerheid voor maatschappelijke kosten-batenanalyse "
                "(effectenarena, SROI, MKBA).",
    "help.version": "Toon de versie en stop.",
    "help.scenario": "Scenariobestand (TOML of .xlsx). Standaard: het meegeleverde "
                     "Groningse scenario.",
    "help.source": "Scenariobestand (TOML of .xlsx), of resultaten (.nc/.zarr) geschreven "
                   "door 'mcimpact sim' (het scenario, de seed en de trekkingen daarvan "
                   "worden gebruikt). Standaard: het meegeleverde Groningse scenario.",
    "help.draws": "Aantal Monte-Carlo-trekkingen (bij het doorrekenen van een scenario).",
    "help.seed": "Seed: dezelfde seed, dezelfde getallen.",
    "help.financing": "Alleen dit financieringsscenario (herhaalbaar; het eerste is de "
                      "referentie). Standaard: alle in het bestand.",
    "help.workers": "Reken op een nieuw lokaal dask-cluster met zoveel werkprocessen "
                    "(mcimpact[dask]); dezelfde getallen.",
    "help.scheduler": "Reken op het draaiende dask-cluster op dit adres (bijv. "
                      "tcp://127.0.0.1:8786) of scheduler-bestand; dezelfde getallen.",
    "help.force": "Overschrijf de uitvoer.",
    "help.quiet": "Geen voortgang.",
    "help.json": "Druk één JSON-object af.",
    "help.lang": "Taal van de tekst: {languages} (standaard {default}).",
    "help.validate": "Controleer een scenariobestand zonder het door te rekenen (exitcode 2 "
                     "bij problemen).",
    "help.validate.scenario": "Scenariobestand (TOML of .xlsx).",
    "help.convert": "Zet een scenario om tussen TOML en een spreadsheet (.xlsx), beide "
                    "kanten op; het scenario wordt eerst gecontroleerd, en het omgezette "
                    "bestand rekent hetzelfde.",
    "help.convert.source": "Scenariobestand: TOML of .xlsx.",
    "help.convert.target": "Het omgezette scenario: BESTAND.xlsx (één blad per tabel) of "
                           "BESTAND.toml.",
    "help.init": "Schrijf een toegelicht startscenario dat klopt: vervang de voorbeeldgetallen "
                 "door die van uzelf.",
    "help.init.target": "Het nieuwe scenariobestand: BESTAND.toml (met toelichting) of "
                        "BESTAND.xlsx.",
    "help.init.template": "arena (een effectenarena) of sroi (een SROI-impactkaart).",
    "help.sim": "Reken een scenario door (standaard Monte Carlo) onder elk van zijn "
                "financieringsscenario's (op dezelfde trekkingen) en vat de uitkomst samen.",
    "help.sim.deterministic": "Reken elke invoer op zijn puntwaarde (de methode van het "
                              "rapport).",
    "help.sim.precision": "Blijf trekken tot de halve breedte van het 95 %-interval van de "
                          "gemiddelde multiplier onder deze fractie van het gemiddelde ligt "
                          "(bijv. 0.01; in (0, 1)), hoogstens --max-draws trekkingen.",
    "help.sim.max_draws": "Met --precision: het grootste aantal trekkingen.",
    "help.sim.out": "Schrijf de resultaten per trekking: BESTAND.nc (NetCDF) of MAP.zarr "
                    "(Zarr v3); of de samenvattende tabellen: BESTAND.xlsx (alle tabellen) "
                    "of BESTAND.csv (de kerncijfers).",
    "help.sim.keep_inputs": "Bewaar de getrokken invoer per trekking en effectketen in "
                            "--out.",
    "help.sim.threads": "Threads voor het trekken (standaard: alle kernen). De uitkomsten "
                        "hangen er niet van af.",
    "help.sim.resume": "Zet de onderbroken berekening naar --out MAP.zarr voort (bewaard in "
                       "MAP.zarr.partial): hetzelfde scenario, dezelfde seed en trekkingen.",
    "help.sim.quiet": "Geen voortgangsbalk, geen samenvatting, geen waarschuwingen.",
    "help.sim.lang": "Taal van de samenvatting: {languages} (standaard: Engelse woorden, "
                     "groepen met hun Nederlandse naam).",
    "help.sensitivity": "Welke activiteiten en invoer de multiplier en het jaar van "
                        "terugverdienen bepalen, per financieringsscenario.",
    "help.top": "Regels per tabel.",
    "help.plot": "Figuren van een Monte-Carlo-uitkomst: waaierdiagram, multiplier, "
                 "terugverdienjaar, verdelingen, initiatieven, financieringsvergelijking en "
                 "gevoeligheid, als PNG en SVG.",
    "help.plot.out": "Map voor de figuren (PNG en SVG); wordt aangemaakt als die ontbreekt.",
    "help.plot.sensitivity": "Neem de figuren van de gevoeligheid op.",
    "help.report": "Een op zichzelf staand HTML-rapport voor de raad (standaard in het "
                   "Nederlands): kernboodschap, figuren met leeswijzer, vergelijking van "
                   "de financiering, aannames, methode en verantwoording.",
    "help.report.out": "Het rapport: BESTAND.html.",
    "help.report.pdf": "Druk ook BESTAND.pdf af (vraagt om een headless Chromium).",
    "help.report.voi": "Neem ‘Wat moeten we meten?’ op (de keuze tussen de "
                       "financieringsscenario's en de waarde van informatie, op de eerste "
                       "min(--draws, 20000) trekkingen).",
    "help.update": "Werk een scenario bij met monitoringgegevens (de regel van Bayes per "
                   "invoer) en schrijf het posterior-scenario, met zijn herkomst.",
    "help.update.scenario": "Het scenariobestand (TOML); alleen gegeven: de "
                            "monitoringgegevens (CSV) voor het meegeleverde Groningse "
                            "scenario.",
    "help.update.data": "De monitoringgegevens (CSV, docs/monitoring.md).",
    "help.update.out": "Schrijf het posterior-scenario: BESTAND.toml.",
    "help.update.report": "Toon wat er veranderde: prior en posterior per bijgewerkte "
                          "invoer, de multiplier en het terugverdienjaar voor en na "
                          "(dezelfde trekkingen), en een gewone zin.",
    "help.update.draws": "Aantal Monte-Carlo-trekkingen van --report.",
    "help.update.figures": "Met --report: schrijf ook de figuur update.png en update.svg "
                           "in deze map.",
    "help.update.above": "--report vergelijkt de kans op een multiplier >= dit getal voor "
                         "en na (standaard: de mediane multiplier van de prior, op één "
                         "decimaal).",
    "help.update.date": "Datum in de herkomst, JJJJ-MM-DD (standaard: vandaag, UTC).",
    "help.update.json": "Druk --report af als één JSON-object.",
    "help.warm": "Compileer de rekenkern voor deze machine vooraf, in de cache van numba "
                 "(voor een image of een CI-cache): latere berekeningen starten direct.",
    "help.voi": "Welk financieringsscenario te kiezen, en wat eerst meten waard is: kans "
                "best, verwacht verlies, de efficiëntiegrens, EVPI, EVPPI per activiteit, "
                "initiatief, soort invoer en effectketen, en EVSI van metingen.",
    "help.voi.sources": "Scenariobestand (TOML), of resultaten (.nc/.zarr) geschreven door "
                        "'mcimpact sim --keep-inputs'. Standaard: het meegeleverde Groningse "
                        "scenario. Meerdere scenariobestanden: hun financieringsscenario's "
                        "zijn de opties 'BESTAND:financiering', op dezelfde trekkingen.",
    "help.voi.study": "Een meting KETEN:N (tel de successen van N deelnemers van de keten; "
                      "herhaalbaar). Standaard: 50 deelnemers in elk van de 5 ketens met de "
                      "grootste EVPPI.",
    "help.voi.bands": "Categorieën van waar-voor-je-geld van de multiplier als "
                      "NAAM:ONDERGRENS,... (oplopend; de eerste mag -inf zijn). Standaard: "
                      "die van het Britse DfT.",
    "help.voi.top": "Regels per EVPPI-tabel.",
    "help.voi.assumptions": "Ook de gevoeligheid voor vaste aannames (discontovoet, "
                            "optimismecorrectie, verhoging, verzadiging, kans op geen "
                            "verlenging), elk opnieuw berekend op de eerste min(--draws, "
                            "5000) trekkingen.",
    "help.voi.figures": "Schrijf ook de aanvaardbaarheidscurve (en met --assumptions hun "
                        "tornado- en spindiagram) als PNG en SVG in deze map.",
    "help.voi.force": "Schrijf --figures in een map die niet leeg is.",
    # mcimpact update --report: what the measurements changed (the terminal's tables)
    "update.inputs": "Bijgewerkte invoer (prior → posterior: gemiddelde [p5 – p95])",
    "update.col.chain": "keten",
    "update.col.input": "invoer",
    "update.col.prior": "prior",
    "update.col.posterior": "posterior",
    "update.col.data": "metingen",
    "update.col.method": "methode",
    "update.figures": "Multiplier en terugverdienjaar voor en na ({draws} trekkingen, "
                      "dezelfde trekkingen)",
    "update.col.before": "voor",
    "update.col.after": "na",
    "update.multiplier": "multiplier: gemiddelde [p5 – p95]",
    "update.p_gt_1": "kans op multiplier > 1",
    "update.p_ge_3": "kans op multiplier ≥ 3",
    "update.p_above": "kans op multiplier ≥ {x}",
    "update.break_even": "terugverdienjaar (mediaan)",
    "update.p_never": "kans: niet terugverdiend binnen de horizon",
    "update.sentence.up": "Na de metingen van {years} is de kans op een multiplier van "
                          "{above} of meer gestegen van {before} naar {after}.",
    "update.sentence.down": "Na de metingen van {years} is de kans op een multiplier van "
                            "{above} of meer gedaald van {before} naar {after}.",
    "update.sentence.same": "Na de metingen van {years} is de kans op een multiplier van "
                            "{above} of meer gelijk gebleven: {before}.",
    "update.years.none": "?",
    # ... the data on an input, from its sufficient statistics
    "update.evidence.successes": "{s} van {n} gevolgde mensen geslaagd",
    "update.evidence.participants_one": "{y} mensen bereikt in 1 cohortjaar",
    "update.evidence.participants": "{y} mensen bereikt in {k} cohortjaren",
    "update.evidence.effect": "effect {m} ± {se} (gewogen naar precisie)",
    # ... how the posterior was found ({method} ({how}))
    "update.method": "{method} ({how})",
    "update.method.beta_binomial": "bèta-binomiaal",
    "update.method.gamma_poisson": "gamma-Poisson",
    "update.method.normal_normal": "normaal-normaal (afgekapt)",
    "update.method.grid": "roosterposterior, benaderd door {kind}",
    "update.method.pool": "partiële pooling (pool ‘{name}’)",
    "update.exact": "exact",
    "update.fit": "fitfout {e}",
    # ... its figure
    "update.figure.prior": "prior (oordeel)",
    "update.figure.posterior": "posterior (oordeel + metingen)",
    "update.figure.exceedance": "kans op een multiplier van x of meer",
    "update.figure.before": "voor de metingen",
    "update.figure.after": "na de metingen",
    # The report's section "What changed after the measurements?" (a posterior scenario)
    "changed.title": "Wat is er veranderd na de metingen?",
    "changed.intro": "Dit rapport gaat over een bijgewerkt scenario (een posterior): {inputs} "
                     "van {chains} zijn met mcimpact update bijgewerkt met de metingen van "
                     "{years}, volgens de regel van Bayes: het oordeel van de analyse (de "
                     "prior) gecombineerd met wat gemeten is. Alle cijfers van dit rapport "
                     "buiten deze paragraaf zijn die van na de metingen.",
    "changed.before": "‘Voor’ is het oordeel zonder de metingen: dit scenario met elke "
                      "bijgewerkte invoer terug op de prior die in de herkomstgegevens van "
                      "het bestand staat (het oorspronkelijke bestand wordt daar alleen met "
                      "naam en SHA-256 genoemd), berekend op dezelfde {draws} trekkingen als "
                      "‘na’, de berekening van dit rapport. Het verschil komt dus alleen door "
                      "de metingen.",
    "changed.input_one": "1 invoergrootheid",
    "changed.input_many": "{n} invoergrootheden",
    "changed.chain_one": "1 effectketen",
    "changed.chain_many": "{n} effectketens",
    "changed.inputs_caption": "Bijgewerkte invoer: het oordeel vooraf (prior) en na de "
                              "metingen (posterior), gemiddelde (90\u00a0%-interval)",
    "changed.col.chain": "Keten",
    "changed.col.input": "Invoer",
    "changed.col.prior": "Vooraf (prior)",
    "changed.col.posterior": "Na de metingen (posterior)",
    "changed.col.data": "Metingen",
    "changed.col.method": "Methode",
    "changed.figures_caption": "Multiplier en terugverdienjaar van ‘{name}’, voor en na de "
                               "metingen (dezelfde {draws} trekkingen)",
    "changed.col.before": "Voor de metingen",
    "changed.col.after": "Na de metingen",
    "changed.multiplier": "Multiplier: mediaan (90\u00a0%-interval)",
    "changed.multiplier_mean": "Multiplier: gemiddelde",
    "changed.p_gt_1": "Kans op een multiplier boven 1",
    "changed.p_above": "Kans op een multiplier van {x} of meer",
    "changed.break_even": "Terugverdienjaar: mediaan (90\u00a0%-interval)",
    "changed.p_never": "Kans: niet terugverdiend binnen de horizon",
    "changed.figure_title": "Oordeel en metingen per bijgewerkte invoer; de multiplier voor "
                            "en na",
    "changed.figure_reading": "Per bijgewerkte invoer het oordeel vooraf (gestreept) en na de "
                              "metingen (doorgetrokken): hoe smaller en verder verschoven, "
                              "hoe meer de metingen zeggen. Het laatste paneel: de kans op "
                              "een multiplier van x of meer, voor en na de metingen; de "
                              "stippellijn staat bij {x}.",
    "changed.provenance": "Herkomst van de bijwerking",
    "changed.prior_file": "Oorspronkelijk scenario (prior)",
    "changed.prior_sha256": "SHA-256",
    "changed.data_file": "Meetgegevens",
    "changed.data_sha256": "SHA-256",
    "changed.rows": "{path} ({n} rijen)",
    "changed.written_by": "Bijgewerkt door",
    "changed.date": "Datum van de bijwerking",
    # The decision between the financing scenarios: the acceptability curve, the
    # assumptions' tornado and spider chart (mcimpact voi --figures, the report)
    "decision.title": "Hoe zeker levert {each} minstens x op?",
    "decision.subtitle": "Kans dat de multiplier minstens x is, per financieringsscenario "
                         "({n} trekkingen)",
    "decision.x": "multiplier x (opbrengst per {cur} kosten)",
    "decision.y": "kans dat de multiplier ≥ x",
    "decision.break_even": "kosten = baten",
    "decision.reading": "Elke lijn geeft per financieringsscenario de kans dat "
                        "{each_invested} minstens x {curs} oplevert; links van de "
                        "stippellijn verdienen de kosten zich niet terug.",
    "decision.tornado_title": "Wat als een vaste aanname anders is?",
    "decision.tornado_subtitle": "Verwachte multiplier van ‘{option}’ bij de lage en hoge "
                                 "waarde van elke aanname (dezelfde trekkingen); basis {base}",
    "decision.tornado_x": "verwachte multiplier",
    "decision.spider_subtitle": "Verwachte multiplier van ‘{option}’ van de lage naar de hoge "
                                "waarde van elke aanname (dezelfde trekkingen); basis {base}",
    "decision.spider_x": "plaats in het bereik van de aanname (0 = laag, 1 = hoog)",
    "decision.spider_label": "{name} ({low} – {high})",
    "decision.low": "laag",
    "decision.high": "hoog",
    # The report's section "What should we measure first?"
    "measure.title": "Wat moeten we meten?",
    "measure.none": "‘{best}’ heeft in elke trekking de hoogste netto opbrengst: geen meting "
                    "kan de keuze veranderen, dus informatie is voor deze keuze niets waard.",
    "measure.evpi": "Alle onzekerheid wegnemen vóór de keuze is ongeveer {evpi} waard.",
    "measure.first": "Het meest waard om eerst te meten is ‘{name}’ (ongeveer {value}).",
    "measure.elsewhere": "De invoer van geen enkele activiteit is meer dan 1\u00a0% daarvan "
                         "waard (de hoogste: ‘{name}’, ongeveer {value}): het risico van een "
                         "verkeerde keuze zit elders, zoals in de verlenging of de kosten.",
    "measure.study": "De successen tellen van {n} deelnemers van ‘{chain}’ is ongeveer "
                     "{value} waard vóór de beslissing.",
    "measure.options_caption": "De keuze tussen de financieringsscenario's (dezelfde "
                               "trekkingen)",
    "measure.col.scenario": "scenario",
    "measure.col.expected": "verwachte netto opbrengst",
    "measure.col.p_best": "kans beste keuze",
    "measure.col.loss": "verwacht verlies",
    "measure.col.p_nonneg": "kans netto opbrengst ≥ 0",
    "measure.evppi_caption": "Waarde van perfecte informatie per activiteit (EVPPI)",
    "measure.evsi_caption": "Waarde van een meting: de successen tellen van n deelnemers "
                            "(EVSI)",
    "measure.col.name": "activiteit",
    "measure.col.study": "meting",
    "measure.col.evppi": "EVPPI",
    "measure.col.evsi": "EVSI",
    "measure.col.se": "standaardfout",
    "measure.study_name": "{chain} (n = {n})",
    "measure.switching_caption": "Omslagwaarden voor ‘{best}’: met welke factor op de "
                                 "schatting de multiplier 1 wordt, of een ander scenario het "
                                 "beste",
    "measure.col.estimate": "schatting",
    "measure.col.multiplier_one": "multiplier 1 bij factor",
    "measure.col.decision": "keuze verandert bij factor",
    "measure.col.then_best": "dan het beste",
    # Errors of the library (OutputError, ResourceError), by reason, with the flag to use
    "or": " of ",
    "error.output.format": "{path}: onbekend uitvoerformaat '{suffix}'; gebruik {suffixes}",
    "error.output.no-directory": "{directory}: map bestaat niet",
    "error.output.exists": "{path}: bestaat al; gebruik --force om het te overschrijven",
    "error.output.other-kind": "{path}: bestaat al en is geen uitvoer van deze soort; "
                               "--force vervangt alleen uitvoer van dezelfde soort",
    "error.output.other-kind.directory": "{path}: bestaat al en is een map, geen uitvoer "
                                         "van deze soort; --force vervangt alleen uitvoer "
                                         "van dezelfde soort",
    "error.output.other-kind.file": "{path}: bestaat al en is een bestand, geen uitvoer van "
                                    "deze soort; --force vervangt alleen uitvoer van "
                                    "dezelfde soort",
    "error.output.not-written": "{path}: er is niets geschreven (niets op {staged})",
    "error.output.nothing-to-resume": "{partial}: niets om te hervatten (geen onderbroken "
                                      "berekening schrijft {path})",
    "error.output.partial-not-directory": "{partial}: bestaat al en is geen map; verwijder "
                                          "het",
    "error.output.interrupted": "{partial}: een onderbroken berekening van {path}; hervat "
                                "die met --resume, of begin opnieuw met --force",
    "error.output.resume-precision": "--resume vraagt om een vast aantal trekkingen "
                                     "(--draws), niet om --precision",
    "error.output.resume-needs-zarr": "--resume hervat een Zarr-opslag (--out MAP.zarr)",
    "error.output.not-resumable": "{partial}: geen onderbroken berekening van mcimpact die "
                                  "te hervatten is ({detail})",
    "error.output.another-run": "{partial}: een andere berekening; --resume hervat alleen "
                                "dezelfde, maar hier {detail}",
    "error.output.other-version": "{partial}: geschreven door een andere versie van "
                                  "mcimpact (zonder {missing}); begin opnieuw met --force",
    "error.output.cluster-netcdf": "{path}: op een cluster gaan de resultaten per trekking "
                                   "naar een Zarr-opslag (--out MAP.zarr), niet naar NetCDF",
    "error.output.not-empty": "{directory}: bestaat al en is geen lege map; gebruik --force "
                              "om erin te schrijven",
    "error.output.no-chromium": "--pdf vraagt om een headless Chromium op het PATH (Debian: "
                                "apt-get install chromium)",
    "error.output.pdf-failed": "de PDF afdrukken is mislukt: {detail}",
    "error.cluster.dask-differs": "de dask-pakketten van het cluster verschillen: {detail}",
    "error.cluster.no-workers": "het cluster heeft geen workers",
    "error.cluster.other-versions": "de workers draaien andere versies dan dit proces: {differ}",
    "error.cluster.no-dask": "rekenen op een cluster vraagt om de extra dask: pip install "
                             "'mcimpact[dask]'",
    "error.cluster.unreachable": "de scheduler op {scheduler} is niet bereikbaar: {detail}",
    "error.resource.draws": "{draws} trekkingen van {financing} financieringsscenario('s) "
                            "vragen meer {where} dan deze computer vrij heeft (ruimte voor "
                            "ongeveer {fit}); gebruik minder trekkingen, of minder "
                            "financieringsscenario's met --financing",
    "error.resource.where.memory": "geheugen",
    "error.resource.where.disk": "schijfruimte in {path}",
    "error.resource.analyses": "{draws} trekkingen van {financing} financieringsscenario('s) "
                               "vragen meer geheugen dan deze computer vrij heeft voor de "
                               "gevraagde analyses (ongeveer {gib} GiB); gebruik minder "
                               "trekkingen, of minder financieringsscenario's met "
                               "--financing",
    # first run (issue 20)
    "term.first_run": "de rekenkern wordt voor deze machine voorbereid, alleen de eerste keer …",
    "term.compiling": "rekenkern compileren",
    "term.warm_done": "rekenkern klaar voor deze machine ({seconds} s); berekeningen "
                      "starten direct",
    # -- de werkbank (mcimpact app; src/mcimpact/app/, docs/app.md) ------------------------
    "app.title": "mcimpact-werkbank",
    "app.warming": "De rekenkern wordt op de achtergrond voorbereid (de eerste keer na een "
                   "installatie duurt dat tot een minuut)…",
    "app.language": "Taal",
    "app.edited": "bewerkt",
    "app.tab.load": "Scenario",
    "app.tab.edit": "Bewerken",
    "app.tab.results": "Doorrekenen",
    "app.tab.calculator": "Rekenhulp",
    "app.tab.home": "Meenemen",
    "app.problems.title": "Het scenario bevat fouten; er wordt niets doorgerekend tot ze "
                          "hersteld zijn",
    "app.error.problems": "het scenario bevat fouten: herstel die eerst",
    "app.error.no_results": "nog geen uitkomsten: reken eerst",
    "app.error.no_pdf": "geen Chromium op deze computer om een PDF te maken",
    "app.error.calculator_alone": "een rekenhulp reist alleen: neem de waarden uit de "
                                  "waardebibliotheken eerst over in [values]",
    "app.error.whole_number": "{name}: een geheel getal van {least} tot en met {most}",
    "app.load.title": "Een scenario laden",
    "app.load.intro": "Begin met het meegeleverde Groningse scenario, of upload een eigen "
                      "scenariobestand (TOML) of spreadsheet (.xlsx). Niets verlaat deze "
                      "computer.",
    "app.load.bundled": "Meegeleverd scenario (Groningen)",
    "app.load.upload": "Een bestand uploaden (TOML of .xlsx)…",
    "app.about.file": "Bestand",
    "app.about.origin": "Van",
    "app.about.title": "Naam",
    "app.about.description": "Beschrijving",
    "app.about.chains": "Effectketens",
    "app.about.initiatives": "Initiatieven",
    "app.about.financing": "Financieringsscenario's",
    "app.origin.bundled": "het meegeleverde scenario",
    "app.origin.file": "de opdrachtregel",
    "app.origin.upload": "een upload",
    "app.origin.calculator": "een rekenhulpbestand",
    "app.origin.none": "–",
    "app.edit.title": "Invoer per effectketen",
    "app.edit.intro": "Elke cel bevat een waarde zoals een scenariobestand die schrijft: een "
                      "getal (250), een label (laag-middel), een bandbreedte uit een "
                      "werksessie ({ low = 70, high = 300 }) of een verdeling ({ dist = "
                      "\"pert\", min = 1, mode = 2, max = 4 }); een lege cel is de "
                      "standaardwaarde. Klik op een cel voor de verdelingskiezer.",
    "app.edit.initiatives": "Initiatieven en hun kosten",
    "app.edit.financing": "Financieringsscenario's",
    "app.col.chain": "Effectketen",
    "app.col.participants": "Deelnemers",
    "app.col.success_probability": "Slagingskans",
    "app.col.effect_size": "Delta",
    "app.col.value": "Waarde per persoon per jaar",
    "app.col.profile": "Verloop",
    "app.col.deadweight": "Deadweight",
    "app.col.attribution": "Attributie",
    "app.col.displacement": "Verplaatsing",
    "app.col.drop_off": "Afname per jaar",
    "app.col.initiative": "Initiatief",
    "app.col.costs": "Kosten per jaar",
    "app.col.optimism_bias": "Optimisme-opslag",
    "app.col.financing": "Financieringsscenario",
    "app.col.funding": "Extra financiering",
    "app.col.multiplier": "Multiplier (mediaan [90%-interval])",
    "app.col.costs_mean": "Kosten (gemiddeld)",
    "app.col.benefits_mean": "Baten (gemiddeld)",
    "app.col.break_even": "Terugverdiend (mediaan)",
    "app.col.p_gt_1": "Kans baten > kosten",
    "app.col.activity": "Activiteit",
    "app.col.median": "Mediaan",
    "app.col.interval": "90%-interval",
    "app.cell.not_value": "'{text}' is geen waarde: schrijf een getal, een label of een "
                          "tabel zoals in een scenariobestand ({{ dist = \"pert\", min = 1, "
                          "mode = 2, max = 4 }})",
    "app.picker.kind": "Soort",
    "app.picker.kind.default": "standaard (leeg)",
    "app.picker.kind.number": "een getal",
    "app.picker.kind.label": "een label",
    "app.picker.kind.range": "een bandbreedte (laag, hoog, zekerheid)",
    "app.picker.kind.fixed": "vast (zeker)",
    "app.picker.kind.uniform": "uniform",
    "app.picker.kind.triangular": "driehoek",
    "app.picker.kind.pert": "PERT",
    "app.picker.kind.beta": "bèta",
    "app.picker.kind.truncnormal": "afgekapt normaal",
    "app.picker.kind.lognormal": "lognormaal",
    "app.picker.kind.poisson": "Poisson",
    "app.picker.kind.negbinomial": "negatief binomiaal",
    "app.picker.kind.toml": "zoals geschreven (TOML)",
    "app.picker.apply": "Gebruiken",
    "app.picker.close": "Sluiten",
    "app.picker.valid": "geldig",
    "app.picker.fixed": "vast op {point}",
    "app.picker.range": "gemiddeld {point}; met 90% zekerheid tussen {p5} en {p95}",
    "app.live.label": "Direct doorrekenen",
    "app.live.title": "Direct doorrekenen",
    "app.live.running": "bezig met herberekenen…",
    "app.live.invalid": "herstel eerst de fouten",
    "app.live.redrawn": "opnieuw getekend {seconds} s na de wijziging ({draws} trekkingen)",
    "app.results.title": "Doorrekenen en bekijken",
    "app.run.draws": "Trekkingen",
    "app.run.seed": "Startwaarde (seed)",
    "app.run.start": "Doorrekenen",
    "app.run.cancel": "Afbreken",
    "app.run.progress": "{done} van {total} trekkingen",
    "app.run.stage": "nu: {stage}",
    "app.run.cancelled": "De berekening is afgebroken.",
    "app.stage.summary": "de samenvatting",
    "app.stage.point": "de puntschatting",
    "app.stage.sensitivity": "de gevoeligheidsanalyse",
    "app.stage.drivers": "wat de andere financieringsscenario's bepaalt",
    "app.stage.decision": "de keuze tussen de financieringsscenario's",
    "app.stage.voi": "wat we eerst moeten meten",
    "app.stage.switching": "de omslagwaarden",
    "app.stage.changed": "wat de metingen veranderden",
    "app.stage.figures": "de figuren",
    "app.results.stale": "Deze uitkomsten horen bij een eerdere versie van het scenario: "
                         "reken opnieuw door voor de huidige.",
    "app.results.about": "{draws} trekkingen, seed {seed}; het referentiescenario is "
                         "{reference}.",
    "app.results.financing": "Financieringsscenario's",
    "app.results.activity": "Baten per activiteit ({unit})",
    "app.results.tag": "Baten per {group} ({unit})",
    "app.results.ranking": "Wat de onzekerheid bepaalt (activiteiten, grootste aandeel in de "
                           "variantie van de multiplier eerst)",
    "app.calc.title": "Rekenhulp voor de raad",
    "app.calc.intro": "Kies de invoer die de raad mag verschuiven; al het andere blijft "
                      "zoals het is. De rekenhulp wordt opgeslagen als één bestand dat "
                      "iedereen opent met mcimpact app BESTAND.",
    "app.calc.name": "Titel",
    "app.calc.add": "Toevoegen als schuifregelaar",
    "app.calc.save": "Rekenhulp opslaan",
    "app.calc.none": "Nog geen schuifregelaars: kies hierboven een invoer.",
    "app.home.title": "Meenemen",
    "app.home.intro": "De uitkomsten van de laatste berekening, met de getallen van de "
                      "opdrachtregel voor hetzelfde scenario, dezelfde seed en hetzelfde "
                      "aantal trekkingen; en het scenario zoals het nu is.",
    "app.home.report": "Raadsrapport (HTML)",
    "app.home.pdf": "Raadsrapport (PDF)",
    "app.home.workbook": "Samenvattende tabellen (.xlsx)",
    "app.home.json": "Samenvatting (JSON, als mcimpact sim --json)",
    "app.home.toml": "Scenario (TOML)",
    "app.home.xlsx": "Scenario (spreadsheet, .xlsx)",
    "app.home.run_first": "Reken het scenario eerst door voor het rapport, de tabellen en "
                          "de JSON.",
    "app.help.command": "De werkbank: een scenario laden, bewerken en doorrekenen in de "
                        "browser, met direct doorrekenen, een rekenhulp voor de raad en het "
                        "rapport om mee te nemen (een lokale webapp; docs/app.md).",
    "app.help.scenario": "Scenariobestand (TOML of .xlsx) of rekenhulpbestand om te openen. "
                         "Standaard: het meegeleverde Groningse scenario.",
    "app.help.port": "Poort om op te luisteren (0: een willekeurige vrije poort).",
    "app.help.host": "Adres om op te luisteren (standaard: alleen deze computer).",
    "app.help.allow_remote": "Sta toe dat --host een adres is dat andere computers kunnen "
                             "bereiken.",
    "app.help.no_browser": "Geen browser openen; alleen het adres tonen.",
    "app.help.lang": "Taal van de pagina ({languages}); in de pagina om te schakelen.",
    "app.remote_refused": "met --host {host} kunnen andere computers de werkbank bereiken; "
                          "voeg --allow-remote toe als dat de bedoeling is",
    "app.remote_warning": "waarschuwing: de werkbank luistert op {host}: iedereen op het "
                          "netwerk met het adres en zijn token kan hem gebruiken en uw "
                          "scenario lezen.",
    "app.port_taken": "kan niet luisteren op {host}:{port}: {reason} (gebruik --port 0 voor "
                      "een willekeurige vrije poort)",
    "app.stopped": "werkbank gestopt.",
    # Problems of the input files (mcimpact.errors.Message: problem.<reason>)
    "problem.activity_id": "activiteit-id '{id}' moet voldoen aan {pattern}",
    "problem.added_after": "extra financiering moet beginnen na de gefinancierde jaren van het "
                           "initiatief (de kosten lopen tot {last}), gekregen: {first}",
    "problem.array": "verwacht een lijst (array), gekregen: {got}",
    "problem.assumption_in": "verwacht {assumption} in {bottom}{least:g}, {most:g}{top}, "
                             "gekregen: {value!r}",
    "problem.base_year_unused": "alleen time_convention = 'base-year' neemt een base_year (de "
                                "conventie is '{convention}')",
    "problem.beta_ab": "a en b moeten > 0 zijn, gekregen: a = {a:g}, b = {b:g}",
    "problem.beta_mean": "het gemiddelde van een Beta moet in (0, 1) liggen, gekregen: {mean:g}",
    "problem.beta_sd": "sd moet in (0, {limit:.4g}) liggen bij gemiddelde {mean:g}, gekregen: "
                       "{sd:g}",
    "problem.beyond_amount": "{got} is groter dan het grootste bedrag, MAX_AMOUNT = {limit:g}",
    "problem.beyond_count": "{got} is groter dan het grootste aantal, MAX_COUNT = 2**53 = {limit}",
    "problem.bom": "het bestand begint met een bytevolgordemarkering (BOM, U+FEFF); sla het op "
                   "als UTF-8 zonder BOM",
    "problem.by_or_chains": "geef 'by' (een groep) of 'chains' (een lijst met id's van "
                            "effectketens), niet allebei of geen van beide",
    "problem.chain_twice": "effectketen '{chain}' staat twee keer in de lijst",
    "problem.cluster.differ": "{worker}: {package} {theirs} (hier {here})",
    "problem.cohort_outside": "cohortjaar {year} valt buiten de horizon {span}",
    "problem.cohort_twice": "cohortjaar {year} staat twee keer in de lijst",
    "problem.cohorts_by_year": "participants_by_year geeft de cohortjaren al; laat cohorts weg",
    "problem.cohorts_empty": "vraagt om minstens één cohortjaar (of laat het veld weg om de "
                             "gefinancierde jaren van het initiatief te gebruiken)",
    "problem.correlate_by_year": "effectketen '{chain}' geeft participants_by_year: alleen de "
                                 "deelnemers ervan kunnen gecorreleerd worden (de {input} is één "
                                 "voor al de cohortjaren)",
    "problem.correlated_twice": "invoer '{input}' van effectketen '{chain}' staat al in "
                                "correlations[{n}]",
    "problem.csv.at_least": "minstens {least}",
    "problem.csv.column": "kolom '{name}'",
    "problem.csv.column_twice": "kolom '{name}' staat er twee keer",
    "problem.csv.counted_twice": "effectketen '{chain}': de deelnemers van cohortjaar {year} "
                                 "staan al op regel {line}",
    "problem.csv.decimal_point": "; gebruik een decimale punt",
    "problem.csv.finite": "verwacht een eindig getal, gekregen: '{got}'",
    "problem.csv.fixed": "effectketen '{chain}': de {input} ligt vast op {value:g}, en een vaste "
                         "invoer leert niets van gegevens; geef er in het scenario een label of "
                         "een verdeling voor",
    "problem.csv.header": "kopregel",
    "problem.csv.header_column": "kopregel, kolom {n}",
    "problem.csv.missing": "waarde ontbreekt",
    "problem.csv.missing_column": "kolom {missing} ontbreekt; de kopregel vraagt om {columns} (en "
                                  "eventueel se, note, pool)",
    "problem.csv.missing_columns": "kolommen {missing} ontbreken; de kopregel vraagt om {columns} "
                                   "(en eventueel se, note, pool)",
    "problem.csv.n_unused": "een aantal deelnemers neemt geen n; laat die cel leeg",
    "problem.csv.needs_chain": "een id van een effectketen (of een activiteit, "
                               "initiatief:activiteit) is nodig",
    "problem.csv.needs_se": "een effect vraagt om zijn standaardfout se (> 0)",
    "problem.csv.negative": "een negatief aantal",
    "problem.csv.no_header": "het bestand heeft geen kopregel; verwacht de kolommen {columns} (en "
                             "eventueel se, note, pool)",
    "problem.csv.no_pool": "geen",
    "problem.csv.no_rows": "het bestand bevat geen metingen (alleen een kopregel)",
    "problem.csv.no_thousands": "; schrijf het getal zonder scheidingsteken voor duizendtallen",
    "problem.csv.not_utf8": "geen UTF-8-tekst (byte 0x{byte:02x}); sla het bestand op als "
                            "UTF-8-CSV",
    "problem.csv.nul": "het bestand bevat een NUL-teken; het is geen CSV-tekstbestand",
    "problem.csv.number": "verwacht een getal, gekregen: '{got}'{hint}",
    "problem.csv.pool_differs": "effectketen '{chain}': elke successes-regel van een effectketen "
                                "vraagt om dezelfde pool; regel {line} geeft {before}, deze regel "
                                "{pool}",
    "problem.csv.pool_name": "de naam van een pool moet voldoen aan {pattern}, gekregen: '{pool}'",
    "problem.csv.pool_one": "pool '{pool}' heeft één effectketen ('{chain}'); een pool vraagt om "
                            "minstens twee effectketens om kracht van elkaar te lenen",
    "problem.csv.pool_unused": "alleen successes kunnen gepoold worden; laat pool leeg",
    "problem.csv.positive": "verwacht een getal > 0, gekregen: {got}",
    "problem.csv.row": "geen CSV-regel: {detail} (een cel tussen aanhalingstekens moet op zijn "
                       "eigen regel eindigen)",
    "problem.csv.se_unused": "alleen een effect neemt een standaardfout; laat se leeg",
    "problem.csv.successes_n": "{value} successen bij n = {n} gevolgde mensen; het aantal "
                               "successen kan n niet overschrijden",
    "problem.csv.unknown_chain": "onbekende effectketen of activiteit '{target}'; verwacht een id "
                                 "van een effectketen of een activiteit als initiatief:activiteit "
                                 "(bijvoorbeeld {known}{more})",
    "problem.csv.unknown_chain_close": "onbekende effectketen of activiteit '{target}'; verwacht "
                                       "een id van een effectketen of een activiteit als "
                                       "initiatief:activiteit (het meest gelijkend: {known}{more})",
    "problem.csv.unknown_column": "onbekende kolom '{name}'; verwacht {columns}",
    "problem.csv.unknown_measure": "onbekende meting '{measure}'; kies uit: {known}",
    "problem.csv.whole": "verwacht een geheel getal, gekregen: '{got}'{hint}",
    "problem.csv.whole_least": "verwacht een geheel getal >= {least}, gekregen: {got} ({what})",
    "problem.csv.width": "{n} cellen, maar de kopregel heeft {width} kolommen",
    "problem.cycle_unused": "alleen structurele verlenging neemt een cycle (de verlenging is "
                            "'{renewal}')",
    "problem.date": "geen veld van een scenario neemt een datum of een tijd; gekregen: {got}",
    "problem.directory": "is een map, verwacht {expected}",
    "problem.dist_extra": "'{dist}' neemt geen parameter {extra} (parameters: {allowed})",
    "problem.dist_needs": "'{dist}' vraagt om {forms}; gekregen: {{{given}}}",
    "problem.dist_problem": "'{dist}': {problem}",
    "problem.dist_range": "'{dist}' neemt waarden in [{low:g}, {high:g}]; {name} moet in [{lo:g}, "
                          "{hi:g}] liggen",
    "problem.dist_unknown": "onbekende verdeling '{dist}'; kies uit: {kinds}",
    "problem.domain_in_some": "geef een domein in elke effectketen of in geen enkele ({given} van "
                              "de {chains} effectketens geven er een)",
    "problem.duplicate_id": "id '{id}' komt al eerder voor",
    "problem.empty": "het bestand is leeg; een scenario vraagt om een tabel [meta], "
                     "[[initiatives]] en [[chains]]",
    "problem.empty_schedule": "een leeg discontoschema; geef de voet vanaf het startjaar, "
                              "bijvoorbeeld {{ {year} = 0.03 }}, of één voet",
    "problem.entry.id": "{entry} (id '{id}')",
    "problem.expected.csv": "een .csv-bestand",
    "problem.expected.toml": "een .toml-bestand",
    "problem.expected.xlsx": "een .xlsx-werkmap",
    "problem.expected_form": "verwacht een getal of een verdelingstabel {{ dist = ... }}, "
                             "gekregen: {got}",
    "problem.expected_label_form": "verwacht een getal, een label of een verdelingstabel {{ dist "
                                   "= ... }}, gekregen: {got}",
    "problem.field": "veld '{field}'",
    "problem.finite": "moet een eindig getal zijn, gekregen: {got}",
    "problem.fixed_no_risk": "vaste financiering stopt nooit; gebruik renewal = 'structural' of "
                             "'incidental' voor een kans op geen verlenging",
    "problem.got": "{problem}, gekregen: {got}",
    "problem.high_below_low": "verwacht high ≥ low ({low:g}), gekregen: {high:g}",
    "problem.includes": "{n} waardebibliotheken; een scenario neemt er hoogstens MAX_INCLUDES = "
                        "{limit} op",
    "problem.int64": "geheel getal buiten het 64-bitsbereik van TOML, gekregen: {got}",
    "problem.kind.monitoring": "monitoringbestand",
    "problem.kind.scenario": "scenariobestand",
    "problem.kind.workbook": "werkmap",
    "problem.label_certain": "label '{label}' heeft de waarde {mean:g}, die zeker is: geen sd",
    "problem.label_keys": "een labeltabel neemt label en sd, geen {keys} (een verdelingstabel "
                          "vraagt om dist = ...)",
    "problem.label_problem": "label '{label}': {problem}",
    "problem.label_text": "'label' moet een label (tekst) zijn, gekregen: {got}",
    "problem.lag_beyond": "vertraging {lag} legt het hele effect voorbij de horizon van {horizon} "
                          "jaar{later}",
    "problem.lag_convention": " (time_convention '{convention}' laat effecten {shift} jaar na het "
                              "cohortjaar beginnen)",
    "problem.lambda": "lambda moet > 0 zijn",
    "problem.language_code": "'{code}' is geen taalcode (twee of drie kleine letters, "
                             "bijvoorbeeld nl, en, de)",
    "problem.last_before_first": "last_year {last} ligt vóór first_year {first}",
    "problem.library_not_utf8": "de waardebibliotheek '{given}' ({path}) is niet te lezen: geen "
                                "UTF-8-tekst",
    "problem.library_unreadable": "de waardebibliotheek '{given}' ({path}) is niet te lezen: "
                                  "{reason}",
    "problem.listed.more": "{shown}, … ({n} in totaal)",
    "problem.long_number": "een getal dat te lang is om te lezen (duizenden cijfers)",
    "problem.min_max": "min ({min:g}) moet kleiner zijn dan max ({max:g})",
    "problem.missing": "verplicht veld ontbreekt",
    "problem.missing_participants": "verplicht veld ontbreekt (of geef participants_by_year)",
    "problem.mode_within": "mode ({mode:g}) moet binnen [min, max] = [{min:g}, {max:g}] liggen",
    "problem.more": "nog {more} problemen niet getoond ({total} in totaal; hoogstens MAX_PROBLEMS "
                    "= {limit} worden getoond)",
    "problem.more_one": "nog 1 probleem niet getoond ({total} in totaal; hoogstens MAX_PROBLEMS = "
                        "{limit} worden getoond)",
    "problem.name_empty": "een naam is een tekst die niet leeg is",
    "problem.name_twice": "de naam in {code} staat er twee keer: als {code} en in names",
    "problem.needs_base_year": "time_convention = 'base-year' vraagt om het prijsbasisjaar "
                               "base_year, een jaar in {span}",
    "problem.needs_cycle": "structurele verlenging vraagt om een cycle (jaren per "
                           "financieringsperiode)",
    "problem.needs_dist": "een verdelingstabel vraagt om dist = een van: {kinds}",
    "problem.needs_duration": "vorm '{shape}' vraagt om een duration (jaren, >= 1)",
    "problem.needs_first_year": "extra financiering vraagt om een first_year",
    "problem.needs_half_life": "vorm '{shape}' vraagt om een half_life (jaren, > 0)",
    "problem.needs_name": "vraagt om een naam: nl, en of allebei, of names = {{ de = …, … }} (één "
                          "naam geldt voor elke taal)",
    "problem.needs_scale": " (labels vragen om een schaal: [scales.{name}])",
    "problem.needs_uplift_max": "een verhoging vraagt om haar plafond uplift_max (een aandeel in "
                                "[0, 1])",
    "problem.negbin_sd": "sd² ({variance:g}) moet groter zijn dan het gemiddelde ({mean:g}); "
                         "gebruik poisson voor sd² = gemiddelde",
    "problem.neighbourhood_twice": "het initiatief geeft zijn wijk al (de tag 'neighbourhood'); "
                                   "geef haar één keer",
    "problem.no_base_costs": "het initiatief heeft geen basiskosten om de jaarlijkse kosten van "
                             "af te leiden; geef cost_per_year",
    "problem.no_beta": "geen enkele Beta-verdeling heeft P(X < {low:g}) = P(X > {high:g}) = "
                       "{tail:g}; maak de bandbreedte wijder of verlaag de zekerheid",
    "problem.no_cohort_year": "vraagt om minstens één cohortjaar, bijvoorbeeld {{ {year} = 40 }}",
    "problem.no_domains": "het scenario heeft geen domeinen om op te groeperen",
    "problem.no_file": "bestand bestaat niet",
    "problem.no_funded_years": "initiatief '{id}' heeft geen gefinancierde jaren (kosten > 0); "
                               "geef de cohortjaren van de effectketen dus zelf",
    "problem.no_half_life": "vorm '{shape}' neemt geen half_life",
    "problem.non_renewal_one": "moet kleiner zijn dan 1 (bij 1 wordt na de eerste periode niets "
                               "gefinancierd; kort in plaats daarvan last_year in)",
    "problem.not_regular": "is geen gewoon bestand (een apparaat, een FIFO of een socket), "
                           "verwacht {expected}",
    "problem.not_utf8": "geen UTF-8-tekst (byte 0x{byte:02x} in kolom {column}); sla het bestand "
                        "op als UTF-8",
    "problem.noun_empty": "een woord is een tekst die niet leeg is",
    "problem.nul_key": "de sleutel bevat een NUL-teken (U+0000)",
    "problem.nul_name": "niet te lezen: de bestandsnaam bevat een NUL-teken",
    "problem.nul_text": "de tekst bevat een NUL-teken (U+0000)",
    "problem.number_in": "verwacht een getal in [{lo:g}, {hi:g}], gekregen: {got}",
    "problem.of_initiative": "initiatief '{id}': {problem}",
    "problem.or": "{first} of {then}",
    "problem.parameter": "{what}: {problem}",
    "problem.parameter_beyond_count": "parameter '{parameter}' {got} is groter dan het grootste "
                                      "aantal, MAX_COUNT = 2**53 = {limit}",
    "problem.parameter_finite": "{what}: parameter '{parameter}' moet een eindig getal zijn, "
                                "gekregen: {got!r}",
    "problem.parameter_number": "{what}: parameter '{parameter}' moet een getal zijn, gekregen: "
                                "{got}",
    "problem.parameters_unusable": "'{dist}': parameters waarmee deze verdeling niet kan rekenen "
                                   "({detail})",
    "problem.participants_both": "geef participants of participants_by_year, niet allebei",
    "problem.positive": "{name} moet > 0 zijn, gekregen: {value:g}",
    "problem.posterior.one_line": "{path}: chains[{i}] (id '{chain}'): veld '{input}': om ter "
                                  "plekke bijgewerkt te worden moet de invoer geschreven zijn als "
                                  "{input} = WAARDE op één regel van zijn [[chains]]-item",
    "problem.posterior.provenance": "{path}: [provenance]: het bestand heeft een herkomsttabel "
                                    "die niet het blok is dat mcimpact update aan het eind "
                                    "schreef; verwijder haar (of zet het blok terug zoals het "
                                    "geschreven was) om het bestand bij te werken",
    "problem.posterior.read_back": "{path}: het herschreven bestand leest niet terug als de prior "
                                   "met de posterior-waarden (meld het alstublieft)",
    "problem.provenance_unreadable": "het blok [provenance] van een eerdere update is niet te "
                                     "lezen ({kind}: {detail}); het moet blijven zoals mcimpact "
                                     "update het schreef",
    "problem.range": "bandbreedte: {problem}",
    "problem.range_confidence": "bandbreedte: confidence moet in (0, 1) liggen, gekregen: "
                                "{confidence:g}",
    "problem.range_fitted": "bandbreedte: bij de passende {dist}: {problem}",
    "problem.range_keys": "een bandbreedte neemt low, high en confidence, geen {keys} (een "
                          "verdelingstabel vraagt om dist = ...)",
    "problem.range_low_high": "een bandbreedte vraagt om zowel low als high",
    "problem.range_not_for": "voor {name} kan geen bandbreedte gegeven worden; geef een "
                             "verdelingstabel",
    "problem.range_order": "bandbreedte: low ({low:g}) moet kleiner zijn dan high ({high:g})",
    "problem.range_positive": "bandbreedte: low van {name} moet > 0 zijn (er wordt een lognormale "
                              "verdeling bij gezocht)",
    "problem.range_twice": "'{assumption}' heeft al een bandbreedte in sensitivity[{n}]",
    "problem.range_within": "bandbreedte: low en high van {name} moeten strikt binnen (0, 1) "
                            "liggen",
    "problem.rate": "verwacht een voet in [0, 1), gekregen: {rate!r}",
    "problem.schedule_start": "een discontoschema moet beginnen in het startjaar {year}",
    "problem.schema.at_most": "de invoer mag hoogstens {limit} zijn",
    "problem.schema.bool": "de invoer moet een booleaanse waarde zijn (true of false)",
    "problem.schema.float": "de invoer moet een getal zijn",
    "problem.schema.ge": "de invoer moet groter dan of gelijk aan {limit} zijn",
    "problem.schema.gt": "de invoer moet groter dan {limit} zijn",
    "problem.schema.int": "de invoer moet een geheel getal zijn",
    "problem.schema.le": "de invoer moet kleiner dan of gelijk aan {limit} zijn",
    "problem.schema.lt": "de invoer moet kleiner dan {limit} zijn",
    "problem.schema.pattern": "de tekst moet voldoen aan het patroon '{pattern}'",
    "problem.schema.str": "de invoer moet een tekst zijn",
    "problem.sd_number": "'sd' moet een eindig getal zijn, gekregen: {got}",
    "problem.shape_lasts": "vorm '{shape}' duurt {years} jaar; gekregen: duration {duration}",
    "problem.surrogate": "geen UTF-8-tekst (een losse surrogaat-code)",
    "problem.sustained_together": "extra_duration en sustained_years horen bij elkaar",
    "problem.table": "verwacht een tabel, gekregen: {got}",
    "problem.tag_empty": "verwacht een tekst die niet leeg is als waarde van de tag",
    "problem.tag_key": "tagsleutel '{tag}' moet voldoen aan {pattern}",
    "problem.tag_untagged": "'{value}' staat voor de effectketens zonder de tag; kies een andere "
                            "waarde",
    "problem.tail": "[min, max] ligt te ver in de staart van de normale verdeling",
    "problem.text_no_values": "verwacht een getal of een verdelingstabel, gekregen: de tekst "
                              "{text}; een tekst noemt een eenheidswaarde uit [values], en het "
                              "scenario heeft er geen",
    "problem.text_not_label": "verwacht een getal of een verdelingstabel, gekregen: de tekst "
                              "{text}{hint}",
    "problem.tiny_cost": "een bedrag aan kosten is 0 of minstens MIN_COST = {least:g} (zodat geen "
                         "multiplier overloopt), gekregen: {cost:g}",
    "problem.toml": "TOML-syntaxfout: {detail}{at}",
    "problem.toml.column": " (kolom {column})",
    "problem.toml.end": " aan het eind van het bestand",
    "problem.too_deep": "tabellen en lijsten dieper genest dan MAX_NESTING = {limit}",
    "problem.too_large": "het bestand telt {size:,} bytes; een {kind} mag er hoogstens {limit:,} "
                         "tellen (MAX_FILE_BYTES, 4 MiB)",
    "problem.too_short": "vraagt om minstens {n} items, gekregen: {got}",
    "problem.too_short_one": "vraagt om minstens 1 item, gekregen: {got}",
    "problem.unknown": "{what} '{got}'{where} is onbekend; kies uit: {known}",
    "problem.unknown_key": "onbekende sleutel '{name}'",
    "problem.unknown_key_allowed": "onbekende sleutel '{name}'; hier toegestaan: {allowed}",
    "problem.unreadable": "niet te lezen: {detail}",
    "problem.value.array": "een lijst",
    "problem.value.date": "de lokale datum {value}",
    "problem.value.digits": "een geheel getal van {n} cijfers",
    "problem.value.empty_array": "een lege lijst",
    "problem.value.empty_table": "een lege tabel",
    "problem.value.local_datetime": "het lokale tijdstip {value}",
    "problem.value.offset_datetime": "het tijdstip met tijdzone {value}",
    "problem.value.table": "een tabel",
    "problem.value.time": "de lokale tijd {value}",
    "problem.value_in_library": "waarde '{name}' staat ook in de waardebibliotheek {file}; een "
                                "naam wordt één keer vastgelegd",
    "problem.value_name": "de naam van waarde '{name}' moet voldoen aan {pattern}",
    "problem.value_text": "verwacht een getal, een verdelingstabel of een bandbreedte, gekregen: "
                          "de tekst {text}",
    "problem.value_twice": "waarde '{name}' staat ook in {file}; een naam wordt één keer "
                           "vastgelegd",
    "problem.what.activity": "activiteit",
    "problem.what.assumption": "aanname",
    "problem.what.beneficiary": "incasseerder",
    "problem.what.chain": "effectketen",
    "problem.what.discount_preset": "voorinstelling van de discontovoet",
    "problem.what.domain": "domein",
    "problem.what.grouping": "groepering",
    "problem.what.initiative": "initiatief",
    "problem.what.input": "invoer",
    "problem.what.label": "label van {name}",
    "problem.what.noun": "woord",
    "problem.what.range": "bandbreedte",
    "problem.what.renewal": "verlenging",
    "problem.what.shape": "verloopvorm",
    "problem.what.time_convention": "tijdsconventie",
    "problem.what.value": "waarde",
    "problem.where.of_initiative": " van initiatief '{id}'",
    "problem.whole_people": "verwacht een geheel aantal mensen, gekregen: {got!r}",
    "problem.whole_years": "verwacht een geheel aantal jaren, gekregen: {got!r}",
    "problem.year_in": "verwacht een jaar in {span}, gekregen: {year}",
    "problem.year_key": "verwacht een jaar in {span} als sleutel",
    "problem.year_outside": "jaar {year} valt buiten de horizon {span}",
    "problem.calculator.draws": "het aantal trekkingen moet een geheel getal van 100 tot "
                                "{limit:,} zijn",
    "problem.calculator.format": "formaat {given!r}; deze versie leest formaat {format}",
    "problem.calculator.no_text": "de tekst van het scenario ontbreekt",
    "problem.calculator.none": "geen rekenhulpbestand (geen tabel [calculator])",
    "problem.calculator.seed": "seed moet een geheel getal ≥ 0 zijn",
    "problem.calculator.slider": "een schuifregelaar vraagt om chain, input, min, max (getallen)",
    "problem.calculator.slider_input": "de invoer van een schuifregelaar is een van de "
                                       "invoerwaarden van een effectketen, min ≤ max, step > 0",
    "problem.calculator.sliders": "sliders: een lijst van hoogstens {limit}",
    "problem.options.currencies": "de valuta's van de bestanden verschillen ({currencies}): hun "
                                  "opties zijn niet met elkaar te vergelijken",
    "problem.options.none": "geen scenariobestanden om te vergelijken",
    "problem.options.twice": "het bestand '{path}' is twee keer gegeven",
    "problem.update.again": "dit gegevensbestand (sha256 {sha}…) zit al in de posterior, als "
                            "{path} (zie [provenance]); de metingen zouden dubbel tellen",
    "problem.update.cannot": "effectketen '{chain}': {input} ({prior}): {detail}",
    "problem.update.counted": "effectketen '{chain}': de deelnemers van cohortjaar {year} staan "
                              "al in de eerdere gegevens van de posterior",
    "problem.update.exact.beta_binomial": "bèta-binomiaal",
    "problem.update.exact.gamma_poisson": "gamma-Poisson",
    "problem.update.exact.normal_normal": "normaal-normaal (afgekapt)",
    "problem.update.fixed": "ze ligt vast op {value:g}",
    "problem.update.general_refuses": "de algemene methode weigert: {detail}; geef de invoer een "
                                      "{kind}-prior voor een exacte bijwerking, of controleer de "
                                      "gegevens",
    "problem.update.invalid": "de posterior volgens {name} is geen geldige verdeling ({detail})",
    "problem.update.no_candidate": "geen van de verdelingen waarin ze geschreven kan worden (beta, "
                                   "lognormal, pert, truncnormal) heeft het gemiddelde en de sd "
                                   "van de posterior",
    "problem.update.no_grid": "het bereik van de prior past niet op een rooster",
    "problem.update.no_likelihood": "de gegevens zijn nergens aannemelijk waar de prior iets "
                                    "toelaat",
    "problem.update.not_close": "de roosterposterior ligt niet dicht genoeg bij een verdeling "
                                "waarin ze geschreven kan worden (de dichtstbijzijnde, een "
                                "{dist}, heeft Kolmogorov-afstand {error:.3g} > MAX_FIT_ERROR = "
                                "{limit:g}): de gegevens en de prior '{prior}' spreken elkaar te "
                                "veel tegen om door één verdeling beschreven te worden",
    "problem.update.poisson": "een Poisson-aantal (gemiddelde {mean:g}) heeft een bekend "
                              "gemiddelde",
    "problem.update.pool_no_population": "de priors van de effectketens geven geen gemiddelde en "
                                         "spreiding van de populatie",
    "problem.update.pool_not_close": "de gepoolde posterior van effectketen {name} ligt niet "
                                     "dicht genoeg bij een bèta (Kolmogorov-afstand {error:.3g} "
                                     "> MAX_FIT_ERROR = {limit:g}): een effectketen met weinig "
                                     "gegevens houdt de spreiding van de populatie, die één bèta "
                                     "niet beschrijft; volg meer mensen op, of werk de "
                                     "effectketens zonder pool bij",
    "problem.update.pool_refuses": "pool '{pool}': partiële pooling weigert: {detail}",
    "problem.update.prior_label": "label '{label}'",
    "problem.update.too_narrow": "de posterior is te smal voor het rooster",
    "problem.update.unmoved": "{what}, dus gegevens veranderen er niets aan; geef het aantal een "
                              "negatief-binomiale of een andere verdeling om het gemiddelde te "
                              "leren (een gewoon aantal N op of onder 1/participants_cv² is "
                              "Poisson)",
    "problem.update.was_not_pooled": "effectketen '{chain}': de success_probability ervan is "
                                     "eerder zonder pool bijgewerkt; geef de nieuwe regels ook "
                                     "geen pool",
    "problem.update.was_pooled": "effectketen '{chain}': de success_probability ervan is eerder "
                                 "in een pool bijgewerkt; geef de nieuwe regels ook die pool",
    "problem.upload_includes": "een geüpload scenario kan geen waardebibliotheken opnemen (die "
                               "zouden gelezen worden van de computer waarop de werkbank draait); "
                               "neem hun waarden over in [values]",
    "problem.xlsx.also_table": "'{keys}' staat ook als tabel (sleutels met punten) in een andere "
                               "cel; geef een van beide",
    "problem.xlsx.also_value": "'{keys}' staat ook als waarde in een andere cel; geef een van "
                               "beide",
    "problem.xlsx.array_expected": "verwacht een lijst in TOML, bijvoorbeeld [2021, 2022] of "
                                   "\"a\", \"b\"; gekregen: {got}",
    "problem.xlsx.cell_error": "de cel bevat de foutwaarde {error} van het rekenblad",
    "problem.xlsx.column": ", kolom {column}",
    "problem.xlsx.column_twice": "kolom '{name}' staat ook in kolom {other}",
    "problem.xlsx.header_text": "een kolomkop moet een sleutel (tekst) zijn, gekregen: {got}",
    "problem.xlsx.id": "id '{id}'",
    "problem.xlsx.key": "sleutel '{name}'",
    "problem.xlsx.key_is_sheet": "'{name}' is ook een werkblad",
    "problem.xlsx.key_text": "een sleutel moet een tekst zijn, gekregen: {got}",
    "problem.xlsx.key_twice": "sleutel '{name}' staat er twee keer",
    "problem.xlsx.max_cells": "meer dan MAX_CELLS = {limit:,} gevulde cellen",
    "problem.xlsx.max_columns": "meer dan MAX_COLUMNS = {limit:,} kolommen",
    "problem.xlsx.max_rows": "meer dan MAX_ROWS = {limit:,} rijen",
    "problem.xlsx.named": " ({name})",
    "problem.xlsx.no_column_header": "een kolom met waarden maar zonder kolomkop (een sleutel)",
    "problem.xlsx.no_header": "de eerste rij moet de kopregel zijn (de kolomnamen); ze is leeg",
    "problem.xlsx.no_key": "een waarde zonder sleutel",
    "problem.xlsx.no_sheet": "geen werkblad '{sheet}' (een verplichte tabel)",
    "problem.xlsx.not_computed": "een formule zonder opgeslagen waarde ({formula}); open de "
                                 "werkmap in een rekenbladprogramma en sla haar op",
    "problem.xlsx.not_key": "'{text}' is geen sleutel: schrijf a.b voor een sleutel b in tabel a, "
                            "en zet een deel met spaties of punten tussen aanhalingstekens: "
                            "a.\"b c\"",
    "problem.xlsx.not_xlsx": "geen .xlsx-werkmap (een Office Open XML-rekenblad); sla het "
                             "bestand op als 'Excel-werkmap (.xlsx)'",
    "problem.xlsx.root_header": "het werkblad '{sheet}' bevat sleutels buiten elke tabel: de "
                                "kopregel moet '{first}' en '{second}' zijn",
    "problem.xlsx.row": ", rij {row}",
    "problem.xlsx.row_key": "een rij van een werkblad met sleutels vraagt om haar sleutel (tekst) "
                            "in kolom A, gekregen: {got}",
    "problem.xlsx.sheet": "werkblad '{sheet}'{row}{name}{column}",
    "problem.xlsx.sheet_is_key": "'{name}' is ook een sleutel van het werkblad '{sheet}'",
    "problem.xlsx.table_expected": "verwacht een tabel in TOML, bijvoorbeeld {{ 2021 = 100 }}; "
                                   "gekregen: {got}",
    "problem.xlsx.too_large": "de werkmap bevat een scenario van meer dan {limit:,} bytes als "
                              "TOML (MAX_FILE_BYTES)",
    "problem.xlsx.unpacked": "de werkmap pakt uit tot {size:,} bytes; hoogstens {limit:,} "
                             "(MAX_UNPACKED_BYTES)",
    "problem.xlsx.unreadable": "de werkmap is niet te lezen: {detail}",
    "problem.xlsx.value_then_table": "'{keys}' staat in een andere cel als één waarde en hier als "
                                     "tabel (een sleutel met punten); geef een van beide",
    "problem.xlsx.workbook": "werkmap",
    "problem.xlsx.write.control": "{where}: de tekst {text} bevat het stuurteken U+{code:04X}, "
                                  "dat een rekenblad niet kan bevatten",
    "problem.xlsx.write.key_in_tables": "{where}: een tabel van tabellen waarvan de tabellen een "
                                        "sleutel '{name}' hebben (de eerste kolom van het "
                                        "werkblad)",
    "problem.xlsx.write.only_key": "{where}: rijen met als enige sleutel '{name}' zouden gelezen "
                                   "worden als een tabel van tabellen",
    "problem.xlsx.write.root_clash": "een tabel met de naam '{sheet}' en sleutels buiten elke "
                                     "tabel: de werkmap heeft één werkblad met die naam",
    "problem.xlsx.write.sheet_name": "'{name}' kan geen werkblad heten (hoogstens 31 tekens, geen "
                                     "van []:*?/\\)",
}
