"""Wire copy as each agency writes it: dateline, credit, headline and tags of realistic seeds, one per pattern
(tests/seeds/labelled/ and tests/seeds/patterns/), read with the ministry register as shipped."""

import pytest

from articles.ingest.register import MinistryRegister
from articles.ingest.seeds import parse_seed
from articles.ingest.tagging import TopicVocabulary, propose_tags
from tests.conftest import SAMPLE_SEEDS

REGISTER = MinistryRegister.from_file()


def read(name):
    folder = "patterns" if (SAMPLE_SEEDS / "patterns" / name).exists() else "labelled"
    seed = parse_seed((SAMPLE_SEEDS / folder / name).read_bytes())
    return seed, propose_tags(seed, TopicVocabulary({}), REGISTER)


@pytest.mark.parametrize(
    ("name", "dateline", "credit", "headline"),
    [
        # Trend, no space after the month: "BAKU, Azerbaijan, Sept.24."
        ("02_trend_trade.txt", "BAKU", "Trend",
         "Turkish and Azerbaijani ministers signed a protocol on the preferential trade agreement"),
        # Kazinform: "NUR-SULTAN. KAZINFORM -" and "a Kazinform correspondent reports"
        ("03_kazinform_counterpart.txt", "NUR-SULTAN", "Kazinform",
         "Kazakh Foreign Minister held talks with his Kyrgyz counterpart"),
        # Armenpress: "YEREVAN, APRIL 17, ARMENPRESS."
        ("04_armenpress_europe.txt", "YEREVAN", "Armenpress",
         "Foreign Minister of Armenia Ararat Mirzoyan received the delegation"),
        # Reuters with a date and without: "MOSCOW, Feb 14 (Reuters) -", "NAIROBI (Reuters) -"
        ("05_reuters_finance.txt", "MOSCOW", "Reuters",
         "Russia's Finance Ministry said it would cut its daily foreign currency purchases"),
        ("06_reuters_kenya.txt", "NAIROBI", "Reuters",
         "The country would lift a ban on Ugandan sugar imports after talks"),
        # AZERTAC: "Baku, January 22, AZERTAC."; the titles made short, in the copy's own words
        ("07_azertac_hungary.txt", "BAKU", "AZERTAC",
         "Azerbaijan's Foreign Minister has met with Hungary's Foreign Affairs and Trade Minister"),
        # "BAKU (APA):", "..., APA reports citing the Georgian Foreign Ministry."
        ("08_apa_trilateral.txt", "BAKU", "APA",
         "The foreign ministers of Azerbaijan, Georgia and Türkiye will meet in Tbilisi next week"),
        # "Report informs." with no dateline
        ("09_report_railway.txt", "", "Report", "Uzbek, Kyrgyz ministers discussed the construction"),
        # "BISHKEK (24.kg) -", "..., 24.kg news agency reports."
        ("10_24kg_mudflows.txt", "BISHKEK", "24.kg",
         "Ministry of Emergency Situations of Kyrgyzstan sent rescuers to the Jalal-Abad region"),
        # A ministry's release: "ASTANA -", no agency
        ("11_mfa_release_japan.txt", "ASTANA", "",
         "Kazakhstan's Deputy Foreign Minister met with Minister-Counsellor of the Embassy of Japan"),
        # AzerNews: a byline first, "..., Azernews reports."
        ("13_azernews_oil.txt", "", "AzerNews", "Azerbaijan and Kazakhstan agreed to increase oil transit"),
        ("15_bta_interconnector.txt", "SOFIA", "BTA",
         "Foreign Ministers of Bulgaria, Croatia and Serbia discussed energy security"),
        # "<speaker> said on Wednesday that <statement>": the statement is the news
        ("22_azernews_drilling.txt", "ANKARA", "AzerNews",
         "Türkiye will start drilling a new well in the Black Sea next month"),
        # A quotation, "... told Trend."
        ("23_trend_quote.txt", "BAKU", "Trend",
         "Azerbaijan will double its electricity exports to Georgia and Türkiye by 2027"),
        # "Yesterday, ..."
        ("24_armenpress_meghri.txt", "YEREVAN", "Armenpress",
         "Armenian, Iranian deputy ministers discussed the creation of a free trade zone in Meghri"),
        # "WASHINGTON, DC -"; "..., the State Department said."
        ("25_washington_peace.txt", "WASHINGTON", "",
         "U.S. Secretary of State met with Azerbaijani and Armenian Foreign Ministers"),
        # "(AZERTAC) -" before the lead
        ("26_azertac_veterinary.txt", "", "AZERTAC",
         "Azerbaijani and Turkish ministers signed a memorandum on veterinary cooperation in Ankara"),
        # "NAIROBI -"
        ("27_nairobi_geothermal.txt", "NAIROBI", "",
         "The government would add 500 megawatts of geothermal power to the grid by 2026"),
        # "ASHGABAT. TDH -", "DUSHANBE (Khovar):", "Tashkent, March 3, AZERTAC.", "Tbilisi, 27 February 2024 -"
        ("28_tdh_swap.txt", "ASHGABAT", "TDH", "Turkmen and Iranian Foreign Ministers discussed gas swap deliveries"),
        ("30_azertac_culture.txt", "TASHKENT", "AZERTAC",
         "Azerbaijani and Uzbek Culture Ministers opened the Days of Azerbaijani Culture in Tashkent"),
        ("31_mfa_release_moldova.txt", "TBILISI", "",
         "Georgia's Foreign Minister held a meeting with the Prime Minister of Moldova"),
        # "..., the ministry's press service told Report." / "..., citing Trend."
        ("32_report_trade_houses.txt", "", "Report", "Ministry of Economy of Azerbaijan plans to open trade houses"),
        ("33_citing_trend_sugar.txt", "", "Trend",
         "Kazakhstan's Ministry of Trade and Integration extended the ban on the export of sugar"),
        # "..., Minister ... said at a briefing in Bishkek, reports 24.kg."
        ("34_24kg_border.txt", "", "24.kg",
         "Kyrgyzstan and Tajikistan have completed the delimitation of their state border"),
        ("37_xinhua_briefing.txt", "BEIJING", "Xinhua",
         "China and Iran will continue to deepen their comprehensive strategic partnership"),
        # "..., Trend reports via the Center ..."
        ("44_trend_non_oil.txt", "BAKU", "Trend",
         "Exports of Azerbaijani non-oil products to Russia grew by 12 percent in January-September"),
        # Report's older style: "Baku. 15 June. REPORT.AZ/"
        ("47_report_belarus.txt", "BAKU", "Report",
         "Azerbaijan and Belarus have signed an agreement on military-technical cooperation"),
        ("azertac_reports.txt", "", "AZERTAC",
         "Azerbaijan and Kazakhstan have signed a roadmap on digital cooperation in Astana"),
        ("today_lead.txt", "TASHKENT", "Trend",
         "Uzbekistan's Minister of Energy opened a 500-megawatt solar plant in the Samarkand region"),
        ("city_alone.txt", "BAKU", "",
         "The Ministry of Foreign Affairs of Azerbaijan summoned the ambassador of France on Friday"),
        ("kenyapress.txt", "NAIROBI", "KENYAPRESS",
         "Kenya's Ministry of Health launched a cholera vaccination campaign in Nairobi on Tuesday"),
    ],
)  # fmt: skip
def test_dateline_credit_and_headline_in_each_agency_style(name, dateline, credit, headline):
    seed, _tags = read(name)
    assert (seed.dateline, seed.credit, seed.headline) == (dateline, credit, headline)


@pytest.mark.parametrize(
    ("name", "ministries"),
    [
        # Apostrophes of every kind: ` ' ´ ’
        ("02_trend_trade.txt", ["Ministry of Economy of Azerbaijan", "Ministry of Trade of Türkiye"]),
        ("06_reuters_kenya.txt", [
            "Ministry of Finance, Planning and Economic Development of Uganda",  # commas inside the name
            "Ministry of Trade of Kenya",
            "Ministry of Trade of Uganda",  # "his Ugandan counterpart"
        ]),
        ("09_report_railway.txt", [  # a serial comma: "Investment, Industry, and Trade"
            "Ministry of Economy and Commerce of Kyrgyzstan",
            "Ministry of Investment, Industry and Trade of Uzbekistan",
        ]),
        # "Minister of State for Europe of the United Kingdom": the register gives it to the Foreign Office;
        # "the Foreign Ministry said" names no country
        ("04_armenpress_europe.txt", [
            "Foreign, Commonwealth and Development Office of the United Kingdom",
            "Ministry of Foreign Affairs of Armenia",
        ]),
        # "Minister-Counsellor", "Prime Minister": no ministry
        ("11_mfa_release_japan.txt", ["Ministry of Foreign Affairs of Kazakhstan"]),
        # "The Turkish Defence Ministry" and "the Ministry of National Defence of Türkiye"; "Ministry of Defense"
        ("12_trend_drills.txt", ["Ministry of Defence of Azerbaijan", "Ministry of National Defence of Türkiye"]),
        ("14_reuters_baltic.txt", ["Ministry of Defence of Estonia", "Ministry of Defence of Latvia"]),
        ("15_bta_interconnector.txt", [
            "Ministry of Foreign Affairs of Bulgaria",
            "Ministry of Foreign Affairs of Serbia",
            "Ministry of Foreign and European Affairs of Croatia",
        ]),
        ("16_ap_grid.txt", [
            "Ministry of Economy of Chile",
            "Ministry of Economy of Peru",
            "Ministry of Energy of Chile",
            "Ministry of Energy of Peru",
            "Ministry of Mining of Chile",
        ]),
        ("17_xinhua_maize.txt", [
            "Ministry of Agriculture of Kenya",
            "Ministry of Agriculture of Uganda",
            "Ministry of Livestock and Fisheries of Tanzania",
        ]),
        # "Ministry of Finance and Economy" and "Minister of Economy and Finance": one ministry
        ("19_uza_loan.txt", ["Ministry of Economy and Finance of Uzbekistan"]),
        # "Minister of Investments and Foreign Trade", the ministry's name before 2023
        ("20_trend_textile.txt", [
            "Ministry of Commerce of China",
            "Ministry of Investment, Industry and Trade of Uzbekistan",
        ]),
        ("25_washington_peace.txt", [
            "Department of Energy of the United States",
            "Department of State of the United States",  # "U.S. Secretary of State"
            "Ministry of Foreign Affairs of Armenia",
            "Ministry of Foreign Affairs of Azerbaijan",
        ]),
        # "Energy Minister Davis Chirchir" in a Nairobi story about Kenya alone
        ("27_nairobi_geothermal.txt", ["Ministry of Energy of Kenya"]),
        ("36_reuters_london.txt", [
            "Foreign, Commonwealth and Development Office of the United Kingdom",  # "Britain's Minister for Europe"
            "Ministry of Defence of the United Kingdom",  # "The UK Defence Secretary"
            "Ministry of Foreign Affairs of Georgia",
        ]),
        # "her French counterpart" of the German foreign minister
        ("39_afp_berlin.txt", [
            "Federal Foreign Office of Germany",
            "Federal Ministry for Economic Affairs and Energy of Germany",
            "Ministry for Europe and Foreign Affairs of France",
            "Ministry of the Armed Forces of France",
        ]),
        ("40_irna_oilfields.txt", ["Ministry of Energy of Russia", "Ministry of Petroleum of Iran"]),
        # "Ministry of Labor ..." and "Minister of Labour ..."; a ministry named without its country, Azerbaijan alone
        ("41_trend_pensions.txt", [
            "Ministry of Digital Development and Transport of Azerbaijan",
            "Ministry of Labour and Social Protection of Population of Azerbaijan",
        ]),
        ("42_kazinform_drugs.txt", [
            "Ministry of Internal Affairs of Kazakhstan",
            "Ministry of Internal Affairs of Russia",
        ]),
        ("43_ctk_vaccines.txt", [
            "Ministry of Health of Czechia",
            "Ministry of Health of Slovakia",
            "Ministry of Health, Welfare and Sport of the Netherlands",
        ]),
        ("kenyapress.txt", ["Ministry of Health of Kenya"]),
    ],
)  # fmt: skip
def test_every_ministry_of_each_pattern_is_one_tag_under_its_registered_name(name, ministries):
    assert read(name)[1].ministries == ministries


def test_a_story_s_standfirst_is_the_next_sentence_never_the_headline_s():
    seed, _tags = read("22_azernews_drilling.txt")
    assert seed.standfirst == "The Sakarya gas field produces about 8 million cubic meters of gas per day."
    assert seed.paragraphs[0].startswith("Turkish Energy Minister Alparslan Bayraktar said on Wednesday")
    seed, _tags = read("23_trend_quote.txt")
    assert seed.standfirst == ""  # the next sentence starts "He said": it has lost who he is
