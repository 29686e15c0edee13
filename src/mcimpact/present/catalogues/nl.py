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
    "figure.multiplier.point": "Puntschatting: {x}",
    # Figures: break-even
    "figure.break_even.title": "Wanneer verdient de investering zich terug?",
    "figure.break_even.subtitle": "{name} · terugverdiend: opgetelde baten ≥ opgetelde kosten",
    "figure.break_even.axis": "Kans",
    "figure.break_even.bars": "Terugverdiend in dat jaar",
    "figure.break_even.line": "Terugverdiend in of vóór dat jaar",
    "figure.break_even.never": "Niet binnen de horizon ({year}): {p}",
    # Figures: breakdowns
    "figure.by_beneficiary.title": "Wie profiteert? Baten per incasseerder",
    "figure.by_domain.title": "Baten per leefdomein",
    "figure.by_period.title": "Baten per periode",
    "figure.breakdown.axis": "Baten, gemiddelde ({unit}); lijn: {p}-interval",
    "figure.breakdown.axis_point": "Baten ({unit})",
    # Figures: initiatives
    "figure.forest.title": "Opbrengst per {cur}, per initiatief",
    "figure.forest.one": "break-even: 1 {cur} levert 1 {cur} op",
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
    "reading.by-domain": "In welk domein de baten vallen, met het 90\u00a0%-interval.",
    "reading.by-domain-kompas": "In welk leefdomein van het Kompas de baten vallen, met het "
                                "90\u00a0%-interval.",
    "reading.by-period": "Wanneer de baten vallen, per {period}, met het 90\u00a0%-interval.",
    "period.one": "jaar",
    "period.five": "periode van vijf jaar",
    "period.many": "periode van {n} jaar",
    "reading.initiatives": "De multiplier per wijkbedrijf: de stip is de middelste uitkomst, "
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
    "report.h.initiatives": "Per initiatief",
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
    "report.counted_discounted": "Baten tellen mee tot en met {last}, verdisconteerd.",
    "report.counted_undiscounted": "Baten tellen mee tot en met {last}, zonder "
                                   "verdiscontering.",
    "report.labels_head": "Slagingskans en delta",
    "report.labels": "{head} zijn in de analyse woorden ({words}) met een "
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
    "term.break_even": "terugverdiend",
    "term.probabilities": "P(> 1) = {p1}, P(≥ 3) = {p3}, standaardfout (MC) van het "
                          "gemiddelde {se}",
    "term.break_even_mc": "mediaan {median}, 90 %-interval {lo} – {hi}, P(nooit) = {p}",
    "term.after": "later",
    "term.by": "baten per {group} ({unit})",
    "term.group.initiative": "initiatief",
    "term.group.beneficiary": "incasseerder",
    "term.group.domain": "domein",
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
    "sens.col.effect": "effect",
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
    # first run (issue 20)
    "term.first_run": "de sampler wordt voor deze machine voorbereid, alleen de eerste keer …",
    "term.compiling": "sampler compileren",
    "term.warm_done": "sampler klaar voor deze machine ({seconds} s); runs starten direct",
}
