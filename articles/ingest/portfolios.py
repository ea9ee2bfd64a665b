"""The words ministries' portfolios are made of, as the tagger and the headline maker read them."""

# Words a ministry's portfolio is made of. A person's name after the portfolio is not among them,
# which is how "Minister of Energy Daler Juma" stops at "Energy".
PORTFOLIO_WORDS = """
Administration Aerospace Affairs Agrarian Agricultural Agriculture Alleviation Animal Arts Atomic Aviation
Budget Business Businesses Chemical Chemicals Children Circular Civil Climate Commerce Communication
Communications Competition Construction Consumer Cooperation Cooperatives Culture Cultural Defence Defense
Development Digital Digitalisation Digitalization Ecology Economic Economy Education Electricity Emergencies
Emergency Employment Energy Enterprise Enterprises Entrepreneurship Environment Environmental European External
Family Finance Financial Fisheries Food Foreign Forestry Gas Geology Government Green Health Healthcare
Heritage High Higher Home Housing Human Hydrocarbons Industrial Industries Industry Information
Infrastructure Innovation Innovations Innovative Integration Interior Internal International Investment
Investments Irrigation Justice Labor Labour Land Lands Legal Livestock Local Logistics Maritime Media Medium
Migration Mine Mineral Mines Mining National Natural New Nuclear Oil Petroleum Planning Policy Population
Poverty Power Press Privatization Property Protection Public Railways Reclamation Reconstruction
Reduction Regional Relations Religious Reserves Resources Revenue Rights Road Roads Rural Science
Secondary Security Situations Small Social Space Sport Sports State Statistics Sustainable
Taxes Technologies Technology Telecommunications Territorial Tourism Trade Transition Transport
Transportation Treasury Urban Veterans Water Welfare Women Works Youth
""".split()
# Written in lower case, these are still a portfolio ("the foreign ministers of", "Czech health minister");
# words such as "new", "state" or "power" are not.
LOWER_CASE_PORTFOLIO = {
    word.casefold()
    for word in """Agriculture Commerce Culture Defence Defense Digital Ecology Economy Education Emergency
    Emergencies Energy Environment Finance Fisheries Foreign Health Industry Infrastructure Interior Internal
    Investment Investments Justice Labor Labour Migration Mining Oil Petroleum Science Situations Sport Sports
    Tourism Trade Transport Treasury Water Resources Natural Affairs Youth Social Protection Communications
    Information Technology Technologies Development Economic""".split()
}
# A portfolio never ends on one of these: "Ministry of European of ..." is no ministry.
ADJECTIVES = {
    word.casefold()
    for word in """Agricultural Atomic Chemical Circular Civil Consumer Cultural Digital Economic Environmental European
    External Financial Foreign Green High Higher Home Human Industrial Innovative Internal International Legal
    Local Maritime Medium National Natural New Nuclear Public Regional Religious Rural Secondary Small Social
    Sustainable Territorial Urban""".split()
}
SHORT_FORMS = {
    "Foreign": "Foreign Affairs",
    "Internal": "Internal Affairs",
    "Home": "Home Affairs",
    "External": "External Affairs",
}
DISPLAY_SPELLING = {"Defense": "Defence", "Labor": "Labour"}
