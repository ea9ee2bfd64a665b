"""Ministries as wire copy names them: the issue's patterns, each ministry under one name, the register's."""

import pytest

from articles.ingest.ministries import find_ministries
from articles.ingest.register import MinistryRegister, read_register_file

REGISTER = MinistryRegister.from_file()
FCDO = "Foreign, Commonwealth and Development Office of the United Kingdom"
TRANSPORT = "Ministry of Digital Development and Transport of Azerbaijan"
UZBEK_TRADE = "Ministry of Investment, Industry and Trade of Uzbekistan"


@pytest.mark.parametrize(
    ("text", "ministries"),
    [
        ("the foreign ministers of Armenia, Georgia and Moldova met in Batumi", [
            "Ministry of Foreign Affairs of Armenia",
            "Ministry of Foreign Affairs of Georgia",
            "Ministry of Foreign Affairs of Moldova",
        ]),
        ("Foreign Ministers Ana Petrova of Bulgaria, Ivan Horvat of Croatia and Marko Ilic of Serbia signed", [
            "Ministry of Foreign Affairs of Bulgaria",
            "Ministry of Foreign Affairs of Serbia",
            "Ministry of Foreign and European Affairs of Croatia",
        ]),
        ("the ministers of economy and of energy of Chile and Peru met", [
            "Ministry of Economy of Chile",
            "Ministry of Economy of Peru",
            "Ministry of Energy of Chile",
            "Ministry of Energy of Peru",
        ]),
        ("The Estonian and Latvian defence ministers signed", [
            "Ministry of Defence of Estonia",
            "Ministry of Defence of Latvia",
        ]),
        ("ministers of agriculture of Kenya Jane Doe and of Uganda John Roe agreed", [
            "Ministry of Agriculture of Kenya",
            "Ministry of Agriculture of Uganda",
        ]),
    ],
)  # fmt: skip
def test_several_countries_or_portfolios_in_one_phrase_are_each_a_ministry(text, ministries):
    assert find_ministries(text, REGISTER) == ministries


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "`", "\u00b4"])
def test_every_kind_of_apostrophe(apostrophe):
    assert find_ministries(f"Kenya{apostrophe}s Minister of Trade said", REGISTER) == ["Ministry of Trade of Kenya"]


def test_commas_inside_a_name_after_the_country_are_one_ministry():
    text = "Chile's Minister of Mining, Energy and Water Resources said the talks went well"
    assert find_ministries(text, REGISTER) == ["Ministry of Mining, Energy and Water Resources of Chile"]


@pytest.mark.parametrize(
    "text",
    [
        "Minister of Investment, Industry and Trade of Uzbekistan Laziz Kudratov",
        "Minister of Investment, Industry, and Trade of Uzbekistan",  # a serial comma
        "Uzbekistan's Minister of Investments, Industry and Trade",  # a plural
        "Uzbek Trade Minister Laziz Kudratov",  # part of its name
        "Uzbekistan's Minister of Investments and Foreign Trade",  # its name before 2023, a variant
    ],
)
def test_one_ministry_however_it_is_named_is_one_tag(text):
    assert find_ministries(text, REGISTER) == ["Ministry of Investment, Industry and Trade of Uzbekistan"]


@pytest.mark.parametrize(
    "text",
    [
        "The Turkish Defence Ministry",
        "the Ministry of National Defence of Türkiye",
        "Turkish Defense Minister Yasar Guler",
    ],
)
def test_defence_ministry_and_ministry_of_national_defence_are_one(text):
    assert find_ministries(text, REGISTER) == ["Ministry of National Defence of Türkiye"]


@pytest.mark.parametrize(
    "text", ["Uzbekistan's Minister of Economy and Finance", "the Uzbek Ministry of Finance and Economy"]
)
def test_a_reordered_name_is_the_same_ministry(text):
    assert find_ministries(text, REGISTER) == ["Ministry of Economy and Finance of Uzbekistan"]


@pytest.mark.parametrize(
    ("text", "ministry"),
    [
        ("Turkish Energy Minister Alparslan Bayraktar", "Ministry of Energy and Natural Resources of Türkiye"),
        ("German Foreign Minister Annalena Baerbock", "Federal Foreign Office of Germany"),
        ("French Foreign Minister", "Ministry for Europe and Foreign Affairs of France"),
        ("U.S. Secretary of State Antony Blinken", "Department of State of the United States"),
        ("the U.S. State Department said", "Department of State of the United States"),
        ("the UK Foreign Office said", FCDO),
        ("Britain's Minister for Europe Stephen Doughty", FCDO),
        ("Iranian Oil Minister Javad Owji", "Ministry of Petroleum of Iran"),
        ("the Kazakh MFA said", "Ministry of Foreign Affairs of Kazakhstan"),
        ("Azerbaijani FM Jeyhun Bayramov", "Ministry of Foreign Affairs of Azerbaijan"),
        ("the Ministry of Foreign Affairs (MFA) of Azerbaijan", "Ministry of Foreign Affairs of Azerbaijan"),
        ("Azerbaijan's Ministry of Digital Development and Transportation", TRANSPORT),
        ("Uzbek Deputy Prime Minister - Minister of Investment, Industry and Trade Laziz Kudratov", UZBEK_TRADE),
        ("Russia's Economy Minister Maxim Reshetnikov", "Ministry of Economic Development of Russia"),
    ],
)  # fmt: skip
def test_found_names_are_folded_onto_the_register(text, ministry):
    assert find_ministries(text, REGISTER) == [ministry]


def test_a_ministry_outside_the_register_gets_the_normal_form():
    assert find_ministries("Pakistan's Minister of Planning Ahsan Iqbal said", REGISTER) == [
        "Ministry of Planning of Pakistan"
    ]
    assert find_ministries("the foreign minister of Pakistan said", REGISTER) == [
        "Ministry of Foreign Affairs of Pakistan"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Minister of State of Qatar Mohammed Al-Khulaifi",
        "Minister-Counsellor of the Embassy of Japan Takeshi Sato",
        "Minister Counsellor of the Embassy of Japan",
        "Prime Minister of Georgia Irakli Kobakhidze",
        "Georgia's Prime Minister",
        "the Cabinet of Ministers of Ukraine approved",
        "Minister of European of Lithuania",  # a portfolio never ends on an adjective
        "the Lithuanian European Minister",
        "Kenya's Minister for Europe",  # a junior post only the register places
    ],
)
def test_ranks_and_offices_that_are_no_ministry(text):
    assert find_ministries(text, REGISTER) == []


def test_a_counterpart_is_the_same_portfolio_of_another_country():
    text = "Minister of Trade of Uganda Francis Mwebesa met his Kenyan counterpart Rebecca Miano in Nairobi."
    assert find_ministries(text, REGISTER) == ["Ministry of Trade of Kenya", "Ministry of Trade of Uganda"]
    # Not when someone else stands between the minister and the counterpart, or the sentence ended.
    text = "Minister of Trade of Uganda Francis Mwebesa attended. President Ruto met his Ugandan counterpart."
    assert find_ministries(text, REGISTER) == ["Ministry of Trade of Uganda"]


def test_a_minister_without_a_country_is_the_story_s_when_it_has_one_country():
    text = "Energy Minister Davis Chirchir said the plant would open in 2026."
    assert find_ministries(text, REGISTER, home_country="Kenya") == ["Ministry of Energy of Kenya"]
    assert find_ministries(text, REGISTER) == []  # never guessed


def test_a_variant_an_editor_adds_folds_the_next_story_onto_the_ministry():
    entries = [(name, country, variants) for name, country, variants in read_register_file() if country == "Kenya"]
    text = "Kenya's Ministry of Mining and Blue Economy said"
    assert find_ministries(text, MinistryRegister(entries)) == ["Ministry of Mining of Kenya"]
    entries.append(("Ministry of Mining, Blue Economy and Maritime Affairs of Kenya", "Kenya", ["Mining"]))
    assert find_ministries(text, MinistryRegister(entries)) == [
        "Ministry of Mining, Blue Economy and Maritime Affairs of Kenya"
    ]


def test_the_register_covers_the_wire_s_countries():
    countries = {country for _name, country, _variants in read_register_file()}
    eu = {
        "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia", "Finland", "France",
        "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta",
        "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden",
    }  # fmt: skip
    region = {
        "Armenia",
        "Azerbaijan",
        "Georgia",
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
        "Turkmenistan",
        "Uzbekistan",
    }
    others = {"Türkiye", "Iran", "Russia", "China", "Ukraine", "United Kingdom", "United States"}
    assert eu | region | others <= countries
