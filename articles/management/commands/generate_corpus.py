"""Synthetic wire copy for benchmarks: N seed files, deterministic for a seed, written as they are made.

Stories are dated 2016-2025 in file order, datelined from capitals, credited to wire agencies, and name
ministers in the four phrasings the tagger reads ("Minister of Economy of Azerbaijan", "Tajikistan's
Minister of Energy", "the Azerbaijani Ministry of Energy", "Turkish Energy Minister"), other countries by
name and adjective, and topic keywords. About a fifth of them are Baku energy stories, so one country
tag holds ~20% of the corpus (the benchmark's "tag with 2,000 stories at 10k").
"""

import datetime
import functools
import hashlib
import random
import re
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

FIRST_DAY = datetime.date(2016, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
HOT_SHARE = 0.2  # Baku energy stories: Azerbaijan's tag page is the "big tag" of the benchmark
# A generated file's name; --force replaces only files named so.
GENERATED_NAME = re.compile(r"\A\d{6,}_[0-9a-f]{16}\.txt\Z")

# (dateline city, country as the dateline writes it, canonical name, adjective, weight)
CAPITALS = [
    ("BAKU", "Azerbaijan", "Azerbaijan", "Azerbaijani", 0),  # only the hot stories: see HOT_SHARE
    ("ASTANA", "Kazakhstan", "Kazakhstan", "Kazakh", 40),
    ("TASHKENT", "Uzbekistan", "Uzbekistan", "Uzbek", 36),
    ("DUSHANBE", "Tajikistan", "Tajikistan", "Tajik", 24),
    ("BISHKEK", "Kyrgyzstan", "Kyrgyzstan", "Kyrgyz", 22),
    ("ASHGABAT", "Turkmenistan", "Turkmenistan", "Turkmen", 20),
    ("ANKARA", "Türkiye", "Türkiye", "Turkish", 30),
    ("TBILISI", "Georgia", "Georgia", "Georgian", 18),
    ("YEREVAN", "Armenia", "Armenia", "Armenian", 8),
    ("MOSCOW", "Russia", "Russia", "Russian", 20),
    ("TEHRAN", "Iran", "Iran", "Iranian", 14),
    ("BEIJING", "China", "China", "Chinese", 18),
    ("NEW DELHI", "India", "India", "Indian", 10),
    ("ISLAMABAD", "Pakistan", "Pakistan", "Pakistani", 9),
    ("KABUL", "Afghanistan", "Afghanistan", "Afghan", 4),
    ("BERLIN", "Germany", "Germany", "German", 12),
    ("PARIS", "France", "France", "French", 9),
    ("LONDON", "UK", "United Kingdom", "British", 9),
    ("ROME", "Italy", "Italy", "Italian", 8),
    ("MADRID", "Spain", "Spain", "Spanish", 4),
    ("BRUSSELS", "Belgium", "Belgium", "Belgian", 10),
    ("VIENNA", "Austria", "Austria", "Austrian", 5),
    ("WARSAW", "Poland", "Poland", "Polish", 5),
    ("BUCHAREST", "Romania", "Romania", "Romanian", 5),
    ("SOFIA", "Bulgaria", "Bulgaria", "Bulgarian", 4),
    ("BUDAPEST", "Hungary", "Hungary", "Hungarian", 6),
    ("PRAGUE", "Czech Republic", "Czechia", "Czech", 3),
    ("KYIV", "Ukraine", "Ukraine", "Ukrainian", 8),
    ("MINSK", "Belarus", "Belarus", "Belarusian", 5),
    ("CHISINAU", "Moldova", "Moldova", "Moldovan", 2),
    ("ATHENS", "Greece", "Greece", "Greek", 4),
    ("BELGRADE", "Serbia", "Serbia", "Serbian", 4),
    ("WASHINGTON", "US", "United States", "American", 12),
    ("OTTAWA", "Canada", "Canada", "Canadian", 3),
    ("TOKYO", "Japan", "Japan", "Japanese", 7),
    ("SEOUL", "South Korea", "South Korea", "South Korean", 7),
    ("ABU DHABI", "UAE", "United Arab Emirates", "Emirati", 9),
    ("RIYADH", "Saudi Arabia", "Saudi Arabia", "Saudi", 7),
    ("DOHA", "Qatar", "Qatar", "Qatari", 5),
    ("KUWAIT CITY", "Kuwait", "Kuwait", "Kuwaiti", 2),
    ("MUSCAT", "Oman", "Oman", "Omani", 2),
    ("CAIRO", "Egypt", "Egypt", "Egyptian", 5),
    ("BAGHDAD", "Iraq", "Iraq", "Iraqi", 3),
    ("DHAKA", "Bangladesh", "Bangladesh", "Bangladeshi", 2),
    ("JAKARTA", "Indonesia", "Indonesia", "Indonesian", 3),
    ("KUALA LUMPUR", "Malaysia", "Malaysia", "Malaysian", 3),
    ("HANOI", "Vietnam", "Vietnam", "Vietnamese", 2),
    ("BANGKOK", "Thailand", "Thailand", "Thai", 2),
    ("SINGAPORE", "Singapore", "Singapore", "Singaporean", 2),
    ("ULAANBAATAR", "Mongolia", "Mongolia", "Mongolian", 2),
    ("NAIROBI", "Kenya", "Kenya", "Kenyan", 2),
    ("ABUJA", "Nigeria", "Nigeria", "Nigerian", 2),
    ("PRETORIA", "South Africa", "South Africa", "South African", 2),
    ("ADDIS ABABA", "Ethiopia", "Ethiopia", "Ethiopian", 1),
    ("RABAT", "Morocco", "Morocco", "Moroccan", 2),
    ("ALGIERS", "Algeria", "Algeria", "Algerian", 2),
    ("TUNIS", "Tunisia", "Tunisia", "Tunisian", 1),
    ("BRASILIA", "Brazil", "Brazil", "Brazilian", 2),
    ("BUENOS AIRES", "Argentina", "Argentina", "Argentine", 1),
    ("MEXICO CITY", "Mexico", "Mexico", "Mexican", 1),
    ("SANTIAGO", "Chile", "Chile", "Chilean", 1),
    ("CANBERRA", "Australia", "Australia", "Australian", 1),
    ("OSLO", "Norway", "Norway", "Norwegian", 2),
    ("STOCKHOLM", "Sweden", "Sweden", "Swedish", 2),
    ("HELSINKI", "Finland", "Finland", "Finnish", 1),
    ("COPENHAGEN", "Denmark", "Denmark", "Danish", 1),
    ("THE HAGUE", "Netherlands", "Netherlands", "Dutch", 2),
    ("BERN", "Switzerland", "Switzerland", "Swiss", 2),
    ("LISBON", "Portugal", "Portugal", "Portuguese", 1),
    ("RIGA", "Latvia", "Latvia", "Latvian", 1),
    ("VILNIUS", "Lithuania", "Lithuania", "Lithuanian", 1),
    ("TALLINN", "Estonia", "Estonia", "Estonian", 1),
]
# How copy names a country besides its canonical name.
OTHER_NAMES = {
    "Türkiye": ["Turkey", "Türkiye", "Turkiye"],
    "United Kingdom": ["the UK", "Britain", "the United Kingdom"],
    "United States": ["the US", "the United States"],
    "United Arab Emirates": ["the UAE", "the United Arab Emirates"],
    "Netherlands": ["the Netherlands"],
    "Czechia": ["the Czech Republic", "Czechia"],
    "Kyrgyzstan": ["Kyrgyzstan", "the Kyrgyz Republic"],
}
# The agencies wire copy credits; regional agencies more often.
AGENCIES = ["Trend"] * 6 + ["AzerNews"] * 3 + ["Kazinform"] * 2 + ["Report", "Daryo", "AKIpress", "Reuters", "Xinhua"]

# (portfolio as "Minister of ...", the words before "Minister"); a comma portfolio is only written the first way.
PORTFOLIOS = {
    "Agriculture": [("Agriculture", "Agriculture"), ("Agriculture and Water Resources", None)],
    "Banking and finance": [("Finance", "Finance"), ("Economy and Finance", "Economy and Finance")],
    "Climate and environment": [("Ecology and Natural Resources", "Ecology"), ("Environment", "Environment")],
    "Culture": [("Culture", "Culture"), ("Culture and Tourism", "Culture and Tourism")],
    "Defence and security": [("Defence", "Defence"), ("Internal Affairs", "Internal Affairs")],
    "Diplomacy": [("Foreign Affairs", "Foreign")],
    "Digital economy": [("Digital Development", "Digital Development"), ("Digital Technologies", "Digital")],
    "Education": [("Education", "Education"), ("Science and Higher Education", "Science")],
    "Energy": [("Energy", "Energy"), ("Energy", "Energy"), ("Energy and Natural Resources", "Energy")],
    "Health": [("Health", "Health"), ("Healthcare", "Healthcare")],
    "Industrial parks": [("Economy", "Economy"), ("Industry and New Technologies", "Industry")],
    "Industry": [("Industry and New Technologies", "Industry"), ("Industry and Construction", "Industry")],
    "Investment": [("Investment, Industry and Trade", None), ("Economy", "Economy")],
    "Tourism": [("Culture and Tourism", "Tourism"), ("Economy", "Economy")],
    "Trade": [("Trade", "Trade"), ("Economy", "Economy"), ("Investment, Industry and Trade", None)],
    "Transport": [("Digital Development and Transport", "Transport"), ("Transport and Communications", "Transport")],
    "Water": [("Energy and Water Resources", None), ("Water Resources", None), ("Emergency Situations", None)],
}
# Topics chosen for the stories that are not the hot ones, by weight.
TOPIC_WEIGHTS = {
    "Trade": 12, "Transport": 11, "Energy": 2, "Diplomacy": 8, "Investment": 7, "Agriculture": 6,
    "Industry": 5, "Industrial parks": 3, "Digital economy": 6, "Banking and finance": 6, "Tourism": 5,
    "Education": 4, "Health": 4, "Culture": 4, "Climate and environment": 4, "Defence and security": 4, "Water": 3,
}  # fmt: skip

FIRST_NAMES = (
    "Mikayil Laziz Daler Alparslan Anna Maria Johan Pierre Kenji Ahmed Omar Sergei Elena Nurlan Aibek Rustam "
    "Farid Leyla Giorgi Hans Luca Carlos Ana Wei Arjun Priya Fatima Yusuf Emre Mehmet Olga Ivan Thomas Marta "
    "Peter David Sarah Amina Kwame Tomasz Andrei Zhanar Bakyt Dilnoza Sherzod Kamola Aziz Timur Murat Selin "
    "Kemal Ilham Shahin Samir Vugar Elnur Gulnara Askar Marat Bekzod Jamshid Nodira Kairat Azamat Dmitry Ingrid"
).split()
SURNAMES = (
    "Jabbarov Kudratov Juma Bayraktar Mammadov Huseynov Nazarov Karimov Sultanov Abdullayev Bekov Ismailov "
    "Rahimov Yılmaz Demir Kaya Schmidt Müller Dubois Rossi Bianchi Garcia Lopez Kowalski Novak Horvat Petrov "
    "Ivanov Sokolov Tanaka Sato Kim Chen Wang Sharma Patel Hassan Mansour Haddad Okafor Mensah Silva Santos "
    "Jensen Larsen Virtanen Popescu Georgiev Nagy Kovacs Dvořák Shevchenko Valiyev Qasimov Zhaksylykov "
    "Tursunov Saidov Mirzoyev Ergashev Kurbanov Orazov Atayev Esenov Omurbekov Akhmedov Tokmakov Berdiyev"
).split()
PREFIXES = [
    "On {weekday}, ",
    "In {city}, ",
    "During a visit to {partner_capital}, ",
    "At a forum in {city}, ",
    "Speaking at a briefing on {weekday}, ",
    "In an interview on {weekday}, ",
    "As part of a visit by {a_partner_adj} delegation, ",
]
VERBS = ["discussed", "reviewed", "considered", "looked at", "explored", "talked over", "examined"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
GOODS = ["fruit and vegetables", "textiles", "cement", "fertilisers", "machinery", "pharmaceuticals", "steel"]
RIVERS = ["Vakhsh", "Naryn", "Kura", "Amu Darya", "Syr Darya", "Zarafshan", "Araz"]

# Lead objects ("... held talks with X on <object>") and body sentences, by topic: each holds a keyword.
OBJECTS = {
    "Agriculture": ["the modernisation of irrigation systems", "joint projects in agriculture",
                    "wheat supplies for the coming season", "support for cotton farmers", "livestock breeding"],
    "Banking and finance": ["cooperation between the central banks", "measures to curb inflation",
                            "the listing of state companies on the stock exchange", "a new government bond issue"],
    "Climate and environment": ["climate commitments ahead of the next summit", "emission cuts by 2030",
                                "the protection of biodiversity in the region", "environmental monitoring"],
    "Culture": ["a year of cultural heritage", "a joint exhibition of {adj} artists",
                "an international theatre festival", "the restoration of the national museum"],
    "Defence and security": ["military cooperation", "border security along the shared frontier",
                             "joint exercises of the armed forces", "security cooperation in the region"],
    "Diplomacy": ["the agenda of bilateral relations", "preparations for an official visit",
                  "the opening of a new embassy", "a memorandum of understanding on consultations"],
    "Digital economy": ["the digital transformation of public services", "a joint startup fund",
                        "cybersecurity cooperation", "the use of artificial intelligence in government"],
    "Education": ["academic exchanges between universities", "a branch campus of {a_adj} university",
                  "scholarships for {n} students", "the construction of {n} new schools"],
    "Energy": ["the expansion of the gas pipeline network", "new renewable energy projects",
               "the construction of a {n} megawatt solar power plant", "cooperation in the oil and gas sector",
               "a joint hydropower project on the {river} river", "electricity supplies for the coming winter",
               "wind power projects on the Caspian coast", "natural gas supplies to Europe"],
    "Health": ["cooperation in healthcare", "the construction of a {n}-bed hospital",
               "vaccine production", "the supply of medicine to rural areas"],
    "Industrial parks": ["the creation of an industrial park near {city}", "residents of the special economic zone",
                         "a new technopark for {adj} companies", "the free economic zone on the border"],
    "Industry": ["the development of the aluminum industry", "new manufacturing capacity",
                 "joint ventures in metallurgy", "the chemical industry of the region"],
    "Investment": ["new investment projects worth ${n} million", "the protection of foreign direct investment",
                   "incentives for {adj} investors", "a joint investment fund"],
    "Tourism": ["the growth of tourism between the two countries", "new hotel projects on the coast",
                "a visa-free regime for tourists", "the promotion of tourism routes"],
    "Trade": ["ways to raise trade turnover to ${n} million", "the simplification of customs procedures",
              "a free trade agreement", "the removal of tariffs on {goods}", "the export of {goods} to {partner}"],
    "Transport": ["the development of the Middle Corridor", "a new railway line to {partner}",
                  "cargo transportation through the Caspian seaports", "new flights of the national airline",
                  "the reconstruction of the {city} highway", "the transit corridor through {country}"],
    "Water": ["the rational use of water resources", "water management in the {river} basin",
              "drinking water supply to {n} villages", "the construction of a new reservoir"],
}  # fmt: skip
SENTENCES = {
    "Agriculture": ["The agricultural sector employs about {pct} percent of the working population of {country}.",
                    "The wheat harvest this year is expected to exceed {n} thousand tonnes.",
                    "{adj_cap} farmers will receive subsidised loans for new equipment.",
                    "Cotton remains one of the main crops grown in the {river} valley."],
    "Banking and finance": ["The central bank kept its key interest rate at {pct} percent.",
                            "Annual inflation slowed to {pct} percent in the first half of the year.",
                            "The national currency remained stable against the dollar.",
                            "Shares of {n} companies are now traded on the stock exchange."],
    "Climate and environment": ["{country} plans to cut greenhouse gas emissions by {pct} percent by 2030.",
                                "The sides discussed the results of COP29 and the next climate talks.",
                                "Environmental groups welcomed the decision."],
    "Culture": ["The festival will bring together artists from {n} countries.",
                "The exhibition at the national museum runs until the end of the month.",
                "The theatre troupe from {city} will tour {partner} next spring."],
    "Defence and security": ["The defence ministries agreed a plan of military cooperation for next year.",
                             "Officers of the armed forces will take part in joint training.",
                             "The sides stressed the importance of border security."],
    "Diplomacy": ["The sides noted the high level of bilateral relations.",
                  "The ambassador of {partner} presented a copy of his credentials.",
                  "A memorandum of understanding was signed following the talks.",
                  "The visit of the president is expected to take place later this year."],
    "Digital economy": ["{n} startups from {country} took part in the forum.",
                        "The digital government portal now offers {n} services.",
                        "Telecommunication operators will expand broadband coverage to rural areas.",
                        "Specialists in information technology will be trained under the programme."],
    "Education": ["{n} students from {partner} study at universities in {country}.",
                  "The university will open a joint faculty of engineering.",
                  "The education ministry plans to build {n} new schools by 2030."],
    "Energy": ["The pipeline will carry up to {n} million cubic metres of natural gas a year.",
               "Oil production in {country} reached {n} thousand barrels per day.",
               "The power plant will generate {n} million kilowatt-hours of electricity a year.",
               "Renewable sources are to provide {pct} percent of the country's energy by 2030.",
               "The hydropower station on the {river} river will be commissioned in {year}.",
               "The solar power plant is being built by {a_partner_adj} company."],
    "Health": ["The new hospital will have {n} beds and modern equipment.",
               "The health ministry reported that {pct} percent of residents have been vaccinated.",
               "The sides agreed to cooperate in the production of medicine."],
    "Industrial parks": ["{n} companies are already residents of the industrial park.",
                         "Residents of the free economic zone are exempt from property tax.",
                         "The technopark will host {n} high-tech companies."],
    "Industry": ["The aluminum plant produced {n} thousand tonnes of metal last year.",
                 "Industrial output grew by {pct} percent year on year.",
                 "The manufacturing sector accounts for {pct} percent of the economy."],
    "Investment": ["{partner_adj_cap} investors have put ${n} million into the economy of {country}.",
                   "Foreign direct investment grew by {pct} percent over the year.",
                   "The investment agreement covers {n} projects."],
    "Tourism": ["The number of tourists from {partner} grew by {pct} percent.",
                "{n} new hotels will open on the coast by {year}.",
                "Tourism accounts for {pct} percent of the economy of {country}."],
    "Trade": ["Trade turnover between {country} and {partner} amounted to ${n} million last year.",
              "Exports of {goods} rose by {pct} percent in January-{month}.",
              "The customs services will exchange data electronically.",
              "The sides aim to remove the remaining tariff barriers."],
    "Transport": ["The volume of cargo along the Middle Corridor grew by {pct} percent.",
                  "The railway will cut the travel time to {partner} to {n} hours.",
                  "The seaport handled {n} thousand containers last year.",
                  "Logistics companies from {partner} are interested in the new route."],
    "Water": ["The reservoir will hold {n} million cubic metres.",
              "Water resources of the region are under growing pressure.",
              "{n} villages will receive clean drinking water by {year}."],
}  # fmt: skip
# Sentences that name no topic: what fills out wire copy.
FILLER = [
    "The sides also exchanged views on regional issues.",
    "The meeting was held in a constructive atmosphere.",
    "The parties agreed to hold the next meeting in {partner_capital}.",
    "The working group will meet again in {month_next}.",
    "Both sides expressed interest in expanding their cooperation.",
    "An intergovernmental commission will review the results at the end of the year.",
    "The documents signed during the visit will be implemented step by step.",
    "Details of the agreements were not disclosed.",
    "The meeting was attended by heads of relevant agencies.",
    "Further talks are planned for the second half of {year}.",
]
# Sentences that name other countries, by name and by adjective.
MENTIONS = [
    "{partner} is among the main partners of {country} in the region.",
    "{partner_adj_cap} companies have shown interest in the projects.",
    "Representatives of {third_adj} and {partner_adj} businesses also attended the meeting.",
    "A similar agreement was signed with {third} last year.",
    "Earlier, {a_third_adj} delegation visited {city_title}.",
    "The project is also supported by {third} and {fourth}.",
]
QUOTES = [
    '"We are ready to take our cooperation to a new level," {surname} said.',
    '"This is an important step for our two countries," {surname} told reporters.',
    '"The results of this year are encouraging," {surname} noted.',
    '"We will continue this work together with our {partner_adj} partners," {surname} said.',
]
# Countries other stories mention besides the dateline's, by weight.
MENTIONED = [(c[2], c[3]) for c in CAPITALS] + [
    ("Afghanistan", "Afghan"), ("Belarus", "Belarusian"), ("Israel", "Israeli"), ("Mongolia", "Mongolian"),
    ("Serbia", "Serbian"), ("Slovakia", "Slovak"), ("Croatia", "Croatian"), ("Slovenia", "Slovenian"),
    ("Cuba", "Cuban"), ("Peru", "Peruvian"), ("Colombia", "Colombian"), ("Ghana", "Ghanaian"),
    ("Senegal", "Senegalese"), ("Tanzania", "Tanzanian"), ("Nepal", "Nepalese"), ("Sri Lanka", "Sri Lankan"),
    ("Philippines", "Philippine"), ("New Zealand", "New Zealand"), ("Lebanon", "Lebanese"), ("Libya", "Libyan"),
]  # fmt: skip
CAPITAL_OF = {c[2]: c[0].title() for c in CAPITALS}


class Command(BaseCommand):
    help = (
        "Write N synthetic wire stories as seed files into OUT_DIR, for benchmarks: deterministic for a seed, "
        "dated 2016-2025, with ministers, countries and topic keywords the importer tags."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", metavar="OUT_DIR", help="the folder to write into (created if missing)")
        parser.add_argument("--count", type=int, required=True, help="how many seed files to write")
        parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed writes the same files")
        parser.add_argument(
            "--force", action="store_true", help="write into a non-empty folder, replacing files generated before"
        )

    def handle(self, *args, out_dir, count, seed, force, verbosity, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} exists and is not a folder")
        out.mkdir(parents=True, exist_ok=True)
        existing = list(out.iterdir())
        if existing and not force:
            raise CommandError(f"{out} is not empty ({len(existing)} entries); use --force to write into it")
        for path in existing:
            if path.is_file() and GENERATED_NAME.match(path.name):
                path.unlink()

        started = time.monotonic()
        show_progress = verbosity >= 1 and self.stdout.isatty()
        for done, (name, data) in enumerate(generate(count, seed), start=1):
            (out / name).write_bytes(data)
            if show_progress and (done % 1000 == 0 or done == count):
                rate = done / max(time.monotonic() - started, 1e-6)
                self.stdout.write(f"\r{done}/{count} files, {rate:,.0f}/s ", ending="")
        if show_progress:
            self.stdout.write("")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} seed file(s) to {out} in {elapsed:.1f}s."))


def generate(count, seed=1):
    """(file name, bytes) for each of `count` stories, one at a time, dated in order over 2016-2025."""
    rng = random.Random(seed)
    days = (LAST_DAY - FIRST_DAY).days + 1
    width = max(6, len(str(count - 1)))
    for index in range(count):
        day = FIRST_DAY + datetime.timedelta(days=index * days // count)
        data = story(rng, day, seed).encode("utf-8")
        yield f"{index:0{width}d}_{hashlib.sha256(data).hexdigest()[:16]}.txt", data


_WEIGHTED_CAPITALS = [c for c in CAPITALS for _ in range(c[4])]
_WEIGHTED_TOPICS = [topic for topic, weight in TOPIC_WEIGHTS.items() for _ in range(weight)]


def story(rng, day, seed=1):
    """One story in the seed format: the date marker, the dateline and lead, then 2-7 paragraphs."""
    if rng.random() < HOT_SHARE:
        home, topic = CAPITALS[0], "Energy"
    else:
        home, topic = rng.choice(_WEIGHTED_CAPITALS), rng.choice(_WEIGHTED_TOPICS)
    city, dateline_country, country, adj, _weight = home
    partner, partner_adj = _other(rng, {country})
    third, third_adj = _other(rng, {country, partner})
    fourth, _ = _other(rng, {country, partner, third})
    words = {
        "country": _name(rng, country),
        "adj": adj,
        "adj_cap": _capitalised(adj),
        "a_adj": f"{_a(adj)} {adj}",
        "a_partner_adj": f"{_a(partner_adj)} {partner_adj}",
        "a_third_adj": f"{_a(third_adj)} {third_adj}",
        "partner": _name(rng, partner),
        "partner_adj": partner_adj,
        "partner_adj_cap": _capitalised(partner_adj),
        "partner_capital": CAPITAL_OF.get(partner, city.title()),
        "third": _name(rng, third),
        "third_adj": third_adj,
        "fourth": _name(rng, fourth),
        "city": city.title(),
        "city_title": city.title(),
        "year": str(min(day.year + rng.randint(0, 3), 2030)),
        "month": MONTHS[day.month - 1],
        "month_next": MONTHS[day.month % 12],
        "goods": rng.choice(GOODS),
        "river": rng.choice(RIVERS),
    }
    home_minister = _minister(rng, country, adj, topic, day, seed)
    lead = _lead(rng, topic, home_minister, partner, partner_adj, day, words, seed)
    secondary = rng.choice(_WEIGHTED_TOPICS) if rng.random() < 0.5 else topic
    speaker = home_minister[1].split()[-1] if home_minister and home_minister[1] else None
    paragraphs, used = [lead], set()
    for _ in range(rng.randint(2, 7)):
        sentences = []
        for _ in range(rng.randint(1, 3)):
            template = _sentence(rng, topic, secondary, speaker)
            if template not in used:
                used.add(template)
                sentences.append(_capitalised(_fill(rng, template, words)))
        paragraphs.append(" ".join(sentences) or _capitalised(_fill(rng, rng.choice(FILLER), words)))
    dateline = f"{city}, {dateline_country}, {MONTHS[day.month - 1]} {day.day}."
    return f" date {day.isoformat()} {dateline} " + "\n\n".join(paragraphs) + "\n"


def _sentence(rng, topic, secondary, speaker):
    pick = rng.random()
    if pick < 0.45:
        return rng.choice(SENTENCES[topic])
    if pick < 0.55:
        return rng.choice(SENTENCES[secondary])
    if pick < 0.7:
        return rng.choice(MENTIONS)
    if pick < 0.8 and speaker:
        return rng.choice(QUOTES).replace("{surname}", speaker)
    return rng.choice(FILLER)


def _lead(rng, topic, home_minister, partner, partner_adj, day, words, seed):
    """The lead: one sentence ending in the agency's credit, sometimes a second sentence."""
    subject = _fill(rng, rng.choice(OBJECTS[topic]), words)
    weekday = WEEKDAYS[day.weekday()]
    verb = rng.choice(VERBS)
    where = rng.choice([f"on {weekday}", f"in {words['city']}", f"in {words['city']} on {weekday}", "at a meeting"])
    if home_minister is None:
        opener = rng.choice(
            [
                f"{words['adj_cap']} officials {verb} {subject} with {words['a_partner_adj']} delegation {where}",
                f"{words['country']} and {words['partner']} {verb} {subject} {where}",
                f"Experts from {words['country']} and {words['partner']} {verb} {subject} {where}",
            ]
        )
    else:
        phrase = home_minister[0]
        if rng.random() < 0.4:
            guest = _minister(rng, partner, partner_adj, topic, day, seed, institution=False)
            opener = f"{phrase} held talks on {subject} with {guest[0]} {where}"
        else:
            opener = rng.choice(
                [
                    f"{phrase} {verb} {subject} with {words['a_partner_adj']} delegation {where}",
                    f"{phrase} {verb} {subject} with business leaders from {words['partner']} {where}",
                    f"{phrase} and {words['partner_adj']} officials {verb} {subject} {where}",
                ]
            )
    if rng.random() < 0.5:
        # "The Azerbaijani Ministry ..." reads "the" after a prefix; names and titles keep their capital.
        opener = rng.choice(PREFIXES).format(weekday=weekday, **words) + re.sub(r"\AThe ", "the ", opener)
    agency = rng.choice(AGENCIES)
    credit = rng.choice(
        [f"{agency} reports"] * 6 + [f"reports {agency}", f"{agency} reports with reference to the ministry"]
    )
    lead = _capitalised(f"{opener}, {credit}.")
    if rng.random() < 0.3:
        lead += " " + _capitalised(_fill(rng, rng.choice(FILLER), words))
    return lead


def _minister(rng, country, adj, topic, day, seed, institution=True):
    """(how the copy names a minister, their name), in one of the four phrasings; None for a story without."""
    style = rng.random()
    if style < 0.15:
        return None if institution else (f"{_a(adj)} {adj} delegation", "")
    portfolio, short = rng.choice(PORTFOLIOS[topic])
    name = _minister_name(seed, country, portfolio, day.year // 2)
    place = _name(rng, country)
    if style < 0.45 or short is None:
        return f"Minister of {portfolio} of {place} {name}", name
    if style < 0.65:
        return f"{place}'s Minister of {portfolio} {name}", name
    if style < 0.8 and institution:
        return f"The {adj} Ministry of {portfolio}", ""
    return f"{_capitalised(adj)} {short} Minister {name}", name


@functools.cache
def _minister_name(seed, country, portfolio, term):
    """The same minister for a country's portfolio over a two-year term."""
    rng = random.Random(f"{seed}:{country}:{portfolio}:{term}")
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _other(rng, exclude):
    while True:
        country, adj = rng.choice(MENTIONED)
        if country not in exclude and country != "Azerbaijan":
            return country, adj


def _name(rng, country):
    names = OTHER_NAMES.get(country)
    return rng.choice(names) if names else country


def _fill(rng, template, words):
    if "{n}" in template:
        template = template.replace("{n}", str(rng.choice([rng.randint(2, 99), rng.randint(100, 2500)])))
    if "{pct}" in template:
        template = template.replace("{pct}", f"{rng.randint(1, 60)}.{rng.randint(0, 9)}")
    return template.format_map(words)


def _capitalised(text):
    return text[:1].upper() + text[1:]


def _a(word):
    return "an" if word[:1] in "AEIOU" and not word.startswith(("Uk", "Ur")) else "a"
