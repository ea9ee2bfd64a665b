"""Tagging: countries, ministries and topics proposed from the copy alone, nothing invented."""

import pytest

from articles.ingest.gazetteer import canonical_country, find_countries, ministry_country
from articles.ingest.seeds import parse_seed
from articles.ingest.tagging import TopicVocabulary, find_ministries, propose_tags
from tests.conftest import SAMPLE_SEEDS, SEED_FILE

VOCABULARY = TopicVocabulary(
    {
        "Energy": ["energy", "natural gas", "hydropower", "electricity", "pipeline"],
        "Trade": ["trade", "export"],
        "Transport": ["transport", "Middle Corridor"],
        "Industrial parks": ["industrial park"],
        "Agriculture": ["wheat", "grain", "farmer"],
        "Health": ["hospital"],
    }
)


def tags_for(path):
    return propose_tags(parse_seed(path.read_bytes()), VOCABULARY)


def test_the_seed_is_tagged_with_both_countries_both_ministries_and_its_topics():
    tags = tags_for(SEED_FILE)
    assert tags.countries == ["Azerbaijan", "Tajikistan"]
    assert tags.ministries == [
        "Ministry of Economy of Azerbaijan",
        "Ministry of Industry and New Technologies of Tajikistan",
    ]
    assert tags.topics == ["Energy", "Industrial parks", "Trade", "Transport"]


def test_a_turkish_story_uses_demonyms_and_the_other_name_of_turkiye():
    tags = tags_for(SAMPLE_SEEDS / "turkiye_energy.txt")
    assert tags.countries == ["Azerbaijan", "Türkiye", "Turkmenistan"]
    assert tags.ministries == ["Ministry of Energy of Azerbaijan", "Ministry of Energy of Türkiye"]
    assert tags.topics == ["Energy", "Trade"]


def test_a_ministry_name_with_commas_is_one_tag():
    tags = tags_for(SAMPLE_SEEDS / "uzbekistan_investment.txt")
    assert tags.ministries == [
        "Ministry of Energy and Water Resources of Tajikistan",
        "Ministry of Investment, Industry and Trade of Uzbekistan",
    ]
    assert tags.countries == ["Tajikistan", "Uzbekistan"]


def test_a_story_with_no_minister_has_no_ministry_tag():
    tags = tags_for(SAMPLE_SEEDS / "kazakhstan_no_ministry.txt")
    assert tags.ministries == []
    assert tags.countries == ["Kazakhstan"]
    assert tags.topics == ["Agriculture", "Trade"]


@pytest.mark.parametrize(
    ("text", "ministry"),
    [
        ("Minister of Economy of Azerbaijan Mikayil Jabbarov said", "Ministry of Economy of Azerbaijan"),
        ("Tajikistan's Minister of Finance Fayziddin Qahhorzoda said", "Ministry of Finance of Tajikistan"),
        ("Tajikistan\u2019s Minister of Finance said", "Ministry of Finance of Tajikistan"),
        (
            "the Azerbaijani Ministry of Digital Development and Transport announced",
            "Ministry of Digital Development and Transport of Azerbaijan",
        ),
        ("Turkish Energy Minister Alparslan Bayraktar", "Ministry of Energy of Türkiye"),
        ("Turkish Energy and Natural Resources Minister", "Ministry of Energy and Natural Resources of Türkiye"),
        ("Turkish Foreign Minister Hakan Fidan", "Ministry of Foreign Affairs of Türkiye"),
        ("Kazakh Deputy Foreign Minister Roman Vassilenko", "Ministry of Foreign Affairs of Kazakhstan"),
        (
            "Ministry of Investment, Industry and Trade of Uzbekistan",
            "Ministry of Investment, Industry and Trade of Uzbekistan",
        ),
        (
            "the Ministry of Labor and Social Protection of Population of the Republic of Azerbaijan",
            "Ministry of Labour and Social Protection of Population of Azerbaijan",
        ),
        ("the Minister of Health of the Netherlands", "Ministry of Health of the Netherlands"),
        ("Georgia's Minister of Defense Irakli Chikovani", "Ministry of Defence of Georgia"),
        ("Energy Minister of Azerbaijan Parviz Shahbazov", "Ministry of Energy of Azerbaijan"),
        ("Deputy Foreign Minister of Azerbaijan Elnur Mammadov", "Ministry of Foreign Affairs of Azerbaijan"),
        ("Minister of External Affairs of India S. Jaishankar", "Ministry of External Affairs of India"),
        ("South Korea's Minister of Science and ICT said", "Ministry of Science and ICT of South Korea"),
        ("the Azerbaijani Ministry of Economy, State Tax Service and others", "Ministry of Economy of Azerbaijan"),
    ],
)
def test_the_ways_wire_copy_names_a_ministry(text, ministry):
    assert find_ministries(text) == [ministry]


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister of Azerbaijan Ali Asadov met the delegation",
        "Turkish Prime Minister",
        "Minister of Economy Mikayil Jabbarov said",  # no country named: not guessed
        "The minister said trade grew",
        "ministry of economy of azerbaijan",  # not written as a name
    ],
)
def test_no_ministry_is_invented(text):
    assert find_ministries(text) == []


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Turkey and Türkiye and Turkish and Turkiye", ["Türkiye"]),
        ("The Tajik delegation", ["Tajikistan"]),
        ("Guinea-Bissau is not Guinea, nor Equatorial Guinea", ["Equatorial Guinea", "Guinea", "Guinea-Bissau"]),
        ("Niger and Nigeria", ["Niger", "Nigeria"]),
        ("Sudan and South Sudan", ["South Sudan", "Sudan"]),
        ("the U.S. and the UK", ["United Kingdom", "United States"]),
        ("Côte d\u2019Ivoire", ["Côte d'Ivoire"]),
        ("the trade turkey at dinner cost US$ 40", []),
        ("US and U.S. and USA", ["United States"]),
        ("Coca-Cola hired Chad Smith and Michael Jordan in New Mexico; Latin American Indian Ocean", []),
        ("President of Chad Mahamat Deby met King Abdullah II of Jordan", ["Chad", "Jordan"]),
    ],
)
def test_countries_by_name_other_name_and_demonym(text, countries):
    assert find_countries(text) == countries


def test_canonical_country_ignores_case_and_accepts_demonyms():
    assert canonical_country("turkey") == "Türkiye"
    assert canonical_country("Tajik") == "Tajikistan"
    assert canonical_country("Atlantis") is None


def test_a_ministry_knows_its_country_from_its_name():
    assert ministry_country("Ministry of Investment, Industry and Trade of Uzbekistan") == "Uzbekistan"
    assert ministry_country("Ministry of Health of the Netherlands") == "Netherlands"
    assert ministry_country("Ministry of Magic") is None


def test_two_ministers_in_one_sentence_are_two_ministries():
    text = "Azerbaijan's Minister of Economy, Energy Minister of Türkiye Alparslan Bayraktar and others"
    assert find_ministries(text) == ["Ministry of Economy of Azerbaijan", "Ministry of Energy of Türkiye"]


def test_topic_keywords_match_whole_words_and_plurals_only():
    vocabulary = TopicVocabulary({"Trade": ["trade", "export"], "Ports": ["port"]})
    assert vocabulary.find_topics("Exports grew") == ["Trade"]
    assert vocabulary.find_topics("Trade-offs at the ports") == ["Ports", "Trade"]
    assert vocabulary.find_topics("The report on support for tradesmen") == []
    assert TopicVocabulary({"Industry": ["industry"]}).find_topics("Heavy industries") == ["Industry"]


def test_a_topic_without_keywords_is_never_proposed():
    assert TopicVocabulary({"Empty": []}).find_topics("anything at all") == []
