"""Checks on the gazetteer of UN member states (pure data: no Django, no database)."""

import unicodedata

from articles.ingest.country_names import COUNTRIES


def _by_name():
    return {name: (alternatives, adjectives) for name, alternatives, adjectives in COUNTRIES}


def _strings(entry):
    name, alternatives, adjectives = entry
    return (name, *alternatives, *adjectives)


def _ascii_fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _sort_key(name):
    return _ascii_fold(name).casefold()


def test_every_un_member_state_is_listed_once():
    names = [name for name, _, _ in COUNTRIES]
    assert len(COUNTRIES) == 193
    assert len(set(names)) == 193


def test_each_entry_is_a_name_with_a_tuple_of_alternatives_and_a_tuple_of_adjectives():
    for entry in COUNTRIES:
        assert isinstance(entry, tuple) and len(entry) == 3
        name, alternatives, adjectives = entry
        assert isinstance(name, str)
        assert isinstance(alternatives, tuple)
        assert isinstance(adjectives, tuple)
        assert all(isinstance(s, str) for s in alternatives + adjectives)


def test_countries_are_sorted_by_canonical_name_ignoring_case_and_accents():
    names = [name for name, _, _ in COUNTRIES]
    assert names == sorted(names, key=_sort_key)


def test_no_name_or_adjective_belongs_to_two_countries():
    owner = {}
    clashes = []
    for entry in COUNTRIES:
        for text in set(_strings(entry)):
            if text in owner:
                clashes.append((text, owner[text], entry[0]))
            owner[text] = entry[0]
    assert clashes == []


def test_no_string_is_repeated_within_one_country():
    for entry in COUNTRIES:
        strings = _strings(entry)
        assert len(strings) == len(set(strings)), entry[0]


def test_every_string_is_written_as_it_is_capitalised_in_text():
    for entry in COUNTRIES:
        for text in _strings(entry):
            assert text == text.strip() and "  " not in text, repr(text)
            assert text[0].isupper(), repr(text)


def test_every_spelling_with_diacritics_also_has_an_ascii_spelling():
    for entry in COUNTRIES:
        strings = set(_strings(entry))
        for text in strings:
            folded = _ascii_fold(text)
            if folded != text:
                assert folded in strings, f"{entry[0]}: {text!r} lacks {folded!r}"


def test_recent_members_are_listed():
    by_name = _by_name()
    for name in (
        "South Sudan",
        "Montenegro",
        "Serbia",
        "Timor-Leste",
        "Eswatini",
        "North Macedonia",
    ):
        assert name in by_name


def test_observers_and_non_members_are_not_listed():
    everything = {text for entry in COUNTRIES for text in _strings(entry)}
    for outsider in (
        "Holy See",
        "Vatican",
        "Palestine",
        "State of Palestine",
        "Kosovo",
        "Taiwan",
        "Western Sahara",
    ):
        assert outsider not in everything


def test_ambiguous_words_and_adjectives_are_left_out():
    everything = {text for entry in COUNTRIES for text in _strings(entry)}
    for ambiguous in ("Korean", "Korea", "Congolese", "Congo", "Guinean", "CAR"):
        assert ambiguous not in everything


def test_turkiye_is_also_turkey_and_turkish():
    alternatives, adjectives = _by_name()["Türkiye"]
    assert "Turkey" in alternatives
    assert "Turkiye" in alternatives
    assert "Turkish" in adjectives


def test_tajikistan_has_tajik():
    assert "Tajik" in _by_name()["Tajikistan"][1]


def test_azerbaijan_has_azerbaijani():
    assert "Azerbaijani" in _by_name()["Azerbaijan"][1]


def test_united_states_has_us_with_and_without_dots():
    alternatives, adjectives = _by_name()["United States"]
    assert "U.S." in alternatives
    assert "US" in alternatives
    assert "American" in adjectives


def test_dominican_belongs_to_the_dominican_republic_not_dominica():
    by_name = _by_name()
    assert "Dominican" in by_name["Dominican Republic"][1]
    assert by_name["Dominica"][1] == ()


def test_sudanese_and_south_sudanese_go_to_different_countries():
    by_name = _by_name()
    assert "Sudanese" in by_name["Sudan"][1]
    assert "South Sudanese" in by_name["South Sudan"][1]
